"""Statistics over articles: seeded bootstrap confidence intervals and a paired permutation test.

Both use scipy.stats with a ``numpy`` generator built from the config's seed,
so the numbers are identical from run to run. With n articles the paired
sign-flip test has only 2**n distinct outcomes; scipy enumerates them all
(an exact test) when that is at most ``n_resamples``. With five articles the
smallest attainable two-sided p-value is therefore 2/32 = 0.0625.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

DEFAULT_RESAMPLES = 10_000


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float


def _check(values: list[float], name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name}: expected a non-empty list of numbers, got {len(values)} values")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name}: values must be finite numbers")
    return array


def _check_resamples(n_resamples: int) -> None:
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int) or n_resamples < 1:
        raise ValueError(f"n_resamples must be a positive integer, got {n_resamples!r}")


def bootstrap_ci(values: list[float], seed: int, n_resamples: int = DEFAULT_RESAMPLES,
                 confidence: float = 0.95) -> Interval:
    """Mean of ``values`` with a percentile bootstrap interval (resampling articles with replacement).

    The percentile method, not BCa: BCa's jackknife is unstable (or undefined)
    with five values, several of them often equal.
    """
    array = _check(values, "bootstrap_ci")
    _check_resamples(n_resamples)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")
    mean = float(array.mean())
    if array.size == 1 or np.all(array == array[0]):
        return Interval(mean, mean, mean)  # nothing to resample; scipy warns on a degenerate sample
    result = stats.bootstrap((array,), np.mean, n_resamples=n_resamples, confidence_level=confidence,
                             method="percentile", vectorized=True, rng=np.random.default_rng(seed))
    low, high = result.confidence_interval
    return Interval(mean, float(low), float(high))


def _mean_difference(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
    return np.mean(x - y, axis=axis)


def paired_permutation_test(system: list[float], baseline: list[float], seed: int,
                            n_resamples: int = DEFAULT_RESAMPLES) -> float:
    """Two-sided p-value of the mean paired difference ``system - baseline`` (sign-flip permutation test).

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
