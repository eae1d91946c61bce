"""One runner for every report that scores "systems plus variants under one protocol".

A report lists systems (each a name and where its config comes from) and variants (ablation rows: a listed
system run again with ``--set``-style overrides, ``research.tasks.report_config.Variant``). ``plan_rows``
turns them into the report's ordered rows, every config loaded before anything runs (a bad override fails
first); ``run_rows`` produces each row's output with the report's own callable, logging and timing each.
The reports keep only what is theirs: how a row is produced, its metrics and its tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from logging import Logger
from typing import Generic, TypeVar

from research.tasks.report_config import Variant

Source = TypeVar("Source")  # where a system's config comes from: a config path, a checker name
Config = TypeVar("Config")
Output = TypeVar("Output")


@dataclass(frozen=True)
class PlannedRow(Generic[Config]):
    """One row of a report: a listed system, or a variant of one."""

    name: str  # the row's name: the system's, or the variant's
    system: str  # the listed system it runs (its own name for a system row)
    variant: Variant | None  # None for a system row
    config: Config  # the system's config, with the variant's overrides applied for a variant row


@dataclass(frozen=True)
class ProducedRow(Generic[Config, Output]):
    """A row and what the report's ``produce`` made of it."""

    row: PlannedRow[Config]
    output: Output
    seconds: float  # wall-clock, cache hits included: for metrics and logs only, never for tables


def plan_rows(systems: Mapping[str, Source], load: Callable[[Source, list[str]], Config],
              variants: Sequence[Variant] = (), *, variants_last: bool = False) -> list[PlannedRow[Config]]:
    """The report's rows: each system (``systems``: name -> source, in the report's order) with its config
    ``load(source, [])``, each variant with ``load(its system's source, variant.set)``; a variant row follows
    its system's row, or (``variants_last``) all the system rows, in the order the variants are listed.

    The report's config validation has checked that each variant names a listed system and a new row name.
    """
    # every config is loaded (systems first, then variants) before a row runs: a bad one fails before any work
    own = {name: PlannedRow(name, name, None, load(source, [])) for name, source in systems.items()}
    extra = [PlannedRow(v.name, v.system, v, load(systems[v.system], v.set)) for v in variants]
    if variants_last:
        return list(own.values()) + extra
    return [row for name, system in own.items() for row in [system] + [r for r in extra if r.system == name]]


def run_rows(rows: Sequence[PlannedRow[Config]], produce: Callable[[PlannedRow[Config]], Output],
             logger: Logger) -> list[ProducedRow[Config, Output]]:
    """``produce(row)`` for each row in order, each timed (wall-clock) and logged."""
    produced = []
    for index, row in enumerate(rows, start=1):
        started = time.perf_counter()
        output = produce(row)
        produced.append(ProducedRow(row, output, time.perf_counter() - started))
        logger.info("row %d of %d, %s: %.1f s (wall-clock, cache hits included)", index, len(rows), row.name,
                    produced[-1].seconds)
    return produced
