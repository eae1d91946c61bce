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
