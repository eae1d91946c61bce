"""`research runs`: the table of recorded runs, its filters, and `--diff` (on real runs: tests/conftest.py)."""

import json

import pytest

from research.cli import main


@pytest.fixture
def recorded(recorded_runs, monkeypatch):
    monkeypatch.setattr("research.paths.EXPERIMENTS", recorded_runs["experiments"])
    return recorded_runs


def _rows(out: str) -> list[list[str]]:
    lines = [line for line in out.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def _cv(run_dir) -> str:
    cv = json.loads((run_dir / "metrics.json").read_text())["cv"]
    low, high = cv["macro_f1_interval"]
    return f"CV macro-F1 {cv['macro_f1']:.3f} [{low:.3f}, {high:.3f}]"


def test_lists_every_run_oldest_first(recorded, capsys):
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == [
        "# Recorded runs (4)", "",
        "| run | config | keys set | main metric | seconds | commit | status |"]
    rows = _rows(out)
    first, second = (o.run_dir for o in recorded["sweep"].outcomes)
    assert [row[0] for row in rows] == ["20000101T000000-000000-0badc0de", first.name, second.name,
                                        recorded["single"].name]
    assert rows[0][1:] == ["classify-majority", "", "", "", "", ".partial"]
    assert rows[1][1:4] == ["classify-majority", "bootstrap.samples=100 seed=1", _cv(first)]
    assert rows[2][1:4] == ["classify-majority", "bootstrap.samples=100 seed=2", _cv(second)]
    assert rows[3][1:4] == ["dataset-stats", "seed=5", ""]  # a report kind has no main metric
    provenance = json.loads((first / "provenance.json").read_text())
    commit = provenance["git_commit"][:8] + (" (dirty)" if provenance["git_dirty"] else "")
    assert rows[1][5:] == [commit, "complete"]
    assert rows[1][4].isdigit()  # whole seconds from started_at to finished_at


@pytest.mark.parametrize("args, expected", [
    (["--last", "2"], ["second", "single"]),
    (["--config", "dataset-stats"], ["single"]),
    (["--config", "classify-majority", "--last", "1"], ["second"]),
    (["--sweep", "SWEEP"], ["first", "second"]),
])
def test_filters(recorded, capsys, args, expected):
    first, second = (o.run_dir.name for o in recorded["sweep"].outcomes)
    names = {"first": first, "second": second, "single": recorded["single"].name}
    assert main(["runs", *[recorded["sweep"].sweep_id if a == "SWEEP" else a for a in args]]) == 0
    assert [row[0] for row in _rows(capsys.readouterr().out)] == [names[e] for e in expected]


@pytest.mark.parametrize("args, message", [
    (["--sweep", "nope"], "error: --sweep: no sweep 'nope' in {sweeps} (latest: {sweep})"),
    (["--last", "0"], "error: --last: expected a positive number of runs, got 0"),
    (["--diff", "nope", "x"], "error: --diff: no recorded run 'nope' in {experiments} (`research runs` lists them)"),
])
def test_user_errors(recorded, capsys, args, message):
    assert main(["runs", *args]) == 2
    expected = message.format(sweeps=recorded["experiments"] / "sweeps", sweep=recorded["sweep"].sweep_id,
                              experiments=recorded["experiments"])
    assert capsys.readouterr().err == expected + "\n"


def test_diff_shows_the_keys_and_metrics_that_differ(recorded, capsys):
    first, second = (o.run_dir for o in recorded["sweep"].outcomes)
    assert main(["runs", "--diff", first.name, second.name[:22]]) == 0  # a unique prefix names a run too
    out = capsys.readouterr().out
    title = f"# Differences: classify-majority/{first.name} (A) and classify-majority/{second.name} (B)"
    assert out.splitlines()[0] == title
    rows = _rows(out)
    assert [row for row in rows if row[0] == "config"] == [["config", "seed", "1", "2"]]
    metrics = {row[1]: row[2:] for row in rows if row[0] == "metrics"}
    a, b = (json.loads((r / "metrics.json").read_text()) for r in (first, second))
    assert metrics["seed"] == ["1", "2"]
    assert metrics["cv.macro_f1_interval"] == [json.dumps(a["cv"]["macro_f1_interval"]),
                                               json.dumps(b["cv"]["macro_f1_interval"])]
    assert "cv.macro_f1" not in metrics  # the same predictions: the same score, only the intervals move


def test_diff_of_a_run_with_itself_is_empty(recorded, capsys):
    run = recorded["single"]
    assert main(["runs", "--diff", str(run), run.name]) == 0
    out = capsys.readouterr().out
    assert _rows(out) == [] and out.endswith("- the two runs have the same config and metrics\n")
