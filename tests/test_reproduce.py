import shutil

import pytest

from research.errors import ConfigError
from research.paths import RESULTS
from research.reproduce import compare, manifest, reproduce


@pytest.fixture()
def results_copy(tmp_path, monkeypatch):
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    target = tmp_path / "results"
    shutil.copytree(RESULTS, target)
    return target


def test_committed_results_match_the_code(results_copy):
    assert reproduce(check=True, results_dir=results_copy, progress=False) == []


def test_check_catches_a_hand_edited_table(results_copy):
    table = results_copy / "dataset.md"
    table.write_text(table.read_text().replace("| 8 | 22 | 500 |", "| 8 | 22 | 501 |"))
    before = table.read_bytes()
    report = reproduce(check=True, results_dir=results_copy, progress=False)
    assert "-| 000_cd27de7ec40d4303 | Nigeriens rally for mass volunteer recruitment as Junta faces imminent " \
           "threat of regional invasion |  | 8 | 22 | 501 | 6 | 0 |" in report
    assert table.read_bytes() == before  # --check changes nothing


def test_check_reports_missing_and_extra_files(results_copy):
    (results_copy / "dataset.csv").unlink()
    (results_copy / "stale.md").write_text("old\n")
    report = reproduce(check=True, results_dir=results_copy, progress=False)
    assert report == ["missing from results/: dataset.csv", "not produced by the code: stale.md"]


def test_reproduce_regenerates_and_removes_stale_tables(results_copy):
    (results_copy / "dataset.md").write_text("edited\n")
    (results_copy / "stale.md").write_text("old\n")
    assert reproduce(results_dir=results_copy, progress=False) == []
    assert compare(RESULTS, results_copy) == []


def test_two_runs_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    first, second = tmp_path / "a", tmp_path / "b"
    reproduce(results_dir=first, progress=False)
    reproduce(results_dir=second, progress=False)
    assert compare(first, second) == []
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())


def test_manifest_names_missing_config(tmp_path):
    bad = tmp_path / "pyproject.toml"
    bad.write_text("[tool.research]\nreproduce = ['configs/none.yaml']\n")
    with pytest.raises(ConfigError, match=r"lists 'configs/none.yaml', which does not exist$"):
        manifest(bad)


def test_two_reproduce_at_once_leave_whole_identical_tables(tmp_path):
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; import research.paths as p;"
        "p.EXPERIMENTS = Path(sys.argv[1]) / 'experiments';"
        "from research.reproduce import reproduce; reproduce(results_dir=Path(sys.argv[1]) / 'results', progress=False)"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path)]) for _ in range(2)]
    assert [run.wait(timeout=600) for run in runs] == [0, 0]
    assert compare(RESULTS, tmp_path / "results") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".research-reproduce.lock", "experiments", "results"]
