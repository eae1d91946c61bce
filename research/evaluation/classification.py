"""Classification metrics with scikit-learn: macro-F1, accuracy and per-label F1."""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score


@dataclass(frozen=True)
class ClassificationScores:
    macro_f1: float
    accuracy: float
    n: int
    per_label_f1: dict[str, float]


def classification_scores(gold: list[str], predicted: list[str]) -> ClassificationScores:
    """Scores over the labels seen in either list (a label never predicted and never gold does not count).

    A label with no gold and no predicted items would have an undefined F1;
    ``zero_division=0`` scores a label that is gold but never predicted (or the
    reverse) as 0, which is what macro-F1 should penalise.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"classification_scores: {len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        raise ValueError("classification_scores: no items to score")
    labels = sorted(set(gold) | set(predicted))
    per_label = f1_score(gold, predicted, labels=labels, average=None, zero_division=0)
    return ClassificationScores(
        macro_f1=float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)),
        accuracy=float(accuracy_score(gold, predicted)),
        n=len(gold),
        per_label_f1={label: float(score) for label, score in zip(labels, per_label)},
    )
