"""Augmentation without leakage: sentence- and window-level items cut from the training paragraphs.

``Augmented`` is an estimator wrapper, so the extra items are made from
whatever texts it is fitted on (a training fold) and never from a test fold.
A window is ``window`` consecutive sentences; a paragraph of one sentence
adds nothing.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.metaestimators import available_if

from research.data.sentences import split_sentences


def augment(texts, labels, sentences: bool = True, window: int = 0) -> tuple[list[str], np.ndarray]:
    """The texts, then their sentences (if ``sentences``) and sliding windows of ``window`` sentences."""
    out_texts, out_labels = list(texts), [str(y) for y in labels]
    for text, label in zip(texts, labels):
        parts = split_sentences(text)
        if len(parts) < 2:
            continue
        items = list(parts) if sentences else []
        if 1 < window < len(parts):
            items += [" ".join(parts[i:i + window]) for i in range(len(parts) - window + 1)]
        out_texts += items
        out_labels += [str(label)] * len(items)
    return out_texts, np.asarray(out_labels)


def _inner_has(attr: str):
    return lambda self: hasattr(getattr(self, "estimator_", self.estimator), attr)


class Augmented(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted on its training paragraphs plus their sentences and sentence windows."""

    def __init__(self, estimator=None, sentences: bool = True, window: int = 2):
        self.estimator = estimator
        self.sentences = sentences
        self.window = window

    def fit(self, X, y):
        if self.estimator is None:
            raise ValueError("Augmented: estimator must be a classifier, got None")
        if not isinstance(self.window, int) or self.window < 0:
            raise ValueError(f"Augmented: window must be an integer >= 0, got {self.window!r}")
        texts, labels = augment(list(X), list(y), self.sentences, self.window)
        self.estimator_ = clone(self.estimator).fit(texts, labels)
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X) -> np.ndarray:
        return self.estimator_.predict(X)

    @available_if(_inner_has("predict_proba"))
    def predict_proba(self, X) -> np.ndarray:
        return self.estimator_.predict_proba(X)

    @available_if(_inner_has("decision_function"))
    def decision_function(self, X) -> np.ndarray:
        return self.estimator_.decision_function(X)
