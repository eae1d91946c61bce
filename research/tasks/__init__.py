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


@dataclass(frozen=True)
class Task:
    name: str
    config: type[ExperimentConfig]
    run: Callable[[ExperimentConfig, RunContext], TaskOutput]


def _registry() -> dict[str, Task]:
    from research.tasks import dataset_stats

    tasks = [dataset_stats.TASK]
    return {task.name: task for task in tasks}


TASKS: dict[str, Task] = _registry()
