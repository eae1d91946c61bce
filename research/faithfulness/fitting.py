"""Logistic regression over checker features, with its threshold, as plain JSON weights (no pickle).

``fit_weights`` standardises the features, fits scikit-learn's
LogisticRegression (balanced classes, seeded) and picks the threshold that
maximises balanced accuracy on the data it was fitted on; ``predict`` applies
the stored numbers. Both are used inside grouped folds by the meta-evaluation
and on all judgments for the shipped model.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression


def best_threshold(scores: np.ndarray, supported: np.ndarray) -> float:
    """The cut (midpoint between distinct scores) with the highest balanced accuracy; ties: the lowest cut."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[1:] + values[:-1]) / 2, [values[-1] + 1e-9]])
    if len(set(supported.tolist())) < 2:
        return float(cuts[0])
    # balanced_accuracy_score(supported, scores >= cut) for every cut at once: (TNR + TPR) / 2, the same floats
    # in the same order as scikit-learn's per-class recalls (False, then True), so the same cut wins
    positive = np.asarray(supported).astype(bool)
    pos, neg = np.sort(scores[positive]), np.sort(scores[~positive])
    true_pos = len(pos) - np.searchsorted(pos, cuts, side="left")
    true_neg = np.searchsorted(neg, cuts, side="left")
    accuracy = (true_neg / len(neg) + true_pos / len(pos)) / 2
    return float(cuts[int(np.argmax(accuracy))])


def fit_weights(X: np.ndarray, supported: np.ndarray, names: list[str], seed: int, C: float = 1.0) -> dict:
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000, random_state=seed)
    model.fit((X - mean) / scale, supported.astype(int))
    weights = {"features": names, "mean": mean.tolist(), "scale": scale.tolist(),
               "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])}
    weights["threshold"] = best_threshold(predict(weights, X), supported)
    return weights


def predict(weights: dict, X: np.ndarray) -> np.ndarray:
    """P(supported) per row."""
    z = ((X - np.asarray(weights["mean"])) / np.asarray(weights["scale"])) @ np.asarray(weights["coef"])
    return 1.0 / (1.0 + np.exp(-(z + weights["intercept"])))


def copied_supported(scores: np.ndarray, copied: np.ndarray) -> np.ndarray:
    """``scores`` with every sentence the article holds word for word (``copied``) set to 1: it says nothing
    the article does not."""
    return np.where(copied, 1.0, scores)
