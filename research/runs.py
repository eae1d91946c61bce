"""Run one experiment and record it under ``experiments/<config name>/<run id>/``.

The run folder is written as ``<run id>.partial`` and renamed only when the
run has finished, so a folder without that suffix is always complete.
"""

from __future__ import annotations

import logging
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import yaml

from research import provenance
from research.config import config_hash
from research.errors import UserError
from research.io import atomic_write_bytes, atomic_write_text, dumps_json, dumps_jsonl
from research import paths
from research.logs import RUN_LOGS
from research.tasks import TASKS, RunContext, TaskOutput, load_config


@dataclass
class RunRecord:
    config_name: str
    run_dir: Path
    output: TaskOutput


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch = sys.modules.get("torch")  # seed torch only where a task has loaded it
    if torch is not None:
        torch.manual_seed(seed)


def _file_logger(run_dir: Path) -> tuple[logging.Logger, logging.Handler]:
    logger = logging.getLogger(f"research.run.{run_dir.name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.FileHandler(run_dir / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger, handler


def write_tables(output: TaskOutput, folder: Path) -> list[Path]:
    """Write each table as ``<name>.md`` and ``.csv`` and each figure as ``figures/<name>.png``."""
    written = []
    for name, table in sorted(output.tables.items()):
        for suffix, text in ((".md", table.to_markdown()), (".csv", table.to_csv())):
            atomic_write_text(folder / f"{name}{suffix}", text)
            written.append(folder / f"{name}{suffix}")
    for name, png in sorted(output.figures.items()):
        atomic_write_bytes(folder / "figures" / f"{name}.png", png)
        written.append(folder / "figures" / f"{name}.png")
    return written


def run_experiment(
    config_path: Path | str,
    overrides: list[str] | tuple[str, ...] = (),
    experiments_dir: Path | None = None,
    progress: bool = True,
    extra_provenance: dict | None = None,
) -> RunRecord:
    """Validate the config, run it, and record it; tables land in the run folder's ``tables/``.

    ``experiments_dir`` defaults to the project's ``experiments/``. The config
    file and the overrides go into ``provenance.json`` (``research runs`` shows
    them), with ``extra_provenance`` (a sweep's id) beside them.
    """
    config = load_config(config_path, overrides)
    experiments_dir = experiments_dir or paths.EXPERIMENTS
    config_name = Path(config_path).stem
    digest = config_hash(config)
    started = _now()
    run_id = f"{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S-%f')}-{digest[:8]}"
    final_dir = experiments_dir / config_name / run_id
    run_dir = final_dir.with_name(run_id + ".partial")
    run_dir.mkdir(parents=True)
    logger, handler = _file_logger(run_dir)
    RUN_LOGS.append(run_dir / "run.log")  # where Ray's native output goes (research.logs)
    logging.getLogger().addHandler(handler)  # libraries' lines reach it inside library_warnings_to_run_log
    try:
        logger.info("config %s (sha256 %s), seed %d", config_path, digest, config.seed)
        atomic_write_text(run_dir / "config.yaml", yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False))
        seed_everything(config.seed)
        output = TASKS[config.experiment].run(config, RunContext(run_dir, logger, progress))
        atomic_write_text(run_dir / "predictions.jsonl", dumps_jsonl(output.predictions))
        atomic_write_text(run_dir / "metrics.json", dumps_json(output.metrics))
        write_tables(output, run_dir / "tables")
        record = provenance.collect(
            config.seed, digest, output.input_hash, provenance.describe_device(getattr(config, "device", "cpu"))
        )
        record.update(started_at=started, finished_at=_now(), config_file=str(config_path),
                      overrides=list(overrides), **(extra_provenance or {}))
        atomic_write_text(run_dir / "provenance.json", dumps_json(record))
        logger.info("finished")
    except UserError:
        handler.close()
        shutil.rmtree(run_dir, ignore_errors=True)  # a user mistake leaves nothing behind
        raise
    finally:
        RUN_LOGS.remove(run_dir / "run.log")
        handler.close()
        logger.removeHandler(handler)
        logging.getLogger().removeHandler(handler)
    run_dir.rename(final_dir)
    return RunRecord(config_name, final_dir, output)
