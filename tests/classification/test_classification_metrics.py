import pytest

from research.classification.metrics import label_metrics
from research.data import TOPICS


def test_summarize_small_example():
    truth = ["foreign_powers", "foreign_powers", "coup_and_junta", "public_reaction"]
    guess = ["foreign_powers", "coup_and_junta", "coup_and_junta", "foreign_powers"]
    result = label_metrics(truth, guess)
    # F1: foreign_powers 1/2, coup_and_junta 2/3, public_reaction 0 (other topics absent from both)
    assert result["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert result["accuracy"] == 0.5
    assert result["per_class"]["coup_and_junta"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3),
                                                     "support": 1}
    assert result["per_class"]["regional_intervention"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert result["confusion"][TOPICS.index("foreign_powers")] == [0, 0, 1, 0, 1, 0]
