"""The summarization report with real summarizers: the shipped config, and the cheap systems end to end.

The language-model systems run in their own tests and in `research reproduce`; here Lead-3, TextRank and
the oracle go through the whole report from an empty summary cache.
"""

from research.tasks import load_config
from research.paths import CONFIGS, PROJECT_ROOT
from research.runs import run_experiment


def test_shipped_config_lists_every_runnable_summarizer():
    config = load_config(CONFIGS / "summarization-report.yaml")
    listed = sorted(config.systems)
    shipped = sorted(p.relative_to(PROJECT_ROOT).as_posix() for p in CONFIGS.glob("summarize-*.yaml"))
    # seq2seq needs pretrained summarization weights that do not ship with the project
    assert listed == [p for p in shipped if p != "configs/summarize-seq2seq.yaml"]
    assert config.baseline == "lead" and config.labels["oracle"] == "extractive ceiling"


def test_report_on_real_extractive_systems(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / "report.yaml"
    config.write_text(
        "experiment: summarization_report\nseed: 13\nsystems:\n"
        "  - configs/summarize-lead.yaml\n  - configs/summarize-textrank.yaml\n  - configs/summarize-oracle.yaml\n"
        "labels:\n  lead: Lead-3 baseline\n  oracle: extractive ceiling\nbootstrap: {samples: 1000}\n")
    record = run_experiment(config, experiments_dir=tmp_path / "runs", progress=False)
    main = record.output.tables["summarization"]
    rows = {row[0]: dict(zip(main.columns, row)) for row in main.rows}
    assert list(rows) == ["human: ref_a vs ref_b", "human: ref_b vs ref_a", "lead (Lead-3 baseline)", "textrank",
                          "oracle (extractive ceiling)"]
    lead, oracle, human = rows["lead (Lead-3 baseline)"], rows["oracle (extractive ceiling)"], rows["human: ref_a vs ref_b"]
    # extractive systems copy whole sentences: nothing invented, everything covered
    for row in (lead, rows["textrank"], oracle):
        assert row["invented numbers"] == 0.0 and row["invented names"] == 0.0 and row["coverage"] == 1.0
    assert lead["novel bigrams"] == 0.0  # three consecutive sentences
    # the oracle maximises ROUGE against these references; the references agree with each other more still
    assert lead["R2"] < oracle["R2"] < human["R2"]
    assert oracle["p vs lead (R2)"] == 0.0625  # better on all five articles: the exact test's floor
    assert record.output.predictions[0]["system"] == "lead"
