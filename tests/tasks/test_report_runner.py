"""The report runner: systems plus variants planned into the report's row order, each row produced once, in order."""

import logging

from research.tasks.report_config import Variant
from research.tasks.report_runner import PlannedRow, plan_rows, run_rows
from research.tasks.summarizer_configs import load_summarizer

SYSTEMS = {"lead": "lead.yaml", "random": "random.yaml", "oracle": "oracle.yaml"}  # name -> source
VARIANTS = [Variant(name="oracle: short", system="oracle", set=["budget.words=20"]),
            Variant(name="lead: one", system="lead", set=["budget.sentences=1"]),
            Variant(name="lead: two", system="lead", set=["budget.sentences=2"])]


def _load(source: str, overrides: list[str]) -> tuple[str, tuple[str, ...]]:
    return source, tuple(overrides)


def test_variants_follow_their_system_or_all_systems():
    after_system = plan_rows(SYSTEMS, _load, VARIANTS)
    assert [(r.name, r.system) for r in after_system] == [
        ("lead", "lead"), ("lead: one", "lead"), ("lead: two", "lead"), ("random", "random"),
        ("oracle", "oracle"), ("oracle: short", "oracle")]
    after_all = plan_rows(SYSTEMS, _load, VARIANTS, variants_last=True)
    assert [r.name for r in after_all] == ["lead", "random", "oracle", "oracle: short", "lead: one", "lead: two"]
    assert [r.variant for r in after_all] == [None, None, None, *VARIANTS]


def test_a_variant_config_is_its_system_config_with_its_overrides():
    rows = {r.name: r for r in plan_rows(SYSTEMS, _load, VARIANTS)}
    assert rows["lead"].config == ("lead.yaml", ())
    assert rows["lead: two"].config == ("lead.yaml", ("budget.sentences=2",))
    assert rows["oracle: short"].config == ("oracle.yaml", ("budget.words=20",))
    # with a real loader: the override reaches the validated config, the system's own row keeps the file's value
    real = plan_rows({"lead": "configs/summarize-lead.yaml"}, load_summarizer, VARIANTS[1:2])
    assert [(r.name, r.config.system.name, r.config.budget.sentences) for r in real] == [
        ("lead", "lead", 3), ("lead: one", "lead", 1)]


def test_produce_runs_once_per_row_in_order_and_each_row_is_logged(caplog):
    rows = plan_rows(SYSTEMS, _load, VARIANTS)
    calls = []

    def produce(row: PlannedRow) -> str:
        calls.append(row.name)
        return row.name.upper()

    with caplog.at_level(logging.INFO, logger="test-report-runner"):
        produced = run_rows(rows, produce, logging.getLogger("test-report-runner"))
    assert calls == [r.name for r in rows]
    assert [(p.row, p.output) for p in produced] == [(r, r.name.upper()) for r in rows]
    assert all(p.seconds >= 0 for p in produced)
    assert len(caplog.messages) == len(rows)
    assert all(m.startswith(f"row {i} of 6, {r.name}: ") for i, (m, r) in enumerate(zip(caplog.messages, rows), 1))
