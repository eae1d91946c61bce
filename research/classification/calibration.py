"""Calibration of a system's top-label confidence: expected calibration error and reliability bins.

The confidence of a prediction is the largest class probability
(``outputs.probabilities``: ``predict_proba``, or a softmax of decision
values for systems without one). Bins are equal-width over [0, 1].
"""

from __future__ import annotations

import numpy as np

from research.data.annotations import TOPICS
from research.stats import calibration_error, reliability_bins

BINS = 10


def reliability(labels, probabilities: np.ndarray, bins: int = BINS) -> list[dict]:
    """Per non-empty bin: its range, the count, the mean confidence and the accuracy."""
    probabilities = np.asarray(probabilities, dtype=float)
    predicted = np.asarray(TOPICS)[probabilities.argmax(axis=1)]
    correct = predicted == np.asarray(labels, dtype=str)
    return [{"low": r["low"], "high": r["high"], "count": r["count"], "confidence": r["estimate"],
             "accuracy": r["observed"]} for r in reliability_bins(probabilities.max(axis=1), correct, bins)]


def expected_calibration_error(labels, probabilities: np.ndarray, bins: int = BINS) -> float:
    """Sum over bins of (share of items) x |accuracy - mean confidence|."""
    probabilities = np.asarray(probabilities, dtype=float)
    correct = np.asarray(TOPICS)[probabilities.argmax(axis=1)] == np.asarray(labels, dtype=str)
    return calibration_error(reliability_bins(probabilities.max(axis=1), correct, bins))
