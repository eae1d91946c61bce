"""``research runs --export mlflow``: copy recorded runs into an MLflow tracking store (default: a local file store).

One MLflow experiment per config name, one MLflow run per recorded run:
params from the resolved config (dotted keys), metrics from the numbers in
``metrics.json``, tags from ``provenance.json`` (``research.*``, plus MLflow's
own git-commit tag) and the run's tables, config, metrics and provenance as
artifacts. Each MLflow run carries the tag ``research.run_id``; exporting
again finds it by that tag and updates it (changed metrics, tags,
artifacts) instead of adding a duplicate. ``.partial`` runs are skipped.
Needs the optional extra ``mlflow`` (``mlflow-skinny``).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

from research import paths
from research.errors import UserError
from research.main_metrics import read_config, read_json
from research.run_index import RunInfo, flatten

RUN_TAG = "research.run_id"
_BAD_NAME = re.compile(r"[^/\w.\- :]")
_BATCH = 100  # MLflow's limit on params and tags per log_batch


@dataclass(frozen=True)
class ExportSummary:
    created: int
    updated: int
    skipped: int  # .partial runs
    tracking_uri: str


def tracking_uri(value: str | None) -> str:
    """A folder (default ``experiments/mlruns``) as a ``file:`` URI; a URI with a scheme as it is."""
    if value and re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        return value
    return Path(value or paths.EXPERIMENTS / "mlruns").resolve().as_uri()


def _name(key: str) -> str:
    return _BAD_NAME.sub("_", key)[:250]


def _text(value: Any) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _millis(stamp: str | None) -> int | None:
    try:
        return int(datetime.fromisoformat(stamp).timestamp() * 1000) if stamp else None
    except ValueError:
        return None


def run_params(run: RunInfo) -> dict[str, str]:
    return {_name(k): _text(v)[:6000] for k, v in flatten(read_config(run.path)).items()}


def run_metrics(run: RunInfo) -> dict[str, float]:
    numbers = {}
    for key, value in flatten(read_json(run.path / "metrics.json")).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            numbers[_name(key)] = float(value)
    return numbers


def run_tags(run: RunInfo) -> dict[str, str]:
    provenance = run.provenance
    tags = {RUN_TAG: run.run_id, "research.config": run.config, "mlflow.runName": run.run_id}
    for key, value in flatten(provenance).items():
        tags[_name(f"research.{key}")] = (" ".join(map(str, value)) if isinstance(value, list) else _text(value))[:8000]
    if provenance.get("git_commit"):
        tags["mlflow.source.git.commit"] = provenance["git_commit"]
    return tags


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _export_one(client, run: RunInfo) -> bool:
    """Create or update the MLflow run of ``run``; True when it was created."""
    from mlflow.entities import Metric, Param, RunTag

    experiment = client.get_experiment_by_name(run.config)
    experiment_id = experiment.experiment_id if experiment else client.create_experiment(run.config)
    existing = client.search_runs([experiment_id], filter_string=f"tags.`{RUN_TAG}` = '{run.run_id}'", max_results=1)
    provenance = run.provenance
    finished = _millis(provenance.get("finished_at")) or 0
    if existing:
        mlflow_run = existing[0]
    else:
        mlflow_run = client.create_run(experiment_id, start_time=_millis(provenance.get("started_at")),
                                       tags={RUN_TAG: run.run_id}, run_name=run.run_id)
    run_id = mlflow_run.info.run_id
    logged_params, logged_metrics = mlflow_run.data.params, mlflow_run.data.metrics
    params = [Param(k, v) for k, v in run_params(run).items() if k not in logged_params]
    # a changed value goes in as the next step: MLflow shows the latest step, and the history keeps the old value
    metrics = [Metric(k, v, finished, len(client.get_metric_history(run_id, k)) if k in logged_metrics else 0)
               for k, v in run_metrics(run).items() if logged_metrics.get(k) != v]
    tags = [RunTag(k, v) for k, v in run_tags(run).items()]
    for chunk in _chunks(params, _BATCH):
        client.log_batch(run_id, params=chunk)
    for chunk in _chunks(tags, _BATCH):
        client.log_batch(run_id, tags=chunk)
    for chunk in _chunks(metrics, 1000):
        client.log_batch(run_id, metrics=chunk)
    if (run.path / "tables").is_dir():
        client.log_artifacts(run_id, str(run.path / "tables"), "tables")
    for name in ("config.yaml", "metrics.json", "provenance.json"):
        if (run.path / name).is_file():
            client.log_artifact(run_id, str(run.path / name))
    if not existing:
        client.set_terminated(run_id, "FINISHED", end_time=finished or None)
    return not existing


def export_runs(runs: list[RunInfo], uri: str | None = None) -> ExportSummary:
    """Export every complete run in ``runs`` to the tracking store at ``uri`` (see ``tracking_uri``)."""
    given, uri = uri, tracking_uri(uri)
    if uri.startswith("file:"):
        folder = Path(url2pathname(urlparse(uri).path))
        try:  # before MLflow, which ends a folder it cannot create in a traceback
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"--tracking-uri {given or folder}: cannot create the folder {folder} "
                            f"({exc.strerror or exc})") from None
        # MLflow 3 refuses its file store unless asked for it; it is the store that needs no server or database
        os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
    try:
        from mlflow.tracking import MlflowClient
    except ImportError:
        raise UserError("--export mlflow needs MLflow: pip install 'research[mlflow]' (mlflow-skinny)") from None
    client = MlflowClient(tracking_uri=uri)
    created = updated = skipped = 0
    for run in runs:
        if not run.complete:
            skipped += 1
        elif _export_one(client, run):
            created += 1
        else:
            updated += 1
    return ExportSummary(created, updated, skipped, uri)
