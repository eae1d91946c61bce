"""``meta_evaluate`` computed once per input and reused: a warm faithfulness report skips its bootstraps.

The bootstrap intervals (2,000 resamples per checker and metric, each scored by scikit-learn) are most of the
report's time. The value depends only on the checkers' feature columns, the feature matrix, the judgments (and
which of them are copied word for word), seed, resamples and C, the code of this module's import closure and the
libraries it imports, so those are the key (``research.cache.cache_key``).
Stored as plain JSON (floats round-trip exactly); judgments are stored by id and ROC curves as lists.
"""

from __future__ import annotations

import numpy as np

from research.cache import cache_key, key_digest, memoised
from research.faithfulness.judgments import Judgment
from research.faithfulness.meta import meta_evaluate

NAMESPACE = "faithfulness-meta"


def meta_key(checkers: dict[str, list[str]], X: np.ndarray, names: list[str], items: list[Judgment], seed: int,
             resamples: int, C: float, confidence: float = 0.95, copied: np.ndarray | None = None) -> dict:
    judged = [[j.id, j.article_id, j.origin, j.text, j.label, j.error_type] for j in items]
    return cache_key({"checkers": checkers, "names": list(names), "seed": seed, "resamples": resamples, "C": C,
                      "confidence": confidence, "copied": None if copied is None else np.asarray(copied).tolist()},
                     {"features": key_digest(np.asarray(X, dtype=float).tolist()), "judgments": key_digest(judged)},
                     [__name__])


def _to_json(results: dict[str, dict]) -> dict[str, dict]:
    return {name: {**r, "wrong": [j.id for j in r["wrong"]], "roc": [np.asarray(a).tolist() for a in r["roc"]]}
            for name, r in results.items()}


def _from_json(stored: dict[str, dict], items: list[Judgment]) -> dict[str, dict]:
    by_id = {j.id: j for j in items}
    return {name: {**r, "wrong": [by_id[i] for i in r["wrong"]], "roc": tuple(np.asarray(a) for a in r["roc"])}
            for name, r in stored.items()}


def cached_meta_evaluate(checkers: dict[str, list[str]], X: np.ndarray, names: list[str], items: list[Judgment],
                         seed: int, resamples: int, C: float = 1.0, confidence: float = 0.95,
                         copied: np.ndarray | None = None) -> dict[str, dict]:
    """``meta_evaluate(...)``, from the cache when every input, the code and the library versions match."""
    key = meta_key(checkers, X, names, items, seed, resamples, C, confidence, copied)
    stored = memoised(NAMESPACE, key, lambda: _to_json(meta_evaluate(checkers, X, names, items, seed, resamples, C,
                                                                     confidence, copied)))
    return _from_json(stored, items)
