import pytest
from sklearn.dummy import DummyClassifier

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import build
from research.classification.learning_curve import learning_curve
from research.classification.systems import SYSTEMS


def test_curve_shape_and_seeding():
    estimator, _ = build("tfidf_cnb", SYSTEMS["tfidf_cnb"].options.model_validate({"label_copies": [1]}), 13,
                         label_definitions())
    params = {"copies": 1, "estimator__clf__alpha": 0.1, "estimator__tfidf__min_df": 1}
    args = (estimator, params, seed_paragraphs(), challenge_items(), [5, 30, 57], 3)
    curve = learning_curve(*args, seed=(1, 2))
    assert list(curve) == [5, 30, 57]
    assert [len(v) for v in curve.values()] == [3, 3, 1]  # all 57 paragraphs: one fit
    assert all(0 <= x <= 1 for v in curve.values() for x in v)
    assert learning_curve(*args, seed=(1, 2)) == curve
    assert learning_curve(*args, seed=(1, 3))[5] != curve[5]


def test_majority_curve_is_flat_at_the_full_size():
    curve = learning_curve(DummyClassifier(), {}, seed_paragraphs(), challenge_items(), [57], 4, seed=0)
    assert curve == {57: [pytest.approx((2 * 7 / 49) / 6)]}  # always foreign_powers: F1 2*7/(7+42) on one topic
