"""The summarization experiment kind, its configs, summarize_articles and `research summarize`."""

import json

import pytest
import urllib3  # noqa: F401  imported before pytest-socket blocks sockets (its import probes IPv6)

from research.cache import CACHE_ENV
from research.cli import main
from research.tasks import load_config
from research.errors import ConfigError, UserError
from research.paths import CONFIGS
from research.runs import run_experiment
from research.summarization import system_names
from research.tasks.summarization import SummarizationConfig, summarize_articles

IDS = ["000_cd27de7ec40d4303", "001_435e95628c7731a9", "002_a19fdc4d4b0ad4ef", "003_ff28ba0c9779c2b0",
       "004_004b61775ea89a25"]


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _config(tmp_path, text: str):
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_system_has_a_config_that_loads():
    for name in system_names():
        config = load_config(CONFIGS / f"summarize-{name.replace('_', '-')}.yaml")
        assert isinstance(config, SummarizationConfig) and config.system.name == name
    assert load_config(CONFIGS / "summarize-lead.yaml").budget.sentences == 3  # Lead-3


@pytest.mark.parametrize("body, message", [
    ("system: {name: textrnk}", "key 'system': unknown system \"textrnk\" (did you mean 'textrank'?) (choose from: "
                                "chat_lm, embedding_centroid, extract_then_rewrite, lead, learned, lexrank, oracle, random, "
                                "seq2seq, textrank, verified)"),
    ("system: {model: x}", "key 'system': missing 'name' (choose from: chat_lm, embedding_centroid, "
                           "extract_then_rewrite, lead, learned, lexrank, oracle, random, seq2seq, textrank, verified)"),
    ("system: {name: lexrank, treshold: 0.2}", "key 'system': unknown parameter 'treshold' for system 'lexrank' "
                                               "(did you mean 'threshold'?) (parameters: stop_words, stemming, "
                                               "threshold)"),
    ("system: {name: lexrank, threshold: 2}", "key 'system.threshold': input should be less than 1, got integer 2"),
    ("system: {name: lead}\nbudget: {words: 5, sentences: 1}",
     "key 'budget': give either 'words' or 'sentences', not both"),
    ("system: {name: lead}\nruntime: {device: gpu}",
     "key 'runtime.device': input should be 'auto', 'cpu' or 'cuda', got string \"gpu\""),
    ("system: {name: chat_lm, prompt: 'Summarize.'}", "key 'system.prompt': the template must contain {text}"),
])
def test_config_errors_are_one_line(tmp_path, body, message):
    path = _config(tmp_path, f"experiment: summarization\nseed: 1\n{body}\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


def test_summarize_articles_returns_id_and_summary_in_article_order():
    rows = summarize_articles(load_config(CONFIGS / "summarize-lead.yaml"))
    assert [r["id"] for r in rows] == IDS
    assert set(rows[0]) == {"id", "summary"}
    assert rows[0]["summary"].startswith("Niamey, Niger: In response to escalating tensions")


def test_run_records_predictions_lengths_and_metrics(tmp_path, cache):
    record = run_experiment(CONFIGS / "summarize-oracle.yaml", ["budget.words=50"], experiments_dir=tmp_path / "exp",
                            progress=False)
    predictions = [json.loads(line) for line in (record.run_dir / "predictions.jsonl").read_text().splitlines()]
    assert [p["id"] for p in predictions] == IDS and all(set(p) == {"id", "summary"} for p in predictions)
    metrics = json.loads((record.run_dir / "metrics.json").read_text())
    assert metrics["label"] == "oracle (extractive ceiling)" and metrics["budget"] == "50 words"
    assert (metrics["cached"], metrics["computed"]) == (0, 5)
    assert metrics["max_words"] <= 50 and "wall_seconds" in metrics
    table = (record.run_dir / "tables" / "summary_lengths.md").read_text()
    assert table.startswith("# Summary lengths: oracle (extractive ceiling)\n")
    again = run_experiment(CONFIGS / "summarize-oracle.yaml", ["budget.words=50"], experiments_dir=tmp_path / "exp",
                           progress=False)
    assert (again.output.metrics["cached"], again.output.metrics["computed"]) == (5, 0)
    assert again.output.predictions == record.output.predictions


def test_oracle_on_other_data_fails_clearly(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "The junta met on Friday. Talks failed. Troops moved."}) + "\n")
    config = load_config(CONFIGS / "summarize-oracle.yaml", [f"data.source={corpus}"])
    with pytest.raises(UserError) as error:
        summarize_articles(config)
    assert str(error.value).startswith("oracle (extractive ceiling) needs reference summaries")


def _inputs(tmp_path, lines: list[str]):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_summarize_command_writes_one_line_per_input(tmp_path, capsys):
    source = _inputs(tmp_path, [
        json.dumps({"id": "a", "text": "Troops reached Niamey. The weather was mild.\n\nECOWAS met on Friday."}),
        json.dumps({"text": "A second text. It is short."}),
    ])
    out = tmp_path / "out.jsonl"
    assert main(["summarize", "--config", str(CONFIGS / "summarize-lead.yaml"), "--input", str(source),
                 "--output", str(out), "--set", "budget.sentences=2", "--quiet"]) == 0
    assert [json.loads(line) for line in out.read_text().splitlines()] == [
        {"id": "a", "summary": "Troops reached Niamey. The weather was mild."},
        {"id": "2", "summary": "A second text. It is short."},
    ]
    assert capsys.readouterr().out == f"2 summaries written to {out}\n"


def test_summarize_bad_line_exits_2_naming_the_line_and_writes_nothing(tmp_path, capsys):
    source = _inputs(tmp_path, [json.dumps({"text": "Fine text. Two."}), json.dumps({"id": "b"})])
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    assert main(["summarize", "--config", str(CONFIGS / "summarize-textrank.yaml"), "--input", str(source),
                 "--output", str(out), "--quiet"]) == 2
    assert capsys.readouterr().err == f"error: {source}:2: missing 'text'\n"
    assert out.read_text() == "previous\n"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no temporary file, no cache


def test_summarize_failure_midway_leaves_no_output(tmp_path, capsys):
    source = _inputs(tmp_path, [json.dumps({"text": "Not a seed article. It has no references."})])
    out = tmp_path / "out.jsonl"
    assert main(["summarize", "--config", str(CONFIGS / "summarize-oracle.yaml"), "--input", str(source),
                 "--output", str(out), "--quiet"]) == 2
    assert capsys.readouterr().err.startswith("error: oracle (extractive ceiling) needs reference summaries")
    assert not out.exists()


@pytest.mark.parametrize("config, message", [
    ("dataset-stats.yaml", "{config}: `research summarize` needs a summarization config (experiment: summarization), "
                           "got experiment 'dataset_stats'"),
    ("summarize-seq2seq.yaml", "seq2seq model 'models/bart-large-cnn' is neither a local folder nor in the Hugging "
                               "Face cache, and downloads are off (HF_HUB_OFFLINE=1): fetch it once with --online, "
                               "or set system.model to a local folder"),
])
def test_summarize_config_problems(tmp_path, capsys, monkeypatch, config, message):
    monkeypatch.chdir(tmp_path)
    source = _inputs(tmp_path, [json.dumps({"text": "Some text. More."})])
    assert main(["summarize", "--config", str(CONFIGS / config), "--input", str(source),
                 "--output", str(tmp_path / "out.jsonl"), "--quiet"]) == 2
    assert capsys.readouterr().err == "error: " + message.format(config=CONFIGS / config) + "\n"
    assert not (tmp_path / "out.jsonl").exists()
