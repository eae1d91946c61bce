"""Stacking: the class scores of several systems combined by a logistic-regression meta-learner.

The meta-learner is fitted on out-of-fold scores of the base systems computed
inside the training data only, then the base systems are refitted on all of
it. The inner folds are grouped by the near-duplicate groups the outer CV uses
(stratified where it can, seeded), so that no paragraph is scored by a base
system trained on its own article or on a retelling of its story (the
leak-free protocol; on the seeds it scored lower than stratified folds, see
results/classification.md). Each base system is built from its own
options (a grid option uses its first value: no grid search inside the stack).
Not scikit-learn's ``StackingClassifier``: it fits the base systems on labels
encoded as 0..k-1, while ours add label texts under the topic names and
zero-shot predicts names, so the two label spaces would mix.
"""

from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator, Field
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from research.classification.outputs import class_scores
from research.classification.systems import ClassifierSystem, System, get_system, grid_of, validate_system
from research.classification.systems._tfidf import PositiveFloat
from research.config import StrictModel


def _base(value: Any) -> ClassifierSystem:
    """A base system, ``{name: NAME, <options>}`` like a config's ``system``."""
    if isinstance(value, dict) and "system" in value:  # the old shape: {system: NAME, options: {...}}
        validate_system(value["system"], value.get("options", {}), key="")
    if isinstance(value, dict) and value.get("name") == "stacking":
        raise ValueError("a stack cannot contain itself")
    return validate_system(value)


Base = Annotated[ClassifierSystem, BeforeValidator(_base)]


class Options(StrictModel):
    base: Annotated[list[Base], Field(min_length=2)]
    C: grid_of(PositiveFloat, [1.0])  # meta-learner regularisation
    folds: Annotated[int, Field(ge=2)] = 3  # inner folds for the meta-learner's training scores (at most one per group)


class Stack(ClassifierMixin, BaseEstimator):
    """Base systems' class scores (``TOPICS`` order, concatenated) -> ``final_estimator``."""

    # folds and seed rather than a splitter object: a saved model holds only types skops is told to trust
    # a grid search inside research.classification.cross_validation routes the groups to fit (metadata routing); the
    # request is a class attribute, so no routing object is stored with the model
    __metadata_request__fit = {"groups": True}

    def __init__(self, estimators: list[tuple[str, BaseEstimator]], final_estimator: BaseEstimator,
                 folds: int = 3, random_state: int = 0):
        self.estimators = estimators
        self.final_estimator = final_estimator
        self.folds = folds
        self.random_state = random_state

    def _features(self, models: list[BaseEstimator], texts: list[str]) -> np.ndarray:
        return np.nan_to_num(np.hstack([class_scores(model, texts) for model in models]), nan=0.0)

    def inner_splits(self, texts: list[str], y: np.ndarray, groups=None) -> list[tuple[np.ndarray, np.ndarray]]:
        """(train, test) index pairs for the meta-learner's out-of-fold scores; a group is never split."""
        if groups is None:
            # No groups given (the stack fitted directly on plain texts, without research.classification's
            # evaluation, which always passes them): stratified folds, the best that can be done, though
            # near-duplicate paragraphs may then fall on both sides.
            return list(StratifiedKFold(self.folds, shuffle=True, random_state=self.random_state).split(texts, y))
        groups = np.asarray(groups)
        n_groups = len(set(groups.tolist()))
        if n_groups < 2:
            raise ValueError(f"Stack: grouped inner folds need at least 2 groups, got {n_groups}")
        folds = StratifiedGroupKFold(min(self.folds, n_groups), shuffle=True, random_state=self.random_state)
        return list(folds.split(texts, y, groups))

    def fit(self, X, y, groups=None):
        """``groups``: near-duplicate group per text (research.classification.cross_validation passes them)."""
        texts, y = list(X), np.asarray(y).astype(str)
        features = None
        for train, test in self.inner_splits(texts, y, groups):
            models = [clone(e).fit([texts[i] for i in train], y[train]) for _, e in self.estimators]
            fold = self._features(models, [texts[i] for i in test])
            features = np.zeros((len(texts), fold.shape[1])) if features is None else features
            features[test] = fold
        self.final_estimator_ = clone(self.final_estimator).fit(features, y)
        self.estimators_ = [clone(e).fit(texts, y) for _, e in self.estimators]
        self.classes_ = self.final_estimator_.classes_
        return self

    def predict_proba(self, X) -> np.ndarray:
        return self.final_estimator_.predict_proba(self._features(self.estimators_, list(X)))

    def predict(self, X) -> np.ndarray:
        return self.final_estimator_.predict(self._features(self.estimators_, list(X)))


def build(options: Options, seed: int, definitions: dict[str, str]):
    estimators = []
    for base in options.base:
        estimator, _ = get_system(base.name).build(base.options, seed, definitions)
        estimators.append((base.name, estimator))
    stack = Stack(
        estimators, final_estimator=LogisticRegression(C=options.C[0], max_iter=5000, random_state=seed),
        folds=options.folds, random_state=seed)
    return stack, {"final_estimator__C": options.C}


SYSTEM = System("stacking", "stacking", "base systems' out-of-fold scores + LogisticRegression",
                Options, build)
