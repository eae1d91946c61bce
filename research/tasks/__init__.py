"""Experiment kinds, looked up by the ``experiment`` key of a config."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from logging import Logger
from pathlib import Path
from typing import Callable

from research.config import ExperimentConfig, read_config
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


# One module per experiment kind, named like it (research.tasks.<name>); each defines TASK. A module is
# imported only when its experiment is asked for, so ``research run`` of one kind never pays the imports
# (scikit-learn, torch, datasets) of the others.
TASK_NAMES = (
    "benchmark_report",
    "classification",
    "classification_report",
    "dataset_stats",
    "faithfulness_report",
    "frank_checkers",
    "frank_summarizers",
    "lm_agreement",
    "summarization_report",
    "summarization",
)


class TaskRegistry(MutableMapping):
    """Experiment name -> Task, importing a task's module on first lookup (tests may replace an entry)."""

    def __init__(self, names: tuple[str, ...]):
        self._names = list(names)
        self._loaded: dict[str, Task] = {}

    def __getitem__(self, name: str) -> Task:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._loaded:
            task = importlib.import_module(f"research.tasks.{name}").TASK
            if task.name != name:
                raise RuntimeError(f"research.tasks.{name} defines task {task.name!r}, expected {name!r}")
            self._loaded[name] = task
        return self._loaded[name]

    def __setitem__(self, name: str, task: Task) -> None:
        if name not in self._names:
            self._names.append(name)
        self._loaded[name] = task

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _Schemas(Mapping):
    """The config model of each task, looked up lazily (what ``read_config`` validates against)."""

    def __getitem__(self, name: str) -> type[ExperimentConfig]:
        return TASKS[name].config

    def __contains__(self, name: object) -> bool:
        return name in TASKS

    def __iter__(self) -> Iterator[str]:
        return iter(TASKS)

    def __len__(self) -> int:
        return len(TASKS)


def load_config(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> ExperimentConfig:
    """Read, override and validate a config against the schema of the task it names (ConfigError otherwise)."""
    return read_config(path, overrides, _Schemas())


TASKS: TaskRegistry = TaskRegistry(TASK_NAMES)
