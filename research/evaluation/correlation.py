"""A metric against human judgments of the same summaries, by FRANK's protocol.

FRANK (Pagnoni et al., 2021) scores a factuality metric by its partial
correlation with the human judgment, controlling for the system that wrote the
summary (``research.stats.partial_correlation``). Around it: a percentile
bootstrap interval resampling whole articles (their summaries are not
independent), Williams' test against another metric on the same summaries, and
balanced accuracy for "factual" with the threshold fitted on other articles
(grouped folds), so no cut is chosen on the summaries it is scored on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GroupKFold

from research.faithfulness.fitting import best_threshold
from research.stats import (
    Correlation,
    Seed,
    cluster_bootstrap,
    partial_correlation,
    partial_pearson,
    percentile_interval,
    williams_test,
)


@dataclass(frozen=True)
class Judged:
    """The summaries scored: the human judgment, the system and the article of each, aligned by position."""

    human: np.ndarray
    systems: np.ndarray
    articles: np.ndarray

    def subset(self, mask: np.ndarray) -> "Judged":
        return Judged(self.human[mask], self.systems[mask], self.articles[mask])


@dataclass(frozen=True)
class MetricCorrelation:
    correlation: Correlation
    low: float  # bootstrap interval of the partial Pearson
    high: float


def correlate(metric: np.ndarray, judged: Judged, seed: Seed, resamples: int,
              confidence: float = 0.95) -> MetricCorrelation:
    """Partial Pearson and Spearman of ``metric`` (NaN: not scored, left out) with the judgment, and the
    bootstrap interval of the Pearson over articles."""
    keep = np.isfinite(metric)
    x, part = metric[keep], judged.subset(keep)
    found = partial_correlation(x, part.human, part.systems)
    values = [partial_pearson(x[i], part.human[i], part.systems[i])
              for i in cluster_bootstrap(part.articles, resamples, seed)]
    values = [v for v in values if np.isfinite(v)]
    low, high = percentile_interval(values, confidence) if values else (float("nan"), float("nan"))
    return MetricCorrelation(found, low, high)


def williams_p(metric: np.ndarray, other: np.ndarray, judged: Judged) -> float:
    """Williams' one-sided p that the metric with the higher partial Pearson correlates better, on the summaries
    both score, every variable residualised on the system (as FRANK's ``evaluate.py`` does)."""
    keep = np.isfinite(metric) & np.isfinite(other)
    x, y, part = metric[keep], other[keep], judged.subset(keep)
    r_x, r_y = partial_pearson(x, part.human, part.systems), partial_pearson(y, part.human, part.systems)
    r_xy = partial_pearson(x, y, part.systems)
    if not np.isfinite([r_x, r_y, r_xy]).all():  # a constant residual: no test
        return float("nan")
    return williams_test(max(r_x, r_y), min(r_x, r_y), r_xy, int(keep.sum()))


def grouped_balanced_accuracy(metric: np.ndarray, positive: np.ndarray, articles: np.ndarray, folds: int) -> float:
    """Balanced accuracy of ``metric >= cut`` for ``positive``, each fold's cut fitted (best balanced accuracy)
    on the other folds' articles; summaries the metric does not score are left out."""
    keep = np.isfinite(metric)
    x, y, groups = metric[keep], positive[keep], articles[keep]
    predicted = np.zeros(len(y), dtype=bool)
    for train, test in GroupKFold(n_splits=min(folds, len(set(groups.tolist())))).split(x, y, groups):
        predicted[test] = x[test] >= best_threshold(x[train], y[train])
    return float(balanced_accuracy_score(y, predicted))
