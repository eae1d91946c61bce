"""The FRANK benchmarks (configs/frank-checkers.yaml, configs/frank-summarization.yaml) on a small FRANK-format
fixture: the same config on another file gives its tables, FRANK's folder form gives the same tables, and the
partial correlations are FRANK's residualise-then-correlate."""

import csv
import json

import numpy as np
import pytest
from scipy import stats as scipy_stats
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import OneHotEncoder

from research.cache import CACHE_ENV
from research.data.frank import frank_articles, frank_rows
from research.errors import ConfigError
from research.paths import CONFIGS, PROJECT_ROOT
from research.runs import run_experiment
from research.tasks import frank_summarizers, load_config

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "frank" / "frank-small.jsonl"
CHECKERS = ["checkers=[numbers, names]", "variants=[]", "bootstrap.samples=50"]
SUMMARIZERS = ["systems=[{config: configs/summarize-lead.yaml}, {config: configs/summarize-oracle.yaml}, "
               "{config: configs/summarize-textrank.yaml, articles: 2}]", "faithfulness_checker=numbers",
               "bootstrap.samples=50"]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path_factory.getbasetemp() / "frank-cache"))


def folder_form(rows: list[dict], folder):
    """The fixture written as FRANK's own files (XSum called bbc there)."""
    folder.mkdir()
    key = lambda r: {"hash": r["article_id"], "model_name": r["system"]}  # noqa: E731
    files = {
        "benchmark_data.json": [{**key(r), "article": r["article"], "summary": r["summary"],
                                 "reference": r["reference"], "split": r["split"]} for r in rows],
        "human_annotations.json": [{**key(r), "dataset": {"xsum": "bbc"}.get(r["dataset"], r["dataset"]),
                                    "Factuality": r["factuality"], **r["error_free"], "split": r["split"]}
                                   for r in rows],
        "baseline_factuality_metrics_outputs.json": [
            {**key(r), **{m: v for m, v in r["baseline_scores"].items() if v is not None}} for r in rows],
    }
    for name, items in files.items():
        (folder / name).write_text(json.dumps(items), encoding="utf-8")
    return folder


def tables(config: str, overrides: list[str], tmp_path) -> dict[str, str]:
    record = run_experiment(CONFIGS / config, overrides, experiments_dir=tmp_path / "experiments", progress=False)
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((record.run_dir / "tables").iterdir()) if p.is_file()}


def direct_partial_pearson(metric, human, systems) -> float:
    q = OneHotEncoder().fit_transform(np.asarray(systems).reshape(-1, 1))
    x = metric - LinearRegression().fit(q, metric).predict(q)
    y = human - LinearRegression().fit(q, human).predict(q)
    return float(scipy_stats.pearsonr(x, y).statistic)


def test_checker_benchmark_on_another_frank_file_and_its_folder_form(tmp_path):
    from_jsonl = tables("frank-checkers.yaml", [f"data.path={FIXTURE}", *CHECKERS], tmp_path)
    folder = folder_form(frank_rows(FIXTURE), tmp_path / "frank")
    assert tables("frank-checkers.yaml", [f"data.path={folder}", *CHECKERS], tmp_path) == from_jsonl
    assert tables("frank-checkers.yaml", [f"data.path={folder}", "data.split=valid", *CHECKERS], tmp_path) == from_jsonl
    main = from_jsonl["frank-checkers.md"]
    assert "| all | numbers | ours | 27 |" in main and "| XSum | names | ours | 12 |" in main
    assert "| CNN/DM | Dep Entail | published | 15 |" in main
    assert "| dataset | system | summaries | people: factual |" in from_jsonl["frank-checkers-systems.md"]
    assert "| bart | 3 |" in from_jsonl["frank-checkers-systems.md"]
    reliability = list(csv.reader(from_jsonl["frank-checkers-reliability.csv"].splitlines()))[1:]
    for checker in ("numbers", "names"):  # every summary in one bin of each of our checkers, no anchor
        assert sum(int(row[2]) for row in reliability if row[0] == checker) == 27
    assert {row[0] for row in reliability} == {"numbers", "names"}


def test_a_variant_row_is_its_checker_with_options_changed_right_after_it(tmp_path, monkeypatch):
    from research.faithfulness import share

    built = []
    real = share.build_checker
    monkeypatch.setattr(share, "build_checker", lambda **system: built.append(system) or real(**system))
    variant = "variants=[{name: 'numbers: tokenised text as given', system: numbers, set: [detokenise=false]}]"
    found = tables("frank-checkers.yaml", [f"data.path={FIXTURE}", *CHECKERS, variant, "parallel.backend=local"],
                   tmp_path)
    rows = [line.split(" | ")[:3] for line in found["frank-checkers.md"].splitlines() if line.startswith("| all |")]
    assert [name for _, name, _ in rows][:3] == ["numbers", "numbers: tokenised text as given", "names"]
    assert {"name": "numbers", "detokenise": False} in built  # (the default numbers may come from the cache)
    assert "| numbers: tokenised text as given: passed |" in found["frank-checkers-systems.md"]


