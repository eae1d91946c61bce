"""`research classify`: train or load, one output line per input line, exit 2 on bad input."""

import json
import subprocess
import sys

import pytest
import yaml

from research.cli import main
from research.data import TOPICS
from research.paths import CONFIGS, PROJECT_ROOT
from research.runs import run_experiment

INPUT = [
    {"id": "a", "text": "ECOWAS leaders gave the junta a deadline and threatened to send a standby force."},
    {"text": "Protesters marched through Niamey and shops ran out of rice as prices rose."},
    {"id": 7, "text": "Russia offered weapons and Wagner fighters to its partners in the Sahel."},
]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_classify_trains_the_configured_system(tmp_path, capsys):
    source, out = _jsonl(tmp_path / "in.jsonl", INPUT), tmp_path / "out.jsonl"
    assert main(["classify", "--config", str(CONFIGS / "classify-zero-shot.yaml"), "--input", str(source),
                 "--output", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out == f"3 predictions written to {out}\n"
    lines = _lines(out)
    assert [line["id"] for line in lines] == ["a", "2", "7"]
    assert [line["label"] for line in lines][0] == "regional_intervention"
    for line in lines:
        assert len(line["scores"]) == len(TOPICS)
        assert line["label"] == TOPICS[max(range(6), key=line["scores"].__getitem__)]


def test_classify_with_a_saved_model_matches_training(tmp_path, capsys):
    config = tmp_path / "classify-cnb.yaml"
    config.write_text(yaml.safe_dump({"experiment": "classification", "seed": 2, "system": {"name": "tfidf_cnb",
                                      "min_df": [1], "label_copies": [3], "alpha": [0.1]}}))
    record = run_experiment(config, experiments_dir=tmp_path / "experiments", progress=False)
    source = _jsonl(tmp_path / "in.jsonl", INPUT)
    trained, loaded = tmp_path / "trained.jsonl", tmp_path / "loaded.jsonl"
    assert main(["classify", "--config", str(config), "--input", str(source), "--output", str(trained)]) == 0
    assert main(["classify", "--config", str(config), "--input", str(source), "--output", str(loaded),
                 "--model", str(record.run_dir / "model.skops")]) == 0
    assert _lines(trained) == _lines(loaded)
    assert all(abs(sum(line["scores"]) - 1) < 1e-5 for line in _lines(loaded))  # naive Bayes probabilities


def test_bad_line_exits_2_and_writes_nothing(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "fine"}\n{"text": ""}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "research", "classify", "--config", "configs/classify-majority.yaml",
                             "--input", str(source), "--output", str(out), "--quiet"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == f"error: {source}:2: 'text' is empty\n"
    assert not out.exists()


def test_line_limit_comes_from_the_config(tmp_path, capsys):
    config = tmp_path / "classify.yaml"
    config.write_text(yaml.safe_dump({"experiment": "classification", "seed": 1, "system": {"name": "majority"},
                                      "input": {"max_line_bytes": 20}}))
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "short"}, {"text": "a line that is much too long"}])
    assert main(["classify", "--config", str(config), "--input", str(source), "--output",
                 str(tmp_path / "out.jsonl")]) == 2
    assert capsys.readouterr().err == f"error: {source}:2: line longer than 20 bytes\n"


@pytest.mark.parametrize("make_args, message", [
    (lambda t: ["--config", str(CONFIGS / "dataset-stats.yaml")],
     lambda t: f"{CONFIGS / 'dataset-stats.yaml'}: key 'experiment': research classify needs a 'classification' "
               "config, got 'dataset_stats'"),
    (lambda t: ["--config", str(CONFIGS / "classify-majority.yaml"), "--model", str(t / "none.skops")],
     lambda t: f"{t / 'none.skops'}: no such model file"),
    (lambda t: ["--config", str(CONFIGS / "classify-majority.yaml"), "--output", str(t / "in.jsonl")],
     lambda t: f"{t / 'in.jsonl'}: output path is the same as the input"),
])
def test_user_errors(tmp_path, capsys, make_args, message):
    source = _jsonl(tmp_path / "in.jsonl", INPUT)
    args = make_args(tmp_path)
    if "--output" not in args:
        args += ["--output", str(tmp_path / "out.jsonl")]
    assert main(["classify", "--input", str(source), *args]) == 2
    assert capsys.readouterr().err == f"error: {message(tmp_path)}\n"
    assert _lines(source) == [{**row} for row in INPUT]

