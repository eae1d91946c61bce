import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from research.classification.augment import Augmented, augment
from research.classification.calibration import expected_calibration_error, reliability
from research.classification.data import LabelledTexts, challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.estimators import ZeroShotClassifier
from research.classification.cross_validation import cross_fit, fit_fixed, joined
from research.classification.knowledge import label_descriptions, label_texts
from research.data import TOPICS


def test_label_texts_add_descriptions_and_keywords_topic_by_topic():
    definitions = label_definitions()
    texts, labels = label_texts(definitions, "definitions")
    assert texts == tuple(definitions[t] for t in TOPICS) and labels == TOPICS
    described = label_descriptions()
    texts, labels = label_texts(definitions, "keywords")
    n = {t: len(described[t]["descriptions"]) + 2 for t in TOPICS}
    assert len(texts) == sum(n.values())
    assert texts[0] == definitions["regional_intervention"]
    assert texts[n["regional_intervention"] - 1].startswith("ECOWAS, West African bloc")
    with pytest.raises(ValueError, match="label_texts must be one of definitions, descriptions, keywords"):
        label_texts(definitions, "everything")


def test_zero_shot_prototype_is_the_normalised_mean_of_a_topics_texts():
    from research.classification.embeddings import encode

    texts = ("troops cross the border", "soldiers invade", "prices rise")
    model = ZeroShotClassifier(("a", "a", "b"), texts).fit()
    vectors = encode(texts)
    mean = vectors[:2].mean(axis=0)
    assert model.classes_.tolist() == ["a", "b"]
    assert np.allclose(model.prototypes_[0], mean / np.linalg.norm(mean), atol=1e-6)
    assert np.allclose(model.prototypes_[1], vectors[2], atol=1e-6)


class _Recorder(ClassifierMixin, BaseEstimator):
    """Remembers what it was trained on: 'public_reaction' for a seen text, 'coup_and_junta' otherwise."""

    def fit(self, X, y):
        self.seen_ = sorted(set(X))
        self.classes_ = np.array(TOPICS)
        return self

    def predict(self, X):
        return np.array(["public_reaction" if x in self.seen_ else "coup_and_junta" for x in X])

    def predict_proba(self, X):
        return np.array([[float(TOPICS[i] == p) for i in range(len(TOPICS))] for p in self.predict(X)])


def test_augmentation_cuts_sentences_and_windows_from_the_fitted_texts_only():
    texts, labels = augment(["One. Two. Three.", "Alone here."], ["a", "b"], sentences=True, window=2)
    assert texts == ["One. Two. Three.", "Alone here.", "One.", "Two.", "Three.", "One. Two.", "Two. Three."]
    assert labels.tolist() == ["a", "b", "a", "a", "a", "a", "a"]
    model = Augmented(_Recorder(), window=2).fit(["One. Two. Three."], ["a"])
    assert model.estimator_.seen_ == ["One.", "One. Two.", "One. Two. Three.", "Three.", "Two.", "Two. Three."]


def test_challenge_items_are_cross_fitted_never_scored_by_a_model_that_saw_them():
    seeds, challenge = seed_paragraphs(), challenge_items()
    predictions, probabilities = cross_fit(_Recorder(), {}, seeds, challenge, seed=13)
    assert set(predictions) == {"coup_and_junta"}  # no challenge item was in its own model's training data
    assert probabilities.shape == (42, 6)
    shipped = fit_fixed(_Recorder(), {}, joined(seeds, challenge))
    assert set(shipped.predict(list(challenge.texts))) == {"public_reaction"}  # the shipped model saw them all


def test_joined_keeps_groups_apart():
    seeds, challenge = seed_paragraphs(), challenge_items()
    both = joined(seeds, challenge)
    assert isinstance(both, LabelledTexts) and len(both) == 99
    assert set(both.groups[:57]).isdisjoint(both.groups[57:])


def test_expected_calibration_error_by_hand():
    probabilities = np.zeros((4, 6))
    probabilities[:, 0] = [0.95, 0.95, 0.55, 0.55]  # two confident, two unsure predictions of topic 0
    probabilities[:, 1] = 1 - probabilities[:, 0]
    labels = [TOPICS[0], TOPICS[0], TOPICS[0], TOPICS[1]]
    assert reliability(labels, probabilities) == [
        {"low": 0.5, "high": 0.6, "count": 2, "confidence": pytest.approx(0.55), "accuracy": 0.5},
        {"low": 0.9, "high": 1.0, "count": 2, "confidence": pytest.approx(0.95), "accuracy": 1.0},
    ]
    assert expected_calibration_error(labels, probabilities) == pytest.approx(0.5 * 0.05 + 0.5 * 0.05)
