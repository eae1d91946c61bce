"""The summarization report on the five seed articles, with inline stand-in summarizers.

The real summarizers are exercised by their own tests and by `research reproduce`; here two fixed
systems make the report's numbers checkable: ``lead`` (the first three sentences) and ``copy``
(reference A itself, so its ROUGE against the better reference is exactly 1).
"""

import json

import pytest

from research.data import load_articles
from research.errors import ConfigError, DataError
from research.evaluation.faithfulness import novel_ngram_ratio
from research.evaluation.rouge import rouge
from research.runs import run_experiment
from research.summarization import Summarizer
from research.summarization.registry import SYSTEMS

ARTICLES = load_articles().to_list()
# reference A's bigrams absent from its article, averaged over the articles (what the copy row must show)
COPY_NOVEL_BIGRAMS = sum(novel_ngram_ratio(a["summaries"][0], a["text"], 2) for a in ARTICLES) / len(ARTICLES)


def _fake_summaries(path, config, progress):
    name = config.system.name
    if name == "lead":
        return [{"id": a["id"], "summary": " ".join(a["sentences"][:3])} for a in ARTICLES]
    if name == "copy":
        return [{"id": a["id"], "summary": a["summaries"][0]} for a in ARTICLES]
    return [{"id": a["id"], "summary": a["summaries"][0]} for a in ARTICLES[:2]]  # "short": misses articles


@pytest.fixture()
def report(tmp_path, monkeypatch):
    monkeypatch.setattr("research.tasks.summarization_report.system_summaries", _fake_summaries)
    for name in ("copy", "short"):  # stand-ins: the report knows a row by the system its config runs
        SYSTEMS.register(type(name.title(), (Summarizer,), {"name": name}))
    for name in ("lead", "copy", "short"):
        (tmp_path / f"summarize-{name}.yaml").write_text(f"experiment: summarization\nseed: 0\nsystem:\n  name: {name}\n")

    def write(extra: str = "", systems=("lead", "copy")) -> str:
        config = tmp_path / "summarization-report.yaml"
        listed = "".join(f"  - {tmp_path}/summarize-{s}.yaml\n" for s in systems)
        config.write_text(f"experiment: summarization_report\nseed: 3\nsystems:\n{listed}baseline: lead\n"
                          f"labels:\n  lead: Lead-3 baseline\nbootstrap: {{samples: 2000}}\n{extra}")
        return str(config)

    yield write
    for name in ("copy", "short"):
        SYSTEMS.unregister(name)


