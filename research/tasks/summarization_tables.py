"""The summarization report's tables: main (ROUGE F1 with CIs, similarity, faithfulness), ROUGE detail, per article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from research.evaluation.metrics import SUMMARY_METRICS, metric_notes
from research.evaluation.rouge import ROUGE_TYPES, SHORT_NAMES
from research.tables import Table
from research.tasks.summarization_report_config import SummarizationReportConfig
from research.tasks.report_config import Variant

if TYPE_CHECKING:
    from research.evaluation.scoring import SystemSummary


ARTICLE_METRICS = [m for m in SUMMARY_METRICS if m.aggregate != "checker"]  # the checker's share is per system


def _variants(config: SummarizationReportConfig) -> str:
    return f" ({len(config.variants)} ablation rows)" if config.variants else ""


def _ci(interval) -> str:
    return f"[{interval.low:.3f}, {interval.high:.3f}]"


def main_table(config: SummarizationReportConfig, names: list[str], summaries: list["SystemSummary"],
                n_articles: int, shares: list, checker: str) -> Table:
    level = config.bootstrap.level
    columns = ["system"] + [c for kind in ROUGE_TYPES for c in (SHORT_NAMES[kind], f"{SHORT_NAMES[kind]} {level} CI")]
    columns += [m.column.format(checker=checker) for m in SUMMARY_METRICS] + [f"p vs {config.baseline} (R2)"]
    rows = []
    for name, s, share in zip(names, summaries, shares):
        rouge_cells = [c for kind in ROUGE_TYPES for c in (s.rouge_f1[kind].mean, _ci(s.rouge_f1[kind]))]
        metric_cells = [share.cell() if m.aggregate == "checker" else s.values[m.key] for m in SUMMARY_METRICS]
        rows.append([name, *rouge_cells, *metric_cells, s.p_values["rouge2"]])
    exact = 2 ** n_articles <= config.bootstrap.samples
    smallest = f"; with {n_articles} articles the smallest attainable p is {2 / 2 ** n_articles:.4f}" if exact else ""
    return Table(
        title=f"Summarization: ROUGE F1 with {level} CIs, semantic similarity and faithfulness proxies of "
              f"{len(config.systems)} systems{_variants(config)}"
              f"{' and the human ceiling' if config.human_ceiling else ''} on "
              f"{n_articles} articles",
        columns=columns,
        rows=rows,
        notes=[
            "R1, R2, RL, RLsum: ROUGE F1 (rouge-score, Porter stemming; RLsum with one sentence per line) against "
            "the better of the two references per metric (score_multi); the mean over references is in "
            f"{config.table}-rouge. Human rows score one reference against the other (one reference each): the "
            "agreement ceiling.",
            f"{level} CI: percentile bootstrap over the {n_articles} articles ({config.bootstrap.samples} resamples, "
            f"seed {config.seed}). With so few articles (two of them retell one story) the intervals are wide; "
            "most differences between systems are within them.",
            f"p vs {config.baseline}: two-sided paired sign-flip permutation test of per-article R2 F1"
            f"{' (exact)' if exact else ''}{smallest}. Blank for the baseline and the human rows.",
            *metric_notes(checker=checker, seed=config.seed, level=level),
            "Seconds per article are wall-clock and machine-dependent, so they are not in results/: see "
            "seconds_per_article in the run's metrics.json and run.log.",
            *([f"Ablation rows: {'; '.join(_variant_note(v) for v in config.variants)}."] if config.variants else []),
        ],
    )


def _variant_note(variant: Variant) -> str:
    return f"'{variant.name}' is {variant.system} with {', '.join(variant.set) or 'its own config'}"


def rouge_table(config: SummarizationReportConfig, names: list[str], summaries: list["SystemSummary"]) -> Table:
    rows = []
    for name, s in zip(names, summaries):
        for kind in ROUGE_TYPES:
            rows.append([name, SHORT_NAMES[kind], s.means[f"{kind}_p"], s.means[f"{kind}_r"], s.rouge_f1[kind].mean,
                         _ci(s.rouge_f1[kind]), s.means[f"{kind}_f_mean"], s.p_values[kind]])
    return Table(
        title="Summarization: ROUGE precision, recall and F1 per system",
        columns=["system", "metric", "P", "R", "F1", f"F1 {config.bootstrap.level} CI", "F1 mean over refs",
                 f"p vs {config.baseline}"],
        rows=rows,
        notes=["P, R, F1: against the better reference per metric (score_multi); F1 mean over refs: the average "
               "over both references. p: paired permutation test of per-article F1, as in the main table."],
    )


def per_article_table(names: list[str], per_article: list[list[dict]]) -> Table:
    rows = []
    for index in range(len(per_article[0])):
        for name, scored in zip(names, per_article):
            r = scored[index]
            rows.append([r["article"], name, *(r[f"{kind}_f"] for kind in ROUGE_TYPES),
                         *(m.article_cell(r) for m in ARTICLE_METRICS)])
    return Table(
        title="Summarization per article: ROUGE F1, semantic similarity and faithfulness proxies",
        columns=["article", "system", *(SHORT_NAMES[kind] for kind in ROUGE_TYPES), *(m.column for m in ARTICLE_METRICS)],
        rows=rows,
        notes=["invented numbers / names: invented / all distinct ones in the summary. Other columns as in the "
               "main table."],
    )
