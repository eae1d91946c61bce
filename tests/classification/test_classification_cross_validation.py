import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import RidgeClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import make_pipeline

from research.classification.data import seed_paragraphs
from research.classification.cross_validation import cross_validate, fit
from research.classification.outputs import class_scores
from research.data import TOPICS

FITS: list[frozenset] = []


class Spy(ClassifierMixin, BaseEstimator):
    """Records the texts of every fit; predicts the first label it saw."""

    def __init__(self, c: int = 0):
        self.c = c

    def fit(self, X, y):
        FITS.append(frozenset(X))
        self.classes_ = np.unique(y)
        self.first_ = y[0]
        return self

    def predict(self, X):
        return np.array([self.first_] * len(X))

    def predict_proba(self, X):  # out-of-fold probabilities are recorded too
        return np.array([[float(c == self.first_) for c in self.classes_]] * len(X))


def test_no_fit_ever_sees_its_held_out_group():
    seeds = seed_paragraphs()
    by_group = {g: {t for t, h in zip(seeds.texts, seeds.groups) if h == g} for g in set(seeds.groups.tolist())}
    FITS.clear()
    cross_validate(Spy(), {"c": [0, 1]}, seeds)
    # 4 outer folds x (3 inner folds x 2 grid points + 1 refit)
    assert len(FITS) == 28
    missing = [sum(not (texts & group) for group in by_group.values()) for texts in FITS]
    assert sorted(missing) == [1] * 4 + [2] * 24  # refits lack the outer group; inner fits lack one more
    for texts in FITS:  # groups are never split
        assert all(group <= texts or not (group & texts) for group in by_group.values())


def test_single_grid_point_fits_without_search():
    FITS.clear()
    model, chosen = fit(Spy(), {"c": [1]}, seed_paragraphs())
    assert len(FITS) == 1 and chosen == {"c": 1} and model.c == 1


def test_class_scores_in_topic_order():
    texts = ["ECOWAS sanctions and a standby force", "Russia and Wagner offered help", "the junta decided"]
    labels = ["regional_intervention", "foreign_powers", "coup_and_junta"]
    model = make_pipeline(TfidfVectorizer(), ComplementNB()).fit(texts, labels)
    scores = class_scores(model, texts)
    assert scores.shape == (3, 6)
    assert np.isnan(scores[:, [1, 3, 5]]).all()  # classes the model never saw
    assert np.allclose(scores[:, [0, 2, 4]].sum(axis=1), 1.0)
    assert [TOPICS[i] for i in np.nanargmax(scores, axis=1)] == labels


def test_class_scores_of_a_two_class_decision_function():
    model = make_pipeline(TfidfVectorizer(), RidgeClassifier()).fit(
        ["alpha alpha", "beta beta"], ["public_reaction", "coup_and_junta"])
    scores = class_scores(model, ["beta beta"])
    # sklearn's single decision value scores the second class (public_reaction, sorted order)
    assert scores[0, TOPICS.index("public_reaction")] == pytest.approx(-scores[0, TOPICS.index("coup_and_junta")])
    assert scores[0, TOPICS.index("coup_and_junta")] > 0
