"""The summarization report: every listed summarizer scored against the two references of each seed article.

Rows: the human ceiling (``ref_a`` scored against ``ref_b`` and the reverse),
then each system in config order (the oracle labelled as the extractive
ceiling), each followed by its ablation rows (``variants``, see
``research.tasks.summarization_variants``), planned and run by
``research.tasks.report_runner``. Tables: the main table (ROUGE F1
with bootstrap CIs, semantic similarity, faithfulness proxies, p-value against
the baseline), a ROUGE detail table (P/R/F1 per type) and a per-article table;
figures: ROUGE bars with CIs and coverage against density. Wall-clock seconds per article go to
metrics.json and run.log only, so results/ stays byte-identical.
"""

from __future__ import annotations

from research.data import load_articles
from research.data.sources import corpus_fingerprint
from research.errors import DataError
from research.evaluation.metrics import SUMMARY_METRICS
from research.evaluation.rouge import ROUGE_TYPES
from research.faithfulness import DEFAULT_CHECKER
from research.faithfulness.share import judged, unsupported_share
from research.parallel import session
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.summarization import summarize_articles
from research.tasks.summarization_report_config import SummarizationReportConfig
from research.tasks.summarization_tables import main_table, per_article_table, rouge_table
from research.tasks.report_runner import PlannedRow, plan_rows, run_rows
from research.tasks.summarizer_configs import load_summarizer, system_name

HUMAN_ROWS = (("human: ref_a vs ref_b", 0, 1), ("human: ref_b vs ref_a", 1, 0))


def system_summaries(path: str, config, progress: bool) -> list[dict]:
    """``[{id, summary}]`` of one summarizer over its corpus (cached on disk by the summarizer)."""
    return summarize_articles(config, progress=progress)


def _checked(path: str, rows: list[dict], ids: list[str]) -> dict[str, str]:
    by_id = {row["id"]: row["summary"] for row in rows}
    if sorted(by_id) != sorted(ids) or len(rows) != len(ids):
        raise DataError(f"{path}: its summaries cover articles {sorted(by_id)}, expected {sorted(ids)}")
    return by_id


def _display(name: str, labels: dict[str, str]) -> str:
    return f"{name} ({labels[name]})" if name in labels else name


def run(config: SummarizationReportConfig, context: RunContext) -> TaskOutput:
    # imported here: scipy, matplotlib and the models are not needed to validate a config
    from research.evaluation import plots
    from research.evaluation.scoring import SummaryInput, aggregate, cached_score_articles

    articles = load_articles().to_list()
    ids = [a["id"] for a in articles]
    rows: list[tuple[str, str | None, list[SummaryInput]]] = []  # (shown name, system or None for human, inputs)
    if config.human_ceiling:
        for label, own, other in HUMAN_ROWS:
            rows.append((label, None, [SummaryInput(a["id"], a["summaries"][own], [a["summaries"][other]], a["text"])
                                       for a in articles]))
    paths = {system_name(p): p for p in config.systems}
    planned = plan_rows(paths, load_summarizer, config.variants)  # variants right after their system

    def produce(row: PlannedRow) -> dict[str, str]:
        system_config = row.config.model_copy(update={"parallel": config.parallel})
        path = paths[row.system]
        return _checked(path, system_summaries(path, system_config, context.progress), ids)

    with session(config.parallel):  # one Ray session for every system
        produced = run_rows(planned, produce, context.logger)
    seconds: dict[str, float] = {}  # row name -> wall-clock seconds per article
    predictions = []
    for done in produced:
        name, summaries = done.row.name, done.output
        seconds[name] = done.seconds / len(ids)
        context.logger.info("%s: %.3f s per article (wall-clock, cache hits included)", name, seconds[name])
        shown = name if done.row.variant is not None else _display(name, config.labels)
        rows.append((shown, name, [SummaryInput(a["id"], summaries[a["id"]], list(a["summaries"]), a["text"])
                                   for a in articles]))
        predictions += [{"system": name, "id": a["id"], "summary": summaries[a["id"]]} for a in articles]
    names = [shown for shown, _, _ in rows]

    checker = config.faithfulness_checker or DEFAULT_CHECKER
    shares = [unsupported_share([judged(checker, i.source, i.summary) for i in inputs], config.seed,
                                confidence=config.bootstrap.confidence)
              for _, _, inputs in rows]
    per_article = [cached_score_articles(inputs) for _, _, inputs in rows]
    baseline = per_article[[system for _, system, _ in rows].index(config.baseline)]
    results = [
        aggregate(scored, config.seed, config.bootstrap.samples,
                  baseline=None if system in (None, config.baseline) else baseline, confidence=config.bootstrap.confidence)
        for (_, system, _), scored in zip(rows, per_article)
    ]
    metrics = {"articles": len(ids), "systems": {}}
    for (shown, system, _), result, share in zip(rows, results, shares):
        metrics["systems"][shown] = {
            **{f"{kind}_f": result.rouge_f1[kind].mean for kind in ROUGE_TYPES},
            **{m.key: share.rate if m.aggregate == "checker" else result.values[m.key] for m in SUMMARY_METRICS},
            "p_rouge2_vs_baseline": result.p_values["rouge2"],
            **({"seconds_per_article": seconds[system]} if system else {}),
        }
    context.logger.info("scored %d systems and %d variants on %d articles", len(config.systems), len(config.variants),
                        len(ids))
    prefix = config.table
    return TaskOutput(
        tables={prefix: main_table(config, names, results, len(ids), shares, checker),
                f"{prefix}-rouge": rouge_table(config, names, results),
                f"{prefix}-per-article": per_article_table(names, per_article)},
        metrics=metrics,
        predictions=predictions,
        input_hash=corpus_fingerprint(articles),
        figures={
            f"{prefix}-rouge": plots.rouge_bars(names, [r.rouge_f1 for r in results],
                                                f"ROUGE F1 per system ({config.bootstrap.level} bootstrap CI over articles)"),
            f"{prefix}-coverage-density": plots.coverage_density(names, per_article,
                                                                 "Extractive fragment coverage and density"),
        },
        captions={
            f"{prefix}-rouge": "ROUGE-1/2/L/Lsum F1 per system and for the human ceiling, with "
                               f"{config.bootstrap.level} bootstrap intervals over articles",
            f"{prefix}-coverage-density": "Extractive fragment coverage against density (log) per article and "
                                          "system; large markers are system means",
        },
    )


TASK = Task("summarization_report", SummarizationReportConfig, run)
