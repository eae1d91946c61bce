"""One base class grows the training set of both wrappers; each keeps the class name saved models record."""

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import RidgeClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline

from research.classification.augment import Augmented
from research.classification.estimators import WithExtraTexts
from research.classification.wrapper import TrainingSetWrapper


class Doubled(TrainingSetWrapper):
    """Every training text twice, plus one text of class z."""

    def __init__(self, estimator=None):
        self.estimator = estimator

    def training_set(self, X, y):
        return X + X + ["extra"], np.concatenate([np.asarray(y), np.asarray(y), ["z"]])


def test_both_wrappers_share_the_base_and_keep_their_own_names():
    assert issubclass(WithExtraTexts, TrainingSetWrapper) and issubclass(Augmented, TrainingSetWrapper)
    assert (WithExtraTexts.__module__, Augmented.__module__) == ("research.classification.estimators",
                                                                 "research.classification.augment")


def test_the_base_fits_a_clone_on_the_grown_set_and_delegates():
    inner = DummyClassifier(strategy="prior")
    model = Doubled(inner).fit(["a", "b", "c"], ["x", "x", "y"])
    assert model.estimator_ is not inner and not hasattr(inner, "classes_")
    assert model.classes_.tolist() == ["x", "y", "z"]
    assert model.predict(["d"]).tolist() == ["x"]
    assert model.predict_proba(["d"]).tolist() == [[4 / 7, 2 / 7, 1 / 7]]
    assert not hasattr(model, "decision_function")  # the inner estimator has none
    ridge = Doubled(make_pipeline(TfidfVectorizer(), RidgeClassifier())).fit(["alpha beta", "gamma delta", "epsilon zeta"], ["x", "y", "w"])
    assert ridge.decision_function(["alpha"]).shape == (1, 4) and not hasattr(ridge, "predict_proba")


@pytest.mark.parametrize("wrapper", [Doubled, WithExtraTexts, Augmented])
def test_a_missing_estimator_is_named_by_its_wrapper(wrapper):
    with pytest.raises(ValueError, match=f"^{wrapper.__name__}: estimator must be a classifier, got None$"):
        wrapper().fit(["a"], ["x"])
