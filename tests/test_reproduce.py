"""reproduce on a one-config manifest (the full manifest runs in `make test` as `research reproduce --check`)."""

import subprocess
import sys

import pytest

from research.errors import ConfigError
from research.paths import CONFIGS, RESULTS
from research.reproduce import compare, manifest, reproduce

SUBSET = [CONFIGS / "dataset-stats.yaml"]


@pytest.fixture()
def fresh_results(tmp_path, monkeypatch):
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    target = tmp_path / "results"
    assert reproduce(results_dir=target, progress=False, configs=SUBSET) == []
    return target


def test_subset_matches_the_committed_tables(fresh_results):
    for name in ("dataset.md", "dataset.csv"):
        assert (fresh_results / name).read_bytes() == (RESULTS / name).read_bytes()


def test_check_catches_a_hand_edited_table(fresh_results):
    table = fresh_results / "dataset.md"
    table.write_text(table.read_text().replace("| 8 | 22 | 500 |", "| 8 | 22 | 501 |"))
    before = table.read_bytes()
    report = reproduce(check=True, results_dir=fresh_results, progress=False, configs=SUBSET)
    assert "-| 000_cd27de7ec40d4303 | Nigeriens rally for mass volunteer recruitment as Junta faces imminent " \
           "threat of regional invasion |  | 8 | 22 | 501 | 6 | 0 |" in report
    assert table.read_bytes() == before  # --check changes nothing


def test_check_reports_missing_and_extra_files(fresh_results):
    (fresh_results / "dataset.csv").unlink()
    (fresh_results / "stale.md").write_text("old\n")
    report = reproduce(check=True, results_dir=fresh_results, progress=False, configs=SUBSET)
    assert report == ["missing from results/: dataset.csv", "not produced by the code: stale.md"]


def test_reproduce_regenerates_and_removes_stale_tables(fresh_results, tmp_path):
    expected = tmp_path / "expected"
    reproduce(results_dir=expected, progress=False, configs=SUBSET)
    (fresh_results / "dataset.md").write_text("edited\n")
    (fresh_results / "stale.md").write_text("old\n")
    assert reproduce(results_dir=fresh_results, progress=False, configs=SUBSET) == []
    assert compare(expected, fresh_results) == []


def test_two_runs_are_byte_identical(fresh_results, tmp_path):
    second = tmp_path / "second"
    reproduce(results_dir=second, progress=False, configs=SUBSET)
    assert compare(fresh_results, second) == []


def test_manifest_names_missing_config(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text("[tool.research]\nreproduce = ['configs/none.yaml']\n")
    with pytest.raises(ConfigError, match=r"lists 'configs/none.yaml', which does not exist$"):
        manifest(bad)


def test_manifest_lists_existing_configs():
    assert CONFIGS / "dataset-stats.yaml" in manifest()


def test_two_reproduce_at_once_leave_whole_identical_tables(tmp_path):
    script = (
        "import sys; from pathlib import Path; import research.paths as p;"
        "p.EXPERIMENTS = Path(sys.argv[1]) / 'experiments';"
        "from research.reproduce import reproduce;"
        "reproduce(results_dir=Path(sys.argv[1]) / 'results', progress=False, configs=[Path(sys.argv[2])])"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(SUBSET[0])]) for _ in range(2)]
    assert [run.wait(timeout=600) for run in runs] == [0, 0]
    for name in ("dataset.md", "dataset.csv"):
        assert (tmp_path / "results" / name).read_bytes() == (RESULTS / name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".research-reproduce.lock", "experiments", "results"]


def test_a_second_reproduce_waits_while_the_lock_is_held(tmp_path, monkeypatch):
    """Hold the lock here: a reproduce started meanwhile must not begin generating until it is released."""
    import threading

    from filelock import FileLock

    started = threading.Event()
    monkeypatch.setattr("research.reproduce.generate", lambda *args, **kwargs: started.set() or set())
    waiter = threading.Thread(target=reproduce, kwargs={"results_dir": tmp_path / "results", "progress": False,
                                                        "configs": SUBSET})
    with FileLock(str(tmp_path / ".research-reproduce.lock")):
        waiter.start()
        assert not started.wait(timeout=2)  # blocked on the lock
    waiter.join(timeout=60)
    assert started.is_set() and not waiter.is_alive()


def test_a_crash_during_reproduce_changes_nothing_in_results(fresh_results, monkeypatch):
    from research.tasks import TASKS

    before = {p.name: p.read_bytes() for p in fresh_results.iterdir()}
    task = TASKS["dataset_stats"]

    def crash(config, context):
        raise RuntimeError("crash in the middle of reproduce")

    monkeypatch.setitem(TASKS, "dataset_stats", type(task)(task.name, task.config, crash))
    with pytest.raises(RuntimeError, match="crash in the middle of reproduce"):
        reproduce(results_dir=fresh_results, progress=False, configs=SUBSET)
    assert {p.name: p.read_bytes() for p in fresh_results.iterdir()} == before
    assert sorted(p.name for p in fresh_results.parent.iterdir() if p.name.startswith(".results-")) == []


def test_cli_check_prints_the_diff_and_exits_1(fresh_results, monkeypatch, capsys):
    from research.cli import main

    monkeypatch.setattr("research.paths.RESULTS", fresh_results)
    monkeypatch.setattr("research.reproduce.manifest", lambda *args: SUBSET)
    assert main(["reproduce", "--check", "--quiet"]) == 0
    assert capsys.readouterr().out == "results/ matches the code\n"
    table = fresh_results / "dataset.csv"
    table.write_text(table.read_text().replace("000_cd27de7ec40d4303", "000_edited"))
    assert main(["reproduce", "--check", "--quiet"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["results/ differs from what the code produces:", "--- results/dataset.csv",
                       "+++ regenerated/dataset.csv"]
    assert [line[:21] for line in out[4:]] == ["-000_edited,Nigeriens", "+000_cd27de7ec40d4303"]
