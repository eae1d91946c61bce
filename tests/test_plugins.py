"""Systems from outside the package: a toy summarizer, classifier and checker in tests/plugins/, each one module
plus one config (its `plugins:` key names the module), run through the CLI with no other file touched."""

import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from research import cache, plugins
from research.cli import main
from research.data.annotations import TOPICS
from research.errors import ConfigError
from research.plugins import Registry

PLUGINS = Path(__file__).parent / "plugins"


@pytest.fixture(autouse=True)
def no_plugins_after(monkeypatch, tmp_path):
    """Plugins loaded here are forgotten afterwards (other tests list the built-in systems exactly)."""
    monkeypatch.setattr(plugins, "_PLUGIN_MODULES", {})
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))


def _jsonl(path: Path, rows: list[dict]) -> str:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return str(path)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_summarizer_plugin_runs_through_research_summarize(tmp_path, capsys):
    text = "The junta closed the border with Benin and Nigeria on Monday and again on Tuesday. It said little."
    source = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": text}])
    args = ["summarize", "--config", str(PLUGINS / "summarize-toy.yaml"), "--input", source, "--quiet"]
    assert main(args + ["--output", str(tmp_path / "out.jsonl")]) == 0
    # the first sentence (15 words) cut to the config's budget of 12 words
    assert _read(tmp_path / "out.jsonl") == [
        {"id": "a", "summary": "The junta closed the border with Benin and Nigeria on Monday and"}]


def test_a_classifier_plugin_runs_through_research_classify(tmp_path):
    from research.classification.data import challenge_items, seed_paragraphs

    texts = ["ECOWAS leaders threatened military intervention to restore President Bazoum.",
             "Thousands of young volunteers registered in Niamey to defend the country."]
    source = _jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    args = ["classify", "--config", str(PLUGINS / "classify-toy.yaml"), "--input", source, "--quiet"]
    assert main(args + ["--output", str(tmp_path / "out.jsonl")]) == 0
    # the same pipeline fitted here by scikit-learn alone, on the shipped model's data (seeds + challenge set)
    seeds, challenge = seed_paragraphs(), challenge_items()
    model = make_pipeline(CountVectorizer(binary=True), MultinomialNB()).fit(
        list(seeds.texts + challenge.texts), np.concatenate([seeds.labels, challenge.labels]))
    rows = _read(tmp_path / "out.jsonl")
    assert [row["label"] for row in rows] == list(model.predict(texts))
    assert [row["label"] for row in rows] == ["regional_intervention", "domestic_mobilisation"]
    order = [list(model.classes_).index(topic) for topic in TOPICS]  # scores come in topic order
    assert [row["scores"] for row in rows] == [[round(float(ps[i]), 6) for i in order]
                                               for ps in model.predict_proba(texts)]


def test_a_checker_plugin_runs_through_research_verify(tmp_path):
    sources = _jsonl(tmp_path / "s.jsonl", [{"id": "a", "text": "The junta closed the border. ECOWAS met in Abuja."}])
    summaries = _jsonl(tmp_path / "p.jsonl", [{"id": "a", "summary": "The junta closed the border in Abuja. "
                                                                       "Wagner sent troops to Paris."}])
    args = ["verify", "--config", str(PLUGINS / "verify-toy.yaml"), "--sources", sources, "--summaries", summaries]
    assert main(args + ["--output", str(tmp_path / "v.jsonl"), "--quiet"]) == 0
    [row] = _read(tmp_path / "v.jsonl")
    assert [(s["supported"], s["score"], s["evidence"]) for s in row["sentences"]] == [
        (True, 1.0, ["The junta closed the border."]),  # 7 of 7 words in the source, threshold 0.75
        (False, 0.0, ["The junta closed the border."])]


def test_a_plugin_is_in_its_systems_cache_key(tmp_path):
    from research.summarization import build_summarizer

    folder = tmp_path / "plugin"
    folder.mkdir()
    code = (PLUGINS / "toy_summarizer.py").read_text()
    (folder / "toy_summarizer.py").write_text(code)
    plugins.load_plugins(["toy_summarizer.py"], folder)
    before = build_summarizer({"name": "first_sentence"}).cache_identity()["code"]
    plugins._PLUGIN_MODULES.clear()  # a new process, after the edit
    (folder / "toy_summarizer.py").write_text(code + "\n# edited\n")
    plugins.load_plugins(["toy_summarizer.py"], folder)
    assert build_summarizer({"name": "first_sentence"}).cache_identity()["code"] != before


def test_a_plugin_cannot_take_a_built_in_name(tmp_path):
    (tmp_path / "lead_again.py").write_text(
        "from research.summarization.base import Summarizer\n\n\nclass Lead(Summarizer):\n    name = 'lead'\n")
    (tmp_path / "c.yaml").write_text("experiment: summarization\nseed: 0\nplugins: [lead_again.py]\n"
                                     "system: {name: lead}\n")
    from research.tasks import load_config

    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "c.yaml")
    assert str(error.value) == (f"{tmp_path / 'lead_again.py'}: system 'lead' is already defined "
                                "(by research.summarization.lead); choose another name")


@pytest.mark.parametrize("plugins_value, message", [
    ("[missing.py]", "key 'plugins': plugin file 'missing.py' does not exist (looked for {tmp}/missing.py)"),
    ("[no_such_module_here]", "key 'plugins': plugin module 'no_such_module_here' cannot be imported: No module "
                              "named 'no_such_module_here'"),
    ("toy.py", "key 'plugins': expected a list of .py files or module names, got \"toy.py\""),
])
def test_plugin_errors_name_the_key_and_the_file(tmp_path, plugins_value, message):
    from research.tasks import load_config

    (tmp_path / "c.yaml").write_text(f"experiment: summarization\nseed: 0\nplugins: {plugins_value}\n"
                                     "system: {name: lead}\n")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "c.yaml")
    assert str(error.value) == f"{tmp_path / 'c.yaml'}: " + message.format(tmp=tmp_path)


def test_every_family_words_an_unknown_name_the_same_way():
    class Thing:
        def __init__(self, name):
            self.name = name

    registry = Registry("widget", (), lambda obj: isinstance(obj, Thing))
    registry.register(Thing("spanner"))
    registry.register(Thing("hammer"))
    with pytest.raises(ValueError) as error:
        registry.lookup("spaner")
    assert str(error.value) == "unknown widget \"spaner\" (did you mean 'spanner'?) (choose from: hammer, spanner)"
    assert list(registry) == ["spanner", "hammer"] and registry.names() == ["hammer", "spanner"]
    with pytest.raises(ConfigError, match="widget 'hammer' is already defined"):
        registry.register(Thing("hammer"))
