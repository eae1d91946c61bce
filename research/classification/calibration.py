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


def _top_label_bins(labels, probabilities: np.ndarray, bins: int) -> list[dict]:
    """``reliability_bins`` of the top-label confidence against whether that label is right."""
    probabilities = np.asarray(probabilities, dtype=float)
    correct = np.asarray(TOPICS)[probabilities.argmax(axis=1)] == np.asarray(labels, dtype=str)
    return reliability_bins(probabilities.max(axis=1), correct, bins)


def reliability(labels, probabilities: np.ndarray, bins: int = BINS) -> list[dict]:
    """Per non-empty bin: its range, the count, the mean confidence and the accuracy."""
    return [{"low": r["low"], "high": r["high"], "count": r["count"], "confidence": r["estimate"],
             "accuracy": r["observed"]} for r in _top_label_bins(labels, probabilities, bins)]


def expected_calibration_error(labels, probabilities: np.ndarray, bins: int = BINS) -> float:
    """Sum over bins of (share of items) x |accuracy - mean confidence|."""
    return calibration_error(_top_label_bins(labels, probabilities, bins))
