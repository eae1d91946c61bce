"""Metrics, seeded bootstrap intervals and a paired permutation test.

Point estimates use scikit-learn. Resampling needs thousands of macro-F1
values, so ``macro_f1_codes`` computes the same number from label codes with
numpy (tests check it against ``sklearn.metrics.f1_score``).
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from research.data.annotations import TOPICS


def codes(labels) -> np.ndarray:
    """Topic names -> their index in ``TOPICS``."""
    index = {topic: i for i, topic in enumerate(TOPICS)}
    return np.array([index[str(label)] for label in labels], dtype=int)


def summarise(y_true, y_pred) -> dict:
    """Macro-F1 (over the labels present in truth or predictions, zero_division=0), accuracy,
    per-class precision/recall/F1/support and the confusion matrix, both in ``TOPICS`` order."""
    y_true, y_pred = np.asarray(y_true, dtype=str), np.asarray(y_pred, dtype=str)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(TOPICS), zero_division=0)
    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "per_class": {
            topic: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for topic, p, r, f, s in zip(TOPICS, precision, recall, f1, support)
        },
        "confusion": confusion_matrix(y_true, y_pred, labels=list(TOPICS)).tolist(),
    }


def macro_f1_codes(true: np.ndarray, pred: np.ndarray, n_classes: int = len(TOPICS)) -> float:
    """Macro-F1 of integer labels, averaged over classes seen in ``true`` or ``pred`` (as sklearn does)."""
    tp = np.bincount(true[true == pred], minlength=n_classes)
    n_true = np.bincount(true, minlength=n_classes)
    n_pred = np.bincount(pred, minlength=n_classes)
    seen = (n_true + n_pred) > 0
    if not seen.any():
        return 0.0
    return float(np.mean(2 * tp[seen] / (n_true[seen] + n_pred[seen])))


def cluster_bootstrap(articles, samples: int, seed: int | tuple[int, ...]) -> list[np.ndarray]:
    """Index arrays of ``samples`` resamples: articles with replacement, then paragraphs within each.

    Items whose article holds only themselves (the challenge set) give an ordinary bootstrap.
    The same resamples are reused for every system, so intervals are comparable.
    """
    articles = np.asarray(articles)
    members = [np.flatnonzero(articles == a) for a in dict.fromkeys(articles.tolist())]
    rng = np.random.default_rng(seed)
    resamples = []
    for _ in range(samples):
        chosen = rng.integers(0, len(members), size=len(members))
        resamples.append(np.concatenate([rng.choice(members[c], size=len(members[c])) for c in chosen]))
    return resamples


def bootstrap_interval(y_true, y_pred, resamples: list[np.ndarray], confidence: float) -> tuple[float, float]:
    """Percentile interval of macro-F1 over the resamples."""
    true, pred = codes(y_true), codes(y_pred)
    values = np.array([macro_f1_codes(true[i], pred[i]) for i in resamples])
    tail = (1 - confidence) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(low), float(high)


def macro_f1_rows(true: np.ndarray, preds: np.ndarray, n_classes: int = len(TOPICS)) -> np.ndarray:
    """``macro_f1_codes(true, row)`` for every row of ``preds`` at once (same sums in the same order)."""
    classes = np.arange(n_classes)
    predicted = preds[..., None] == classes  # (rows, items, classes)
    n_true = np.bincount(true, minlength=n_classes)
    n_pred = predicted.sum(axis=1)
    tp = (predicted & (true[:, None] == classes)).sum(axis=1)
    seen = (n_true + n_pred) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(seen, 2 * tp / (n_true + n_pred), 0.0)
    counts = seen.sum(axis=1)
    return np.where(counts > 0, f1.sum(axis=1) / np.maximum(counts, 1), 0.0)


def permutation_test(y_true, pred_a, pred_b, permutations: int, seed: int | tuple[int, ...]) -> float:
    """Two-sided paired approximate-randomisation test of the macro-F1 difference.

    Each permutation swaps the two systems' predictions on a random half of the
    items; p = (1 + #(|diff*| >= |diff|)) / (1 + permutations). All permutations
    are drawn as one matrix: the same random stream as drawing them one by one.
    """
    true, a, b = codes(y_true), codes(pred_a), codes(pred_b)
    observed = abs(macro_f1_codes(true, a) - macro_f1_codes(true, b))
    swap = np.random.default_rng(seed).random((permutations, len(true))) < 0.5
    diff = macro_f1_rows(true, np.where(swap, b, a)) - macro_f1_rows(true, np.where(swap, a, b))
    extreme = int(np.sum(np.abs(diff) >= observed - 1e-12))
    return (1 + extreme) / (1 + permutations)
