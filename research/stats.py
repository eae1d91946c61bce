"""The package's one statistics module: macro-F1, bootstrap intervals and paired permutation tests.

Everything scipy does is done by scipy: percentile bootstrap intervals of a mean
(``scipy.stats.bootstrap``) and paired permutation tests (``scipy.stats.permutation_test``,
which swaps the two systems' values within each pair). Macro-F1 is scikit-learn's.
The one thing scipy does not do is stay ours: the grouped bootstrap
(``grouped_bootstrap``: resample articles, then items within each), which equals
scipy's ordinary bootstrap when every group holds one item (a test checks it).

FRANK's protocol (Pagnoni et al., 2021) is here too: ``partial_correlation`` residualises a metric and the
human judgment on a one-hot encoding of the system (least squares with an intercept, which leaves each
value minus its system's mean), then correlates the residuals; ``williams_test`` compares two such
correlations that share the judgment; ``cluster_bootstrap`` resamples whole articles for their intervals.

Every function takes its seed from the caller (the config), as an int or a tuple
of ints for ``numpy.random.default_rng``, so the numbers are the same on every run.
With n paired values the sign-flip test has only 2**n outcomes; scipy enumerates
them all (an exact test) when that is at most ``n_resamples``: with five articles
the smallest two-sided p-value is 2/32 = 0.0625.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import stats
from sklearn.metrics import f1_score

DEFAULT_RESAMPLES = 10_000
Seed = int | tuple[int, ...]


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


def macro_f1(y_true: Sequence, y_pred: Sequence) -> float:
    """scikit-learn's macro-F1 over the labels present in truth or predictions (zero_division=0)."""
    return float(f1_score(np.asarray(y_true, dtype=str), np.asarray(y_pred, dtype=str), average="macro",
                          zero_division=0))


def _check(values: Sequence[float], name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name}: expected a non-empty list of numbers, got {len(values)} values")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: values must be finite numbers")
    return array


def _check_resamples(n_resamples: int) -> None:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")


def bootstrap_ci(values: Sequence[float], seed: Seed, n_resamples: int = DEFAULT_RESAMPLES,
                 confidence: float = 0.95) -> Interval:
    """Mean of ``values`` with scipy's percentile bootstrap interval (values resampled with replacement).

    The percentile method, not BCa: BCa's jackknife is unstable (or undefined)
    with five values, several of them often equal.
    """
    array = _check(values, "bootstrap_ci")
    _check_resamples(n_resamples)
    _check_confidence(confidence)
    mean = float(array.mean())
    if array.size == 1 or np.all(array == array[0]):
        return Interval(mean, mean, mean)  # nothing to resample; scipy warns on a degenerate sample
    result = stats.bootstrap((array,), np.mean, n_resamples=n_resamples, confidence_level=confidence,
                             method="percentile", vectorized=True, rng=np.random.default_rng(seed))
    low, high = result.confidence_interval
    return Interval(mean, float(low), float(high))