def test_an_anchor_row_is_frank_partial_correlation(tmp_path):
    """The published metric's row, from the file's scores through the benchmark's code, equals FRANK's protocol
    computed directly, per dataset."""
    rows = frank_rows(FIXTURE)
    csv = tables("frank-checkers.yaml", [f"data.path={FIXTURE}", *CHECKERS], tmp_path)["frank-checkers.csv"]
    cells = {(line.split(",")[0], line.split(",")[1]): line.split(",")[4] for line in csv.splitlines()[1:]}
    for label, dataset in (("CNN/DM", "cnndm"), ("all", None)):  # the fixture's XSum judgments are all 0
        mine = [r for r in rows if dataset in (None, r["dataset"])]
        expected = direct_partial_pearson(np.array([r["baseline_scores"]["BertScore P Art"] for r in mine]),
                                          np.array([r["factuality"] for r in mine]), [r["system"] for r in mine])
        assert cells[(label, "BertScore P Art")] == f"{expected:.3f}"
    assert cells[("XSum", "BertScore P Art")] == ""  # no variation left to correlate: empty, not a number


def test_summarizer_benchmark_on_another_frank_file_and_its_folder_form(tmp_path):
    from_jsonl = tables("frank-summarization.yaml", [f"data.path={FIXTURE}", *SUMMARIZERS], tmp_path)
    folder = folder_form(frank_rows(FIXTURE), tmp_path / "frank")
    assert tables("frank-summarization.yaml", [f"data.path={folder}", *SUMMARIZERS], tmp_path) == from_jsonl
    main = from_jsonl["frank-summarization.md"]
    assert "| CNN/DM | lead (Lead-3) | ours | 3 sentences | 3 |" in main
    assert "| XSum | lead (Lead-1) | ours | 1 sentence | 3 |" in main
    assert "| CNN/DM | textrank | ours | 3 sentences | 2 |" in main  # the first two articles only
    assert "| CNN/DM | oracle | ours | 3 sentences | 3 |" in main  # the oracle reads this file's references
    assert "| CNN/DM | bart | published |  | 3 |" in main and "| XSum | TConvS2S | published |  | 3 |" in main


@pytest.mark.parametrize("override, message", [
    ("data.path=no/such.jsonl", "key 'data.path': no such file or folder 'no/such.jsonl'"),
    ("checkers=[nmbers]", "key 'checkers': unknown checker \"nmbers\" (did you mean 'numbers'?)"),
    ("anchors=[BertScore]", "key 'anchors': unknown published metric 'BertScore'"),
    ("summary_score=median", "key 'summary_score'"),
    ("variants=[{name: x, system: names, set: [C=1]}]", "key 'variants': variant 0 ('x'): checker 'names': "),
    ("variants=[{name: x, system: combined, set: [detokenise=2]}]",
     "key 'variants': variant 0 ('x'): checker 'combined': detokenise must be true or false, got 2"),
    ("variants=[{name: names, system: combined}]", "key 'variants': variant 0: the name 'names' is already a row"),
])
def test_checker_benchmark_config_errors_name_the_key(override, message):
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "frank-checkers.yaml", [override])
    assert message in str(error.value) and str(error.value).startswith(str(CONFIGS / "frank-checkers.yaml"))


def test_summarizer_benchmark_refuses_a_config_that_is_not_a_summarizer():
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "frank-summarization.yaml", ["systems=[{config: configs/classify-majority.yaml}]"])
    assert "is not a summarizer config (experiment: summarization), got experiment 'classification'" in str(error.value)


@pytest.mark.parametrize("config, overrides", [("frank-checkers.yaml", CHECKERS),
                                               ("frank-summarization.yaml", SUMMARIZERS)])
def test_the_bootstrap_confidence_reaches_the_intervals_and_their_labels(config, overrides, tmp_path):
    main = config.replace(".yaml", ".md")
    wide = tables(config, [f"data.path={FIXTURE}", *overrides], tmp_path)[main]
    narrow = tables(config, [f"data.path={FIXTURE}", *overrides, "bootstrap.confidence=0.5"], tmp_path)[main]
    assert "95% CI" in wide and "50% CI" in narrow and "95%" not in narrow
    assert narrow.replace("50%", "95%") != wide  # the intervals themselves moved, not only their labels


def test_a_trained_summarizer_runs_out_of_fold(tmp_path, monkeypatch):
    learned = tmp_path / "summarize-learned.yaml"  # 2 inner folds: the fixture has 3 articles per dataset
    learned.write_text((CONFIGS / "summarize-learned.yaml").read_text().replace("folds: 4", "folds: 2"))
    seen = []
    summarize = frank_summarizers.summarize_texts

    def recording(config, texts, progress):
        seen.append((config.system, texts))
        return summarize(config, texts, progress)

    monkeypatch.setattr(frank_summarizers, "summarize_texts", recording)
    main = tables("frank-summarization.yaml", [f"data.path={FIXTURE}", "faithfulness_checker=numbers",
                                               "bootstrap.samples=50", "folds=3", "published=false",
                                               f"systems=[{{config: configs/summarize-lead.yaml}}, {{config: {learned}}}]"],
                  tmp_path)["frank-summarization.md"]
    assert "| CNN/DM | learned (3 folds, out-of-fold) | ours | 3 sentences | 3 |" in main
    assert "| XSum | learned (3 folds, out-of-fold) | ours | 1 sentence | 3 |" in main
    articles = {a["text"]: a for a in frank_articles(frank_rows(FIXTURE))}
    folds = [(system, texts) for system, texts in seen if system.name == "learned"]
    assert len(folds) == 6  # 3 folds per dataset, each training on the other folds of its own dataset
    for system, texts in folds:
        assert system.train == str(FIXTURE) and {articles[t]["dataset"] for t in texts} == {system.dataset}
        assert sorted(articles[t]["id"] for t in texts) == sorted(system.hold_out)
