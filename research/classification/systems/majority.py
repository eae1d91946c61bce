"""Baseline: always predict the most frequent training label."""

from sklearn.dummy import DummyClassifier

from research.classification.systems import NoOptions, System


def build(options: NoOptions, seed: int, definitions: dict[str, str]):
    return DummyClassifier(strategy="most_frequent"), {}


SYSTEM = System("majority", "baseline", "most frequent training label (sklearn DummyClassifier)", NoOptions, build)
