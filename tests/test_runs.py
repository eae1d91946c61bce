"""A run folder is ``<run id>.partial`` until the run has finished: a crash never leaves a complete-looking folder."""

import logging
import warnings

import pytest

from research import paths
from research.cli import main
from research.errors import UserError
from research.paths import CONFIGS
from research.runs import run_experiment
from research.tasks import TASKS

CONFIG = CONFIGS / "dataset-stats.yaml"


def _crash_task(monkeypatch, error: Exception, seen: list):
    task = TASKS["dataset_stats"]

    def crash(config, context):
        seen.append(sorted(p.name for p in context.run_dir.parent.iterdir()))  # what exists while the task runs
        raise error

    monkeypatch.setitem(TASKS, "dataset_stats", type(task)(task.name, task.config, crash))


def test_a_crashed_run_leaves_only_a_partial_folder(tmp_path, monkeypatch):
    seen: list = []
    _crash_task(monkeypatch, RuntimeError("crash in the middle of the task"), seen)
    with pytest.raises(RuntimeError, match="crash in the middle of the task"):
        run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)
    (run_dir,) = (tmp_path / "dataset-stats").iterdir()
    assert run_dir.name.endswith(".partial") and seen == [[run_dir.name]]
    assert sorted(p.name for p in run_dir.iterdir()) == ["config.yaml", "run.log"]  # no metrics, tables, provenance
    assert "finished" not in (run_dir / "run.log").read_text()


def test_a_user_error_during_the_run_leaves_nothing(tmp_path, monkeypatch):
    seen: list = []
    _crash_task(monkeypatch, UserError("bad value in the input"), seen)
    with pytest.raises(UserError):
        run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)
    assert seen[0][0].endswith(".partial")
    assert list((tmp_path / "dataset-stats").iterdir()) == []


def test_a_finished_run_is_renamed_complete(tmp_path):
    record = run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)
    assert [p.name for p in (tmp_path / "dataset-stats").iterdir()] == [record.run_dir.name]
    assert not record.run_dir.name.endswith(".partial") and (record.run_dir / "provenance.json").is_file()


def _warning_task(monkeypatch, message: str):
    task = TASKS["dataset_stats"]

    def run(config, context):
        warnings.warn(message, UserWarning)  # as scikit-learn warns about a fold with too few members
        return task.run(config, context)

    monkeypatch.setitem(TASKS, "dataset_stats", type(task)(task.name, task.config, run))


def test_a_librarys_warning_goes_to_the_run_log_not_the_terminal(tmp_path, monkeypatch, capsys):
    _warning_task(monkeypatch, "few members in a fold (quiet)")
    monkeypatch.setattr(paths, "EXPERIMENTS", tmp_path)
    before = list(logging.getLogger().handlers)
    assert main(["run", str(CONFIG), "--quiet"]) == 0
    assert "few members" not in capsys.readouterr().err
    (run_dir,) = (tmp_path / "dataset-stats").iterdir()
    assert "UserWarning: few members in a fold (quiet)" in (run_dir / "run.log").read_text(encoding="utf-8")
    assert logging.getLogger().handlers == before  # the run's handler is gone after the command


def test_verbose_leaves_a_librarys_warning_to_python_which_prints_it(tmp_path, monkeypatch):
    _warning_task(monkeypatch, "few members in a fold (verbose)")
    monkeypatch.setattr(paths, "EXPERIMENTS", tmp_path)
    with pytest.warns(UserWarning, match=r"few members in a fold \(verbose\)"):  # on stderr outside pytest
        assert main(["run", str(CONFIG), "--quiet", "--verbose"]) == 0
    (run_dir,) = (tmp_path / "dataset-stats").iterdir()
    assert "few members" not in (run_dir / "run.log").read_text(encoding="utf-8")


def _recording_task(monkeypatch, seen: list, name: str = "dataset_stats"):
    """A task replaced by one that returns one table, one figure, predictions and metrics."""
    from research.tables import Table
    from research.tasks import TaskOutput

    task = TASKS[name]

    def run(config, context):
        seen.append(context.progress)
        return TaskOutput(tables={"t": Table(title="T", columns=["a"], rows=[[1]])}, metrics={"m": 1.5},
                          predictions=[{"id": "é"}], input_hash="abc", figures={"f": b"png bytes"})

    monkeypatch.setitem(TASKS, name, type(task)(task.name, task.config, run))


