"""Per-system classification metrics, all scikit-learn's (intervals and tests: ``research.stats``)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from research.data.annotations import TOPICS
from research.stats import macro_f1


def label_metrics(y_true, y_pred) -> dict:
    """Macro-F1 (over the labels present in truth or predictions, zero_division=0), accuracy,
    per-class precision/recall/F1/support and the confusion matrix, both in ``TOPICS`` order."""
    y_true, y_pred = np.asarray(y_true, dtype=str), np.asarray(y_pred, dtype=str)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(TOPICS), zero_division=0)
    return {
        "macro_f1": macro_f1(y_true, y_pred),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "per_class": {
            topic: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for topic, p, r, f, s in zip(TOPICS, precision, recall, f1, support)
        },
        "confusion": confusion_matrix(y_true, y_pred, labels=list(TOPICS)).tolist(),
    }
