"""Calibration of a system's top-label confidence: expected calibration error and reliability bins.

The confidence of a prediction is the largest class probability
(``outputs.probabilities``: ``predict_proba``, or a softmax of decision
values for systems without one). Bins are equal-width over [0, 1].
"""

from __future__ import annotations

import numpy as np

from research.data.annotations import TOPICS

BINS = 10


def reliability(labels, probabilities: np.ndarray, bins: int = BINS) -> list[dict]:
    """Per non-empty bin: its range, the count, the mean confidence and the accuracy."""
    probabilities = np.asarray(probabilities, dtype=float)
    confidence = probabilities.max(axis=1)
    predicted = np.asarray(TOPICS)[probabilities.argmax(axis=1)]
    correct = predicted == np.asarray(labels, dtype=str)
    index = np.minimum((confidence * bins).astype(int), bins - 1)  # confidence 1.0 goes in the last bin
    rows = []
    for b in range(bins):
        members = index == b
        if members.any():
            rows.append({"low": b / bins, "high": (b + 1) / bins, "count": int(members.sum()),
                         "confidence": float(confidence[members].mean()), "accuracy": float(correct[members].mean())})
    return rows


def expected_calibration_error(labels, probabilities: np.ndarray, bins: int = BINS) -> float:
    """Sum over bins of (share of items) x |accuracy - mean confidence|."""
    rows = reliability(labels, probabilities, bins)
    total = sum(r["count"] for r in rows)
    return float(sum(r["count"] / total * abs(r["accuracy"] - r["confidence"]) for r in rows))