def test_a_run_records_its_files_provenance_and_log_exactly(tmp_path, monkeypatch, caplog):
    import json
    import platform
    import re
    import time
    from datetime import datetime

    import yaml

    from research.config import config_hash
    from research.tasks import load_config

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # local time 9 h from UTC: every recorded time must still be UTC
    time.tzset()
    seen: list = []
    _recording_task(monkeypatch, seen)
    try:
        with caplog.at_level(logging.INFO):
            record = run_experiment(CONFIG, ["seed=7"], experiments_dir=tmp_path, extra_provenance={"sweep": "s1"})
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    run_dir = record.run_dir
    config = load_config(CONFIG, ["seed=7"])
    assert record.config_name == "dataset-stats" and seen == [True]  # progress defaults to on
    assert re.fullmatch(r"\d{8}T\d{6}-\d{6}-[0-9a-f]{8}", run_dir.name) and run_dir.name.endswith(config_hash(config)[:8])
    assert sorted(p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file()) == [
        "config.yaml", "metrics.json", "predictions.jsonl", "provenance.json", "run.log", "tables/figures/f.png",
        "tables/t.csv", "tables/t.md"]
    assert (run_dir / "tables/figures/f.png").read_bytes() == b"png bytes"
    assert json.loads((run_dir / "metrics.json").read_text()) == {"m": 1.5}
    assert (run_dir / "predictions.jsonl").read_text(encoding="utf-8") == '{"id": "é"}\n'
    text = (run_dir / "config.yaml").read_text()
    assert yaml.safe_load(text) == config.model_dump(mode="json") and text.startswith("experiment: dataset_stats\n")
    provenance = json.loads((run_dir / "provenance.json").read_text())
    assert {k: provenance[k] for k in ("seed", "config_hash", "input_data_hash", "device", "config_file", "overrides",
                                       "sweep")} == {
        "seed": 7, "config_hash": config_hash(config), "input_data_hash": "abc",
        "device": f"cpu:{platform.machine()}", "config_file": str(CONFIG), "overrides": ["seed=7"], "sweep": "s1"}
    started, finished = (datetime.fromisoformat(provenance[k]) for k in ("started_at", "finished_at"))
    assert provenance["started_at"].endswith("+00:00") and provenance["finished_at"].endswith("+00:00")
    run_time = datetime.strptime(run_dir.name[:15] + "+0000", "%Y%m%dT%H%M%S%z")
    assert started <= finished and abs((run_time - started).total_seconds()) < 60  # the run id is UTC too
    lines = (run_dir / "run.log").read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO config \S+dataset-stats\.yaml \(sha256 "
                        + config_hash(config) + r"\), seed 7", lines[0])
    assert lines[-1].endswith(" INFO finished")
    run_logger = logging.getLogger(f"research.run.{run_dir.name}.partial")  # named while it ran
    assert run_logger.handlers == [] and not run_logger.propagate  # its lines go to run.log only
    assert "sha256" not in caplog.text and "finished" not in caplog.text


def test_a_run_passes_progress_off_to_its_task(tmp_path, monkeypatch):
    seen: list = []
    _recording_task(monkeypatch, seen)
    run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)
    assert seen == [False]


def test_seed_everything_seeds_python_numpy_and_a_loaded_torch():
    import random

    import numpy as np
    import torch

    from research.runs import seed_everything

    seed_everything(5)
    drawn = (random.random(), np.random.rand(), float(torch.rand(1)))
    expected_torch = float(torch.rand(1, generator=torch.Generator().manual_seed(5)))
    assert drawn == (random.Random(5).random(), np.random.RandomState(5).rand(), expected_torch)
    seed_everything(2**32 + 5)  # numpy takes seeds below 2**32: the same stream as 5
    assert np.random.rand() == np.random.RandomState(5).rand()


def test_write_tables_returns_every_file_it_wrote(tmp_path):
    from research.runs import write_tables
    from research.tables import Table
    from research.tasks import TaskOutput

    output = TaskOutput(tables={"b": Table(title="B", columns=["x"], rows=[[1]]),
                                "a": Table(title="A", columns=["x"], rows=[[2]])}, metrics={}, figures={"f": b"\x89"})
    written = write_tables(output, tmp_path / "tables")
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "tables/a.md", "tables/a.csv", "tables/b.md", "tables/b.csv", "tables/figures/f.png"]
    assert all(p.is_file() for p in written) and (tmp_path / "tables/figures/f.png").read_bytes() == b"\x89"


def test_provenance_asks_for_the_device_the_config_names(tmp_path, monkeypatch):
    from research import provenance

    asked: list = []
    monkeypatch.setattr(provenance, "describe_device", lambda requested: asked.append(requested) or "recorded")
    _recording_task(monkeypatch, [])
    _recording_task(monkeypatch, [], "summarization")
    run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)  # dataset_stats has no device: the CPU
    record = run_experiment(CONFIGS / "summarize-lead.yaml", ["runtime.device=cuda"], experiments_dir=tmp_path,
                            progress=False)
    assert asked == ["cpu", "cuda"]
    assert '"device": "recorded"' in (record.run_dir / "provenance.json").read_text()


def test_the_users_error_surfaces_even_when_the_partial_folder_cannot_be_removed(tmp_path, monkeypatch):
    import shutil

    def stubborn_rmtree(path, ignore_errors=False):
        if not ignore_errors:
            raise PermissionError(f"cannot remove {path}")

    _crash_task(monkeypatch, UserError("bad value in the input"), [])
    monkeypatch.setattr(shutil, "rmtree", stubborn_rmtree)
    with pytest.raises(UserError, match="bad value in the input"):
        run_experiment(CONFIG, experiments_dir=tmp_path, progress=False)