def test_report_tables_values_and_byte_identical_reruns(report, tmp_path):
    config = report()
    first = run_experiment(config, experiments_dir=tmp_path / "a", progress=False)
    second = run_experiment(config, experiments_dir=tmp_path / "b", progress=False)
    assert sorted(first.output.tables) == ["summarization", "summarization-per-article", "summarization-rouge"]
    assert sorted(first.output.figures) == ["summarization-coverage-density", "summarization-rouge"]
    for name, table in first.output.tables.items():
        assert table.to_markdown() == second.output.tables[name].to_markdown()
        assert table.to_csv() == second.output.tables[name].to_csv()
    assert first.output.figures == second.output.figures

    main = first.output.tables["summarization"]
    assert [row[0] for row in main.rows] == [
        "human: ref_a vs ref_b", "human: ref_b vs ref_a", "lead (Lead-3 baseline)", "copy"]
    copy = dict(zip(main.columns, main.cells()[3]))
    assert [copy[c] for c in ("R1", "R1 95% CI", "R2", "RLsum", "semantic", "novel bigrams")] == [
        "1.000", "[1.000, 1.000]", "1.000", "1.000", "1.000", f"{COPY_NOVEL_BIGRAMS:.3f}"]
    # reference A beats Lead-3 on all five articles: the exact test's smallest p, 2 / 2**5
    assert copy["p vs lead (R2)"] == "0.062"
    lead = dict(zip(main.columns, main.cells()[2]))
    assert lead["p vs lead (R2)"] == ""
    assert lead["novel bigrams"] == "0.000"  # the article's own first sentences: every bigram is in the article
    human = dict(zip(main.columns, main.cells()[0]))
    expected_r2 = sum(rouge(a["summaries"][0], [a["summaries"][1]]).best["rouge2"].f1 for a in ARTICLES) / 5
    assert human["R2"] == f"{expected_r2:.3f}" and human["p vs lead (R2)"] == ""
    assert any("smallest attainable p is 0.0625" in note for note in main.notes)
    assert any("intervals are wide" in note for note in main.notes)
    assert any("metrics.json" in note for note in main.notes)
    assert "seconds" not in " ".join(main.columns)

    per_article = first.output.tables["summarization-per-article"]
    assert len(per_article.rows) == 5 * 4
    assert per_article.rows[0][:2] == [ARTICLES[0]["id"], "human: ref_a vs ref_b"]
    assert per_article.cells()[3][2:6] == ["1.000"] * 4  # copy on the first article

    metrics = json.loads((first.run_dir / "metrics.json").read_text())
    assert metrics["systems"]["copy"]["rouge2_f"] == 1.0
    assert metrics["systems"]["copy"]["seconds_per_article"] >= 0
    assert "seconds_per_article" not in metrics["systems"]["human: ref_a vs ref_b"]
    predictions = [json.loads(line) for line in (first.run_dir / "predictions.jsonl").read_text().splitlines()]
    assert len(predictions) == 10 and predictions[5] == {"system": "copy", "id": ARTICLES[0]["id"],
                                                         "summary": ARTICLES[0]["summaries"][0]}


def test_lead_rows_match_the_metrics_computed_directly(report, tmp_path):
    record = run_experiment(report("human_ceiling: false\n"), experiments_dir=tmp_path, progress=False)
    rows = record.output.tables["summarization-rouge"].rows
    assert [r[:2] for r in rows[:4]] == [["lead (Lead-3 baseline)", m] for m in ("R1", "R2", "RL", "RLsum")]
    scores = [rouge(" ".join(a["sentences"][:3]), a["summaries"]) for a in ARTICLES]
    assert rows[1][4] == pytest.approx(sum(s.best["rouge2"].f1 for s in scores) / 5)
    assert rows[1][6] == pytest.approx(sum(s.mean["rouge2"].f1 for s in scores) / 5)
    assert record.output.tables["summarization"].title == (
        "Summarization: ROUGE F1 with 95% CIs, semantic similarity and faithfulness proxies of 2 systems on 5 articles")


@pytest.mark.parametrize("extra, systems, message", [
    ("", ("lead", "nothing"), "key 'systems': no such summarizer config '{tmp}/summarize-nothing.yaml'"),
    ("", ("lead", "lead"), "key 'systems': system 'lead' is listed twice ({tmp}/summarize-lead.yaml; compare "
                           "settings of one system with variants)"),
    ("baseline: random\n", ("lead", "copy"), None),
])
def test_config_errors(report, tmp_path, extra, systems, message):
    config = report(extra, systems)
    if message is None:  # a second 'baseline' key: YAML keeps the last one
        message = "key 'baseline': unknown system 'random' (choose from: lead, copy)"
    with pytest.raises(ConfigError) as info:
        run_experiment(config, experiments_dir=tmp_path / "runs", progress=False)
    assert str(info.value) == f"{config}: " + message.format(tmp=tmp_path)
    assert not (tmp_path / "runs").exists()


def test_unknown_label_is_an_error(report, tmp_path):
    config = report("", ("lead", "copy"))
    text = open(config).read().replace("  lead: Lead-3 baseline", "  oracel: extractive ceiling")
    open(config, "w").write(text)
    with pytest.raises(ConfigError) as info:
        run_experiment(config, experiments_dir=tmp_path, progress=False)
    assert str(info.value) == f"{config}: key 'labels': unknown system 'oracel' (choose from: lead, copy)"


