"""One wrapper for the estimators that extend their training set before fitting an inner classifier.

``WithExtraTexts`` (label texts added) and ``Augmented`` (sentences and windows cut from the paragraphs) differ
only in how the training set grows; fitting a clone of the inner estimator, copying its classes and delegating
predictions is this base class. Each subclass keeps its own name and module, which saved models (skops) record.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.metaestimators import available_if


def _inner_has(attr: str):
    return lambda self: hasattr(getattr(self, "estimator_", self.estimator), attr)


class TrainingSetWrapper(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted on ``training_set(X, y)``; subclasses define that and their own ``__init__``
    (scikit-learn reads an estimator's parameters from it), with an ``estimator`` parameter."""

    def training_set(self, X: list, y) -> tuple[list[str], np.ndarray]:
        """The texts and labels the inner estimator is fitted on (from the training fold only)."""
        raise NotImplementedError

    def fit(self, X, y):
        if self.estimator is None:
            raise ValueError(f"{type(self).__name__}: estimator must be a classifier, got None")
        texts, labels = self.training_set(list(X), y)
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
