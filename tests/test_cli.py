import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from research.cli import build_parser, main
from research.paths import CONFIGS, PROJECT_ROOT


def _run(*args: str, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "research", *args], cwd=cwd, capture_output=True, text=True)


def test_user_mistake_is_one_line_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("experiment: dataset_stats\nseed: 1\nexperimnet: x\n", encoding="utf-8")
    result = _run("run", str(bad), "--quiet")
    assert result.returncode == 2
    assert result.stderr == f"error: {bad}: unknown key 'experimnet' (did you mean 'experiment'?)\n"
    assert result.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["run", "missing.yaml"], "error: missing.yaml: no such config file"),
    (["data", "show", "--source", "nowhere"],
     "error: nowhere: no such file or folder (source is 'seeds', a folder of .txt files or a .jsonl file)"),
])
def test_cli_user_errors(capsys, monkeypatch, tmp_path, args, message):
    monkeypatch.chdir(tmp_path)
    assert main([*args, "--quiet"]) == 2
    assert capsys.readouterr().err == message + "\n"


def test_bad_config_writes_nothing(tmp_path, monkeypatch, capsys):
    experiments = tmp_path / "experiments"
    monkeypatch.setattr("research.paths.EXPERIMENTS", experiments)
    bad = tmp_path / "bad.yaml"
    bad.write_text("experiment: dataset_stats\nseed: x\n", encoding="utf-8")
    assert main(["run", str(bad), "--quiet"]) == 2
    assert not experiments.exists()


def test_data_show_lists_articles(capsys):
    assert main(["data", "show", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert lines[3].startswith("003_ff28ba0c9779c2b0  group 2  9 paragraphs  21 sentences  429 words  1 removed  (no title)")


def test_run_records_itself(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path)
    assert main(["run", str(CONFIGS / "dataset-stats.yaml"), "--set", "seed=5", "--quiet"]) == 0
    (run_dir,) = (tmp_path / "dataset-stats").iterdir()
    assert not run_dir.name.endswith(".partial")
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "config.yaml", "metrics.json", "predictions.jsonl", "provenance.json", "run.log", "tables"]
    provenance = json.loads((run_dir / "provenance.json").read_text())
    assert provenance["seed"] == 5
    assert set(provenance) >= {"git_commit", "git_dirty", "python", "packages", "config_hash",
                               "input_data_hash", "device", "started_at", "finished_at"}
    assert json.loads((run_dir / "metrics.json").read_text()) == {
        "articles": 5, "groups": 4, "paragraphs": 57, "removed_lines": 14, "sentences": 110, "words": 2643}
    assert (run_dir / "tables" / "dataset.csv").read_text() == (PROJECT_ROOT / "results" / "dataset.csv").read_text()
    assert "seed: 5" in (run_dir / "config.yaml").read_text()


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the parser: () for `research` itself, then each subcommand, depth first."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(build_parser())


def test_every_command_is_in_the_help_test():
    assert {"run", "sweep", "runs", "reproduce", "evaluate", "verify", "summarize", "classify"} <= {
        path[0] for path in COMMANDS if path}
    assert ("data", "validate") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(("research", *path)))
def test_help_says_in_one_line_what_the_command_does_with_an_example(path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exit_info:
        main([*path, "--help"])
    assert exit_info.value.code == 0
    paragraphs = capsys.readouterr().out.split("\n\n")
    assert paragraphs[0].startswith(" ".join(("usage: research", *path)))
    summary, example = paragraphs[1], paragraphs[2]
    assert "\n" not in summary and summary[0].isupper() and summary.endswith(".")
    assert "\n" not in example and f"{example} ".startswith(" ".join(("example: research", *path, "")))
    # the example is a command line the parser accepts (parsed, not run)
    args = build_parser().parse_args(shlex.split(example.removeprefix("example: research ")))
    assert args.command == (path[0] if path else args.command)
