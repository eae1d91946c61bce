"""``research runs``: list the runs recorded under ``experiments/`` and show what differs between two of them.

A run folder is ``experiments/<config name>/<run id>[.partial]/`` (see
``research.runs``); ``experiments/sweeps/`` holds sweep folders, not runs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from research import paths
from research.errors import UserError
from research.main_metrics import main_metrics, read_config, read_json
from research.sweep import SWEEPS
from research.tables import Table

RUN_ID = re.compile(r"^[0-9]{8}T[0-9]{6}-[0-9]{6}-[0-9a-f]{8}$")
PARTIAL = ".partial"


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    config: str  # the config's name (its file name without .yaml)
    path: Path
    complete: bool

    @property
    def provenance(self) -> dict:
        return read_json(self.path / "provenance.json")


def find_runs(experiments_dir: Path | None = None) -> list[RunInfo]:
    """Every recorded run, complete or ``.partial``, oldest first (run ids start with the UTC time)."""
    root = Path(experiments_dir or paths.EXPERIMENTS)
    found = []
    for config_dir in sorted(p for p in root.glob("*") if p.is_dir() and p.name != SWEEPS):
        for run_dir in config_dir.iterdir():
            run_id = run_dir.name.removesuffix(PARTIAL)
            if run_dir.is_dir() and RUN_ID.match(run_id):
                found.append(RunInfo(run_id, config_dir.name, run_dir, not run_dir.name.endswith(PARTIAL)))
    return sorted(found, key=lambda run: (run.run_id, run.config))


def sweep_runs(sweep_id: str, experiments_dir: Path | None = None) -> set[str]:
    """Run ids of a sweep, from its ``sweep.json``; a UserError when there is no such sweep."""
    root = Path(experiments_dir or paths.EXPERIMENTS)
    manifest = read_json(root / SWEEPS / sweep_id / "sweep.json")
    if not manifest:
        known = sorted(p.name for p in (root / SWEEPS).glob("*") if p.is_dir())
        raise UserError(f"--sweep: no sweep '{sweep_id}' in {root / SWEEPS}"
                        + (f" (latest: {known[-1]})" if known else " (none recorded yet)"))
    return {c["run"] for c in manifest["combinations"] if c.get("run")}


def select_runs(runs: list[RunInfo], last: int | None = None, config: str | None = None,
                sweep: set[str] | None = None) -> list[RunInfo]:
    if last is not None and last < 1:
        raise UserError(f"--last: expected a positive number of runs, got {last}")
    runs = [r for r in runs if (config is None or r.config == config) and (sweep is None or r.run_id in sweep)]
    return runs[-last:] if last else runs


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``; lists stay whole values."""
    if isinstance(data, dict) and data:
        flat: dict[str, Any] = {}
        for key, value in data.items():
            flat.update(flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.removesuffix("."): data} if prefix else {}


def cell(value: Any, width: int | None = None) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def changed_keys(run: RunInfo) -> str:
    """The keys the run set beyond its config file (its --set and --grid overrides), with their resolved values."""
    overrides = run.provenance.get("overrides")
    if overrides is None:
        return "?"  # recorded before runs kept their overrides
    config = flatten(read_config(run.path))
    keys = list(dict.fromkeys(o.partition("=")[0].strip() for o in overrides))
    shown = []
    for key in keys:
        nested = {k: v for k, v in config.items() if k == key or k.startswith(key + ".")}
        shown += [f"{k}={cell(v, 30)}" for k, v in nested.items()] or [f"{key}=?"]
    return " ".join(shown)


def _seconds(provenance: dict) -> float | None:
    try:
        started = datetime.fromisoformat(provenance["started_at"])
        return (datetime.fromisoformat(provenance["finished_at"]) - started).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None


def runs_table(runs: list[RunInfo]) -> Table:
    rows = []
    for run in runs:
        provenance = run.provenance
        metrics = main_metrics(run.path) if run.complete else []
        commit = (provenance.get("git_commit") or "")[:8]
        if commit and provenance.get("git_dirty"):
            commit += " (dirty)"
        rows.append([run.run_id, run.config, changed_keys(run) if run.complete else "",
                     f"{metrics[0].name} {metrics[0].cell()}" if metrics else "", _seconds(provenance), commit,
                     "complete" if run.complete else PARTIAL])
    return Table(title=f"Recorded runs ({len(rows)})",
                 columns=["run", "config", "keys set", "main metric", "seconds", "commit", "status"],
                 rows=rows, digits=0)


def resolve_run(name: str, experiments_dir: Path | None = None) -> RunInfo:
    """A run by id, a unique prefix of one, or its folder path."""
    path = Path(name)
    if path.is_dir() and RUN_ID.match(path.name.removesuffix(PARTIAL)):
        return RunInfo(path.name.removesuffix(PARTIAL), path.parent.name, path, not path.name.endswith(PARTIAL))
    runs = find_runs(experiments_dir)
    matches = [r for r in runs if r.run_id == name] or [r for r in runs if r.run_id.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    where = experiments_dir or paths.EXPERIMENTS
    if not matches:
        raise UserError(f"--diff: no recorded run '{name}' in {where} (`research runs` lists them)")
    raise UserError(f"--diff: '{name}' matches {len(matches)} runs ({', '.join(r.run_id for r in matches[:3])}, ...)")


def diff_table(a: RunInfo, b: RunInfo) -> Table:
    """Every config key and metric whose value differs between two runs (a key one run lacks shows as empty)."""
    rows: list[list[object]] = []
    for section, read in (("config", read_config), ("metrics", lambda p: read_json(p / "metrics.json"))):
        left, right = flatten(read(a.path)), flatten(read(b.path))
        for key in sorted(set(left) | set(right)):
            if left.get(key, ...) != right.get(key, ...):
                rows.append([section, key, cell(left[key]) if key in left else "",
                             cell(right[key]) if key in right else ""])
    return Table(title=f"Differences: {a.config}/{a.run_id} (A) and {b.config}/{b.run_id} (B)",
                 columns=["section", "key", "A", "B"], rows=rows,
                 notes=[] if rows else ["the two runs have the same config and metrics"])
