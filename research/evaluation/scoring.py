"""Every summary metric for a set of summaries, per article, and their aggregates per system."""

from __future__ import annotations

from dataclasses import dataclass

from research.cache import cache_key, memoised, text_sha256
from research.evaluation.faithfulness import faithfulness
from research.evaluation.metrics import SUMMARY_METRICS
from research.evaluation.rouge import ROUGE_TYPES, rouge
from research.evaluation.semantic import semantic_similarity
from research.stats import Interval, bootstrap_ci, paired_permutation_test


@dataclass(frozen=True)
class SummaryInput:
    article: str
    summary: str
    references: list[str]
    source: str


def score_articles(items: list[SummaryInput]) -> list[dict]:
    """One dict per item: article id, ROUGE (``rouge2_f`` ...), ``semantic`` (best over references),
    ``semantic_mean``, and the faithfulness proxies (``invented_numbers``, ``coverage`` ...)."""
    similarities = semantic_similarity([i.summary for i in items], [i.references for i in items])
    return [
        {"article": item.article, **rouge(item.summary, item.references).flat(),
         "semantic": similarity.best, "semantic_mean": similarity.mean,
         **faithfulness(item.summary, item.source).flat()}
        for item, similarity in zip(items, similarities)
    ]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


@dataclass(frozen=True)
class SystemSummary:
    rouge_f1: dict[str, Interval]  # bootstrap over articles
    means: dict[str, float]  # the ROUGE P/R and mean-over-references F1
    values: dict[str, float | None]  # SUMMARY_METRICS (but the checker's share) as each aggregates
    p_values: dict[str, float | None]  # ROUGE type -> paired test against the baseline (None: no baseline)


def aggregate(rows: list[dict], seed: int, n_resamples: int, baseline: list[dict] | None = None,
              confidence: float = 0.95) -> SystemSummary:
    """System-level numbers from ``score_articles`` rows; ``baseline`` rows must cover the same articles, in order."""
    if baseline is not None and [r["article"] for r in rows] != [b["article"] for b in baseline]:
        raise ValueError("aggregate: the baseline must score the same articles in the same order")
    means = {key: _mean([r[key] for r in rows])
             for kind in ROUGE_TYPES for key in (f"{kind}_p", f"{kind}_r", f"{kind}_f_mean")}
    return SystemSummary(
        rouge_f1={kind: bootstrap_ci([r[f"{kind}_f"] for r in rows], seed, n_resamples, confidence) for kind in ROUGE_TYPES},
        means=means,
        values={m.key: m.system_value(rows) for m in SUMMARY_METRICS if m.aggregate != "checker"},
        p_values={
            kind: None if baseline is None else paired_permutation_test(
                [r[f"{kind}_f"] for r in rows], [b[f"{kind}_f"] for b in baseline], seed, n_resamples)
            for kind in ROUGE_TYPES
        },
    )


def cached_score_articles(items: list[SummaryInput]) -> list[dict]:
    """``score_articles(items)``, computed once per list of inputs and reused while this module's code closure
    (ROUGE, the MiniLM encoder, the proxies) and the libraries it imports are unchanged."""
    key = cache_key({}, {"items": [[i.article, i.summary, list(i.references), text_sha256(i.source)] for i in items]},
                    [__name__])
    return memoised("summary-scores", key, lambda: score_articles(items))
