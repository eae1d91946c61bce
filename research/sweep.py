"""``research sweep``: run a config over the Cartesian product of ``--grid`` values.

Every combination is resolved and validated before the first one runs, so a
mistake costs nothing. Each combination is an ordinary recorded run
(``research.runs.run_experiment``) with the sweep id in its provenance; a
combination that fails is recorded as a failure and the others go on.
Backends: ``local`` (in this process, or ``--jobs N`` worker processes) or
``ray`` (one Ray task per combination on a private local Ray instance, or the
session the caller already started). The sweep folder
``experiments/sweeps/<sweep id>/`` holds ``sweep.json`` (the plan and, per
combination, its run folder or error) and the table and plots
(``research.sweep_report``).
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Literal

from research import paths
from research.config import config_hash
from research.errors import ConfigError, UserError
from research.grid import Grid, combinations
from research.io import atomic_write_text, dumps_json
from research.logs import drop_terminal_handlers
from research.runs import run_experiment
from research.sweep_report import Combination, Outcome, Sweep, write_report
from research.tasks import load_config

Backend = Literal["local", "ray"]
SWEEPS = "sweeps"


def yaml_literal(value: Any) -> str:
    """A value as override text that ``apply_override`` (YAML) reads back as exactly that value."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, float) and "e" in repr(value) and "." not in repr(value):
        return repr(value).replace("e", ".0e")  # YAML 1.1 reads 1e-05 as a string, 1.0e-05 as a number
    if isinstance(value, list):
        return "[" + ", ".join(yaml_literal(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def describe(values: dict[str, Any]) -> str:
    """``system.alpha=0.1 seed=3``: a combination as the user would type it."""
    return " ".join(f"{key}={yaml_literal(value)}" for key, value in values.items())


def _lookup(data: Any, key: str) -> tuple[bool, Any]:
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return False, None
        data = data[part]
    return True, data


def plan(config_path: Path | str, grids: list[Grid], sets: list[str] | tuple[str, ...] = ()) -> list[Combination]:
    """Resolve and validate every combination; a ConfigError (one line naming the key and value) on the first bad one.

    A scalar given for a key that holds a list in the config (a classifier's
    inner grid, such as ``system.alpha``) becomes a one-value list.
    """
    if not grids:
        raise ConfigError(f"{config_path}: give at least one --grid key.path=v1,v2,...")
    base = load_config(config_path, list(sets)).model_dump(mode="json")
    planned: list[Combination] = []
    seen: dict[str, int] = {}
    for index, values in enumerate(combinations(grids), start=1):
        applied = dict(values)
        for key, value in values.items():
            found, current = _lookup(base, key)
            if found and isinstance(current, list) and not isinstance(value, list):
                applied[key] = [value]
        overrides = (*sets, *(f"{key}={yaml_literal(value)}" for key, value in applied.items()))
        try:
            config = load_config(config_path, list(overrides))
        except ConfigError as exc:
            raise ConfigError(f"{exc} [--grid {describe(values)}]") from None
        digest = config_hash(config)
        if digest in seen:
            raise ConfigError(f"{config_path}: --grid {describe(values)} gives the same config as "
                              f"--grid {describe(planned[seen[digest] - 1].values)}")
        seen[digest] = index
        planned.append(Combination(index, values, overrides))
    return planned


def run_one(config_path: str, overrides: tuple[str, ...], experiments_dir: str,
            sweep_id: str) -> tuple[str | None, str | None]:
    """One combination as an ordinary run: ``(run folder, None)`` or ``(None, one-line error)``; never raises."""
    try:
        record = run_experiment(config_path, list(overrides), experiments_dir=Path(experiments_dir), progress=False,
                                extra_provenance={"sweep": sweep_id})
    except Exception as exc:  # noqa: BLE001  a failing combination must not stop the others
        kind = "" if isinstance(exc, UserError) else f"{type(exc).__name__}: "
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return None, f"{kind}{first}".strip() or type(exc).__name__
    return str(record.run_dir), None


Results = Iterator[tuple[str | None, str | None]]  # in combination order, each as soon as it is known


def _run_local(jobs: int, tasks: list[tuple]) -> Results:
    if jobs <= 1 or len(tasks) <= 1:
        yield from (run_one(*task) for task in tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: a fresh interpreter per worker, nothing inherited from threads of this one (torch, tokenizers)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(run_one, *zip(*tasks))


def _run_ray(jobs: int, tasks: list[tuple]) -> Results:
    import ray

    owned = not ray.is_initialized()  # a caller's session (a test's, a cluster's) is used as is
    if owned:
        drop_terminal_handlers("ray")  # see research.parallel.ray_session
        ray.init(num_cpus=jobs, include_dashboard=False, log_to_driver=False, configure_logging=False)  # see parallel
    try:
        remote = ray.remote(num_cpus=1, max_retries=0)(run_one)
        for ref in [remote.remote(*task) for task in tasks]:
            try:
                yield ray.get(ref)
            except Exception as exc:  # noqa: BLE001  a worker that died: that combination failed
                yield None, f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    finally:
        if owned:
            ray.shutdown()


def new_sweep_id(planned: list[Combination], config_path: Path | str) -> str:
    import hashlib

    digest = hashlib.sha256(json.dumps([str(config_path), [c.overrides for c in planned]]).encode()).hexdigest()
    return f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S-%f')}-{digest[:8]}"


def manifest(sweep: Sweep, backend: str, jobs: int, sets: list[str] | tuple[str, ...], status: str) -> dict:
    by_index = {o.combination.index: o for o in sweep.outcomes}
    return {
        "sweep": sweep.sweep_id, "config_file": str(sweep.config_path), "config": sweep.config_path.stem,
        "keys": sweep.keys, "set": list(sets), "backend": backend, "jobs": jobs, "status": status,
        "combinations": [
            {"index": o.combination.index, "values": o.combination.values, "overrides": list(o.combination.overrides),
             "run": o.run_dir.name if o.run_dir else None, "run_dir": str(o.run_dir) if o.run_dir else None,
             "error": o.error}
            for o in (by_index[i] for i in sorted(by_index))
        ],
    }


def run_sweep(config_path: Path | str, grids: list[Grid], sets: list[str] | tuple[str, ...] = (), jobs: int = 1,
              backend: Backend = "local", experiments_dir: Path | None = None, log=None) -> Sweep:
    """Plan (validate all), then run every combination and write the sweep folder; returns the outcomes."""
    if backend not in ("local", "ray"):
        raise UserError(f"--backend: expected 'local' or 'ray', got '{backend}'")
    if jobs < 1:
        raise UserError(f"--jobs: expected a positive number of workers, got {jobs}")
    config_path = Path(config_path)
    planned = plan(config_path, grids, sets)
    experiments_dir = Path(experiments_dir or paths.EXPERIMENTS).resolve()
    sweep_id = new_sweep_id(planned, config_path)
    sweep = Sweep(sweep_id, experiments_dir / SWEEPS / sweep_id, config_path, [g.key for g in grids],
                  [Outcome(c) for c in planned])
    atomic_write_text(sweep.folder / "sweep.json", dumps_json(manifest(sweep, backend, jobs, sets, "running")))
    if log:
        log(f"sweep {sweep_id}: {len(planned)} combinations of {config_path} on {backend} ({jobs} at a time)")
    # Ray workers need not share this process's working folder: give them an absolute path
    task_path = str(config_path.resolve() if backend == "ray" else config_path)
    tasks = [(task_path, c.overrides, str(experiments_dir), sweep_id) for c in planned]
    results = (_run_ray if backend == "ray" else _run_local)(jobs, tasks)
    for outcome, (run_dir, error) in zip(sweep.outcomes, results):
        outcome.run_dir, outcome.error = (Path(run_dir) if run_dir else None), error
        if log:
            log(f"[{outcome.combination.index}/{len(planned)}] {describe(outcome.combination.values)}: "
                + (f"failed: {error}" if error else f"ok, {run_dir}"))
    sweep.table = write_report(sweep)
    status = "failed" if sweep.failures else "complete"
    atomic_write_text(sweep.folder / "sweep.json", dumps_json(manifest(sweep, backend, jobs, sets, status)))
    return sweep
