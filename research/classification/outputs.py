"""A fitted model's per-topic outputs, in ``TOPICS`` order, whatever kind of model it is."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from research.data.annotations import TOPICS


def class_scores(model: BaseEstimator, texts: list[str]) -> np.ndarray:
    """One score per topic in ``TOPICS`` order: probabilities where the model has them, otherwise
    decision values (SVM, ridge) or cosine similarities (zero-shot). A class the model never saw is NaN."""
    if hasattr(model, "predict_proba"):
        raw = model.predict_proba(texts)
    else:
        raw = np.asarray(model.decision_function(texts), dtype=float)
        if raw.ndim == 1:  # two classes: sklearn returns the score of the second one
            raw = np.column_stack([-raw, raw])
    scores = np.full((len(texts), len(TOPICS)), np.nan)
    for column, label in enumerate(model.classes_):
        scores[:, TOPICS.index(str(label))] = raw[:, column]
    return scores


def probabilities(model: BaseEstimator, texts: list[str]) -> np.ndarray:
    """Class probabilities in ``TOPICS`` order: ``predict_proba`` where the model has it, otherwise a
    softmax of its decision values (SVM, ridge, zero-shot cosines); a class the model never saw gets 0."""
    scores = class_scores(model, texts)
    if not hasattr(model, "predict_proba"):
        shifted = np.exp(scores - np.nanmax(scores, axis=1, keepdims=True))
        scores = shifted / np.nansum(shifted, axis=1, keepdims=True)
    return np.nan_to_num(scores, nan=0.0)
