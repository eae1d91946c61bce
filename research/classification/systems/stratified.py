"""Baseline: random labels drawn with the training label frequencies (seeded)."""

from sklearn.dummy import DummyClassifier

from research.classification.systems import NoOptions, System


def build(options: NoOptions, seed: int, definitions: dict[str, str]):
    return DummyClassifier(strategy="stratified", random_state=seed), {}


SYSTEM = System("stratified", "baseline", "random labels at the training frequencies (sklearn DummyClassifier)",
                NoOptions, build)
