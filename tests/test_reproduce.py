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


def _standin(monkeypatch, tables: tuple[str, ...], seen: list):
    """dataset_stats replaced by a task that writes the named tables and records its progress flag."""
    from research.tables import Table
    from research.tasks import TASKS, TaskOutput

    task = TASKS["dataset_stats"]

    def run(config, context):
        seen.append(context.progress)
        return TaskOutput(tables={n: Table(title=n, columns=["a"], rows=[[1]]) for n in tables}, metrics={})

    monkeypatch.setitem(TASKS, "dataset_stats", type(task)(task.name, task.config, run))


def test_a_manifest_without_the_key_is_one_line(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text("[tool.other]\nx = 1\n")
    with pytest.raises(ConfigError) as error:
        manifest(bad)
    assert str(error.value) == f"{bad}: missing [tool.research] reproduce = [config paths]"


@pytest.mark.parametrize("tables, configs, message", [
    (("t",), 2, "{config}: 't.md' is also written by {config}"),
    (("README",), 1, "{config}: 'README.md' is also written by the results index"),
])
def test_two_writers_of_one_file_are_refused(tmp_path, monkeypatch, tables, configs, message):
    from research.reproduce import generate

    _standin(monkeypatch, tables, [])
    with pytest.raises(ConfigError) as error:
        generate(tmp_path / "results", tmp_path / "experiments", False, SUBSET * configs)
    assert str(error.value) == message.format(config=SUBSET[0])


def test_generate_records_its_runs_where_asked_and_passes_progress(tmp_path, monkeypatch):
    from research.reproduce import generate

    seen: list = []
    _standin(monkeypatch, ("t",), seen)
    assert generate(tmp_path / "results", tmp_path / "runs", False, SUBSET) == {"t.md", "t.csv", "README.md"}
    assert len(list((tmp_path / "runs" / "dataset-stats").iterdir())) == 1 and seen == [False]
    generate(tmp_path / "again", tmp_path / "runs", configs=SUBSET)
    assert seen == [False, True]  # generate's progress is on by default
    seen.remove(True)
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    assert reproduce(results_dir=tmp_path / "new" / "deep" / "results", configs=SUBSET) == []  # parents made
    assert seen == [False, True]  # progress on by default
    assert sorted(p.name for p in (tmp_path / "new" / "deep" / "results").iterdir()) == ["README.md", "t.csv", "t.md"]


def test_check_names_a_changed_binary_file(tmp_path):
    for folder, data in (("a", b"\x89PNG\xff\x00"), ("b", b"\x89PNG\xfe\x00")):
        (tmp_path / folder / "figures").mkdir(parents=True)
        (tmp_path / folder / "figures" / "f.png").write_bytes(data)
    assert compare(tmp_path / "a", tmp_path / "b") == ["differs: figures/f.png (binary)"]
    assert compare(tmp_path / "a", tmp_path / "missing") == ["missing from results/: figures/f.png"]


def test_reproduce_builds_beside_results_and_records_runs_only_without_check(tmp_path, monkeypatch):
    import research.reproduce as module

    targets: list = []
    real = module.generate

    def recording(target, experiments_dir, *args):
        targets.append((target, experiments_dir))
        return real(target, experiments_dir, *args)

    monkeypatch.setattr(module, "generate", recording)
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    _standin(monkeypatch, ("t",), [])
    results = tmp_path / "results"
    assert reproduce(results_dir=results, progress=False, configs=SUBSET) == []
    assert len(list((tmp_path / "experiments" / "dataset-stats").iterdir())) == 1  # a real reproduce keeps its runs
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET) == []
    assert len(list((tmp_path / "experiments" / "dataset-stats").iterdir())) == 1  # --check leaves no run behind
    for target, experiments in targets:  # a temporary folder beside results/ (.results-* is in .gitignore)
        assert target.name == "results" and target.parent.parent == tmp_path
        assert target.parent.name.startswith(".results-")
    assert targets[0][1] == tmp_path / "experiments" and targets[1][1] == targets[1][0].parent / "experiments"
    assert not any(p.name.startswith(".results-") for p in tmp_path.iterdir())


def test_only_the_configs_asked_for_run(tmp_path, monkeypatch):
    import research.reproduce as module

    real, ran = module.run_experiment, []

    def only_the_subset(config, **kwargs):
        ran.append(config)
        assert config in SUBSET, f"{config} ran, but only {SUBSET} was asked for"
        return real(config, **kwargs)

    monkeypatch.setattr(module, "run_experiment", only_the_subset)
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    _standin(monkeypatch, ("t",), [])
    assert reproduce(results_dir=tmp_path / "results", progress=False, configs=SUBSET) == []
    module.generate(tmp_path / "again", tmp_path / "runs", False, SUBSET)
    assert ran == SUBSET * 2
