"""The summary metrics beyond ROUGE, declared once: column, direction, aggregation and description.

A ``Metric`` says which per-article value it reads (a key of
``research.evaluation.scoring.score_articles`` rows), how the report shows
it, whether higher is better, and how articles combine: ``mean`` over
articles, ``pooled`` (the per-article counts summed, then divided by the
summed ``total``), or ``checker`` (a faithfulness checker's share of
unsupported sentences, which the report computes with its CI). The report's
columns, cells, notes and metrics.json come from ``SUMMARY_METRICS``, so a new
metric is one entry here beside its computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Metric:
    key: str  # per-article value; also its name in metrics.json
    column: str  # table header ("{checker}" is filled in with the checker's name)
    better: Literal["higher", "lower", "neither"]
    aggregate: Literal["mean", "pooled", "checker"]
    note: str = ""  # what it measures; metrics described together leave theirs empty after the first
    group: str = ""  # notes of one group are one paragraph
    total: str = ""  # pooled: the per-article count ``key`` is a part of

    def system_value(self, rows: list[dict]) -> float | None:
        """The system-level value over per-article ``rows`` (None: nothing to average or pool)."""
        if self.aggregate == "mean":
            present = [r[self.key] for r in rows if r[self.key] is not None]
            return sum(present) / len(present) if present else None
        if self.aggregate == "pooled":
            total = sum(r[self.total] for r in rows)
            return sum(r[self.key] for r in rows) / total if total else None
        raise ValueError(f"{self.key}: a '{self.aggregate}' metric is computed by the report")

    def article_cell(self, row: dict) -> object:
        """The per-article table's cell: the value, or ``part/total`` for a pooled count."""
        return f"{row[self.key]}/{row[self.total]}" if self.aggregate == "pooled" else row[self.key]


SUMMARY_METRICS: tuple[Metric, ...] = (
    Metric("semantic", "semantic", "higher", "mean", group="semantic",
           note="semantic: cosine between all-MiniLM-L6-v2 embeddings of the summary and the closer reference."),
    Metric("unsupported", "unsupported ({checker})", "lower", "checker", group="unsupported",
           note="unsupported: share of summary sentences that the '{checker}' faithfulness checker does not find "
                "supported by the article (see results/faithfulness.md for its accuracy), pooled over articles, with "
                "a {level} bootstrap CI over articles (seed {seed})."),
    Metric("invented_numbers", "invented numbers", "lower", "pooled", total="numbers", group="proxies",
           note="invented numbers / names: share of the summary's distinct numbers / capitalised names that the "
                "article does not contain, pooled over articles (blank: no numbers at all)."),
    Metric("invented_names", "invented names", "lower", "pooled", total="names", group="proxies"),
    Metric("novel_2", "novel bigrams", "neither", "mean", group="proxies",
           note="novel bigrams: share of summary bigrams absent from the article."),
    Metric("coverage", "coverage", "neither", "mean", group="proxies",
           note="coverage, density: extractive fragments (Grusky et al., 2018)."),
    Metric("density", "density", "neither", "mean", group="proxies"),
    Metric("compression", "compression", "neither", "mean", group="proxies",
           note="compression: article words / summary words."),
    Metric("words", "words", "neither", "mean", group="proxies", note="words: mean summary length in words."),
)


def metric_notes(metrics: tuple[Metric, ...] = SUMMARY_METRICS, **names: object) -> list[str]:
    """One note per group of metrics, in order, with ``{checker}``-style names filled in."""
    groups: dict[str, list[str]] = {}
    for metric in metrics:
        if metric.note:
            groups.setdefault(metric.group or metric.key, []).append(metric.note.format(**names))
    return [" ".join(notes) for notes in groups.values()]
