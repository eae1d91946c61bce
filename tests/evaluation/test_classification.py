import pytest

from research.evaluation.classification import classification_scores


def test_macro_f1_and_accuracy_by_hand():
    scores = classification_scores(["x", "y", "y"], ["x", "x", "y"])
    # x: P 1/2, R 1 -> F1 2/3; y: P 1, R 1/2 -> F1 2/3
    assert scores.macro_f1 == pytest.approx(2 / 3)
    assert scores.accuracy == pytest.approx(2 / 3)
    assert scores.per_label_f1 == {"x": pytest.approx(2 / 3), "y": pytest.approx(2 / 3)}
    assert scores.n == 3


def test_a_label_only_predicted_counts_as_zero():
    scores = classification_scores(["x", "x"], ["x", "z"])
    assert scores.per_label_f1 == {"x": pytest.approx(2 / 3), "z": 0.0}
    assert scores.macro_f1 == pytest.approx(1 / 3)


def test_lengths_must_match():
    with pytest.raises(ValueError, match=r"^classification_scores: 2 gold labels but 1 predictions$"):
        classification_scores(["x", "y"], ["x"])