def test_listed_configs_must_be_summarizers(report, tmp_path):
    (tmp_path / "summarize-stats.yaml").write_text("experiment: dataset_stats\nseed: 0\n")
    config = report("", ("lead", "stats"))
    with pytest.raises(ConfigError) as info:
        run_experiment(config, experiments_dir=tmp_path, progress=False)
    assert str(info.value) == (f"{tmp_path}/summarize-stats.yaml: the summarization report needs summarizer configs "
                               "(experiment: summarization), got experiment 'dataset_stats'")


def test_summaries_must_cover_every_article(report, tmp_path):
    config = report("", ("lead", "short"))
    with pytest.raises(DataError) as info:
        run_experiment(config, experiments_dir=tmp_path / "runs", progress=False)
    ids = sorted(a["id"] for a in ARTICLES)
    assert str(info.value) == f"{tmp_path}/summarize-short.yaml: its summaries cover articles {ids[:2]}, expected {ids}"
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").rglob("metrics.json"))


def test_variant_rows_follow_their_system_and_are_scored_like_it(report, tmp_path, monkeypatch):
    seen = []

    def summaries(path, config, progress):
        seen.append((path.rsplit("summarize-", 1)[1], config.budget.sentences))
        if config.budget.sentences == 1:  # the variant: Lead-1
            return [{"id": a["id"], "summary": a["sentences"][0]} for a in ARTICLES]
        return _fake_summaries(path, config, progress)

    monkeypatch.setattr("research.tasks.summarization_report.system_summaries", summaries)
    config = report("variants:\n  - {name: 'lead: one sentence', system: lead, set: [budget.sentences=1]}\n")
    record = run_experiment(config, experiments_dir=tmp_path / "runs", progress=False)
    assert seen == [("lead.yaml", None), ("lead.yaml", 1), ("copy.yaml", None)]
    main = record.output.tables["summarization"]
    assert [row[0] for row in main.rows] == ["human: ref_a vs ref_b", "human: ref_b vs ref_a",
                                             "lead (Lead-3 baseline)", "lead: one sentence", "copy"]
    lead1 = dict(zip(main.columns, main.cells()[3]))
    expected = sum(rouge(a["sentences"][0], a["summaries"]).best["rouge2"].f1 for a in ARTICLES) / 5
    assert lead1["R2"] == f"{expected:.3f}" and lead1["p vs lead (R2)"] != ""
    assert main.title.endswith("of 2 systems (1 ablation rows) and the human ceiling on 5 articles")
    assert "Ablation rows: 'lead: one sentence' is lead with budget.sentences=1." in main.notes
    metrics = json.loads((record.run_dir / "metrics.json").read_text())
    assert metrics["systems"]["lead: one sentence"]["seconds_per_article"] >= 0


@pytest.mark.parametrize("variant, message", [
    ("{name: x, system: lexrank}", "key 'variants': variant 0 ('x'): unknown system 'lexrank' (choose from: lead, "
                                   "copy)"),
    ("{name: copy, system: lead}", "key 'variants': variant 0: the name 'copy' is already a row"),
    ("{name: x, system: lead, sett: []}", "unknown key 'variants.0.sett'"),
    ("{name: x, system: lead, set: [budget.sentences=0]}",
     "key 'variants': variant 0 ('x'): {tmp}/summarize-lead.yaml: key 'budget.sentences': input should be greater "
     "than 0, got integer 0"),
])
def test_variant_errors_name_the_key_and_run_nothing(report, tmp_path, variant, message):
    config = report(f"variants:\n  - {variant}\n")
    with pytest.raises(ConfigError) as info:
        run_experiment(config, experiments_dir=tmp_path / "runs", progress=False)
    assert str(info.value) == f"{config}: " + message.format(tmp=tmp_path)
    assert not (tmp_path / "runs").exists()