def _mean_difference(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
    return np.mean(x - y, axis=axis)


def paired_permutation_test(system: Sequence[float], baseline: Sequence[float], seed: Seed,
                            n_resamples: int = DEFAULT_RESAMPLES) -> float:
    """Two-sided p-value of the mean paired difference ``system - baseline`` (scipy's sign-flip test).

    Exact (all 2**n sign patterns) when 2**n <= ``n_resamples``, else seeded Monte Carlo.
    """
    x, y = _check(system, "paired_permutation_test"), _check(baseline, "paired_permutation_test")
    _check_resamples(n_resamples)
    if x.size != y.size:
        raise ValueError(f"paired_permutation_test: {x.size} system values but {y.size} baseline values")
    if np.allclose(x, y, rtol=0, atol=1e-12):
        return 1.0  # identical scores: no evidence of a difference
    result = stats.permutation_test((x, y), _mean_difference, permutation_type="samples", vectorized=True,
                                    n_resamples=n_resamples, alternative="two-sided",
                                    rng=np.random.default_rng(seed))
    return float(min(1.0, result.pvalue))


def macro_f1_permutation_test(y_true: Sequence, pred_a: Sequence, pred_b: Sequence, n_resamples: int,
                              seed: Seed) -> float:
    """Two-sided paired approximate-randomisation test of the macro-F1 difference of two systems.

    scipy swaps the two systems' predictions on a random subset of the items in each resample; the
    statistic is the absolute macro-F1 difference, so the one-sided ``greater`` p-value,
    (1 + #(|diff*| >= |diff|)) / (1 + n_resamples), is the two-sided test.
    """
    _check_resamples(n_resamples)
    truth = np.asarray(y_true, dtype=str)
    a, b = np.asarray(pred_a, dtype=str), np.asarray(pred_b, dtype=str)
    if not len(truth) == len(a) == len(b) or len(truth) == 0:
        raise ValueError(f"macro_f1_permutation_test: {len(truth)} labels, {len(a)} and {len(b)} predictions")
    if np.array_equal(a, b):
        return 1.0  # identical predictions: every permutation gives the observed difference

    def statistic(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:  # rows of x, y: resamples
        x, y = np.atleast_2d(x), np.atleast_2d(y)
        return np.abs(macro_f1_each([(truth, row) for row in x]) - macro_f1_each([(truth, row) for row in y]))

    result = stats.permutation_test((a, b), statistic, permutation_type="samples", vectorized=True,
                                    n_resamples=n_resamples, alternative="greater",
                                    rng=np.random.default_rng(seed))
    return float(min(1.0, np.ravel(result.pvalue)[0]))


def macro_f1_each(pairs: Sequence[tuple[Sequence, Sequence]]) -> np.ndarray:
    """``macro_f1(truth, pred)`` of every ``(truth, pred)`` pair (resamples), in one scikit-learn call.

    Thousands of resamples would take seconds each through ``f1_score``'s checks, so the pairs become the
    blocks of one sparse multilabel problem: pair b's label k is column ``b * K + k``.
    ``f1_score(average=None)`` scores every column; each pair's macro-F1 is the mean over the labels it
    has in truth or predictions, as ``average="macro"`` takes it (a test checks every value exactly).
    """
    from scipy.sparse import csr_matrix

    if not pairs:
        return np.zeros(0)
    truths = [np.asarray(t, dtype=str) for t, _ in pairs]
    preds = [np.asarray(p, dtype=str) for _, p in pairs]
    labels = np.unique(np.concatenate(truths + preds))
    k = len(labels)
    block = np.repeat(np.arange(len(pairs)), [len(t) for t in truths])
    # one spare column, never set: with a single column sklearn would not see a multilabel problem
    rows, shape = np.arange(len(block)), (len(block), len(pairs) * k + 1)

    def indicator(values: list[np.ndarray]):
        columns = block * k + np.searchsorted(labels, np.concatenate(values))
        return csr_matrix((np.ones(len(block), dtype=int), (rows, columns)), shape=shape)

    true, pred = indicator(truths), indicator(preds)
    f1 = f1_score(true, pred, average=None, zero_division=0)[:-1].reshape(len(pairs), k)
    seen = (np.asarray(true.sum(axis=0)) + np.asarray(pred.sum(axis=0)))[0, :-1].reshape(len(pairs), k) > 0
    return np.array([np.average(row[mask]) if mask.any() else 0.0 for row, mask in zip(f1, seen)])


def _ratio_of_sums(numerators: np.ndarray, denominators: np.ndarray, axis: int) -> np.ndarray:
    return np.sum(numerators, axis=axis) / np.maximum(np.sum(denominators, axis=axis), 1)


def ratio_bootstrap_ci(numerators: Sequence[float], denominators: Sequence[float], seed: Seed,
                       n_resamples: int = DEFAULT_RESAMPLES, confidence: float = 0.95) -> Interval:
    """A pooled rate (sum of numerators / sum of denominators, e.g. unsupported sentences / sentences) with
    scipy's percentile bootstrap interval, resampling the pairs (articles) with replacement."""
    num, den = _check(numerators, "ratio_bootstrap_ci"), _check(denominators, "ratio_bootstrap_ci")
    _check_resamples(n_resamples)
    _check_confidence(confidence)
    if num.size != den.size:
        raise ValueError(f"ratio_bootstrap_ci: {num.size} numerators but {den.size} denominators")
    rate = float(_ratio_of_sums(num, den, axis=-1))
    if num.size == 1 or (np.all(num == num[0]) and np.all(den == den[0])):
        return Interval(rate, rate, rate)  # every resample gives the same rate
    result = stats.bootstrap((num, den), _ratio_of_sums, paired=True, vectorized=True, n_resamples=n_resamples,
                             confidence_level=confidence, method="percentile", rng=np.random.default_rng(seed))
    low, high = result.confidence_interval
    return Interval(rate, float(low), float(high))


def grouped_bootstrap(groups: Sequence, samples: int, seed: Seed) -> list[np.ndarray]:
    """Index arrays of ``samples`` two-stage resamples: groups (articles) with replacement, then items within
    each drawn group with replacement.

    The group draws come first, as scipy draws its resamples (one ``integers`` matrix), so with one item
    per group (the challenge set) the resamples are exactly scipy's ordinary bootstrap. The same resamples
    are reused for every system, so their intervals are paired.
    """
    _check_resamples(samples)
    groups = np.asarray(groups)
    members = [np.flatnonzero(groups == g) for g in dict.fromkeys(groups.tolist())]
    rng = np.random.default_rng(seed)
    chosen = rng.integers(0, len(members), (samples, len(members)))
    if all(len(m) == 1 for m in members):
        firsts = np.array([m[0] for m in members])
        return list(firsts[chosen])
    return [np.concatenate([rng.choice(members[c], size=len(members[c])) for c in row]) for row in chosen]


def percentile_interval(values: Sequence[float], confidence: float) -> tuple[float, float]:
    """The percentile interval of resampled statistics (as scipy's ``method='percentile'``)."""
    _check_confidence(confidence)
    tail = (1 - confidence) / 2
    low, high = np.percentile(np.asarray(values, dtype=float), [100 * tail, 100 * (1 - tail)])
    return float(low), float(high)


def macro_f1_interval(y_true: Sequence, y_pred: Sequence, resamples: list[np.ndarray],
                      confidence: float) -> tuple[float, float]:
    """Percentile interval of macro-F1 over index resamples (from ``grouped_bootstrap``)."""
    truth, pred = np.asarray(y_true, dtype=str), np.asarray(y_pred, dtype=str)
    return percentile_interval(macro_f1_each([(truth[i], pred[i]) for i in resamples]), confidence)


def cluster_bootstrap(clusters: Sequence, samples: int, seed: Seed) -> list[np.ndarray]:
    """Index arrays of ``samples`` resamples of whole clusters (articles) with replacement, every item of a
    drawn cluster kept (the summaries of one article are not independent)."""
    _check_resamples(samples)
    clusters = np.asarray(clusters)
    members = [np.flatnonzero(clusters == c) for c in dict.fromkeys(clusters.tolist())]
    chosen = np.random.default_rng(seed).integers(0, len(members), (samples, len(members)))
    return [np.concatenate([members[c] for c in row]) for row in chosen]


def residualise(values: Sequence[float], groups: Sequence) -> np.ndarray:
    """``values`` minus their least-squares fit on a one-hot encoding of ``groups`` (with an intercept): each
    value minus its group's mean, as FRANK's ``LinearRegression`` on ``OneHotEncoder`` columns leaves it."""
    array = np.asarray(values, dtype=float)
    _, index = np.unique(np.asarray(groups), return_inverse=True)
    means = np.bincount(index, weights=array) / np.bincount(index)
    return array - means[index]


@dataclass(frozen=True)
class Correlation:
    pearson: float
    spearman: float
    n: int


def partial_pearson(metric: Sequence[float], human: Sequence[float], groups: Sequence) -> float:
    """Pearson correlation of the residuals of ``metric`` and ``human`` on ``groups``; NaN where one is constant."""
    x, y = residualise(metric, groups), residualise(human, groups)
    if len(x) < 3 or np.ptp(x) < 1e-12 or np.ptp(y) < 1e-12:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def partial_correlation(metric: Sequence[float], human: Sequence[float], groups: Sequence) -> Correlation:
    """Pearson and Spearman correlation of ``metric`` and ``human`` after both are residualised on ``groups``
    (FRANK's partial correlation controlling for the system). NaN where a residual is constant."""
    pearson = partial_pearson(metric, human, groups)
    if not np.isfinite(pearson):
        return Correlation(pearson, pearson, len(metric))
    spearman = stats.spearmanr(residualise(metric, groups), residualise(human, groups)).statistic
    return Correlation(pearson, float(spearman), len(metric))


def williams_test(r12: float, r13: float, r23: float, n: int) -> float:
    """One-sided p-value of Williams' test that correlation r12 exceeds r13, both with variable 1 (the human
    judgment), given r23 between variables 2 and 3 (the two metrics) over ``n`` items (Williams 1959, as
    FRANK and the WMT metrics tasks use it)."""
    if n <= 3:
        raise ValueError(f"williams_test: n must be greater than 3, got {n}")
    k = 1 - r12 ** 2 - r13 ** 2 - r23 ** 2 + 2 * r12 * r13 * r23
    denominator = np.sqrt(2 * k * (n - 1) / (n - 3) + ((r12 + r13) ** 2 / 4) * (1 - r23) ** 3)
    t = (r12 - r13) * np.sqrt((n - 1) * (1 + r23)) / denominator
    return float(stats.t.sf(t, df=n - 3))


def reliability_bins(estimates: Sequence[float], outcomes: Sequence[float], bins: int = 10) -> list[dict]:
    """Per non-empty equal-width bin of ``estimates`` over [0, 1]: its range, the count, the mean estimate and the
    mean outcome (a reliability diagram's points; an estimate of 1.0 goes in the last bin)."""
    estimates, outcomes = np.asarray(estimates, dtype=float), np.asarray(outcomes, dtype=float)
    index = np.minimum((estimates * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        members = index == b
        if members.any():
            rows.append({"low": b / bins, "high": (b + 1) / bins, "count": int(members.sum()),
                         "estimate": float(estimates[members].mean()), "observed": float(outcomes[members].mean())})
    return rows


def calibration_error(rows: list[dict]) -> float:
    """Expected calibration error of ``reliability_bins`` rows: sum of (share of items) x |observed - estimate|."""
    total = sum(r["count"] for r in rows)
    return float(sum(r["count"] / total * abs(r["observed"] - r["estimate"]) for r in rows))
