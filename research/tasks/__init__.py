"""Experiment kinds, looked up by the ``experiment`` key of a config."""

from __future__ import annotations

from dataclasses import dataclass, field
from logging import Logger
from pathlib import Path
from typing import Callable

from research.config import ExperimentConfig
from research.tables import Table


@dataclass
class RunContext:
    run_dir: Path
    logger: Logger
    progress: bool = True


@dataclass
class TaskOutput:
    tables: dict[str, Table]
    metrics: dict
    predictions: list[dict] = field(default_factory=list)
    input_hash: str = ""
    figures: dict[str, bytes] = field(default_factory=dict)  # name -> PNG bytes (research.figures.png_bytes)
    captions: dict[str, str] = field(default_factory=dict)  # figure name -> one line for results/README.md


@dataclass(frozen=True)
class Task:
    name: str
    config: type[ExperimentConfig]
    run: Callable[[ExperimentConfig, RunContext], TaskOutput]


# One module per experiment kind; each defines TASK.
TASK_MODULES = (
    "research.tasks.benchmark_report",
    "research.tasks.classification",
    "research.tasks.classification_report",
    "research.tasks.dataset_stats",
    "research.tasks.faithfulness_report",
    "research.tasks.summarisation_report",
    "research.tasks.summarization",
)


def load_config(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> ExperimentConfig:
    """Read, override and validate a config against the schema of the task it names (ConfigError otherwise)."""
    from research.config import read_config

    return read_config(path, overrides, {name: task.config for name, task in TASKS.items()})


def _registry() -> dict[str, Task]:
    import importlib

    tasks = [importlib.import_module(name).TASK for name in TASK_MODULES]
    return {task.name: task for task in tasks}


TASKS: dict[str, Task] = _registry()
