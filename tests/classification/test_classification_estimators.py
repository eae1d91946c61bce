import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import make_pipeline

from research.classification.definitions import label_definitions
from research.classification.embeddings import SentenceEmbedder, encode
from research.classification.estimators import WithExtraTexts, ZeroShotClassifier
from research.data import TOPICS


def test_extra_texts_join_every_fit():
    model = WithExtraTexts(DummyClassifier(strategy="prior"), texts=("extra one", "extra two"),
                           labels=("public_reaction", "jihadist_insurgency"), copies=2)
    model.fit(["a", "b"], ["coup_and_junta", "coup_and_junta"])
    assert model.classes_.tolist() == ["coup_and_junta", "jihadist_insurgency", "public_reaction"]
    # 2 training texts + 2 copies of 2 extra texts
    assert model.estimator_.class_prior_.tolist() == [2 / 6, 2 / 6, 2 / 6]
    assert model.predict_proba(["c"]).shape == (1, 3)
    assert not hasattr(model, "decision_function")


def test_extra_texts_with_zero_copies_change_nothing():
    model = WithExtraTexts(DummyClassifier(), ("x",), ("public_reaction",), 0).fit(["a"], ["coup_and_junta"])
    assert model.classes_.tolist() == ["coup_and_junta"]


@pytest.mark.parametrize("kwargs, message", [
    ({"estimator": None}, "WithExtraTexts: estimator must be a classifier, got None"),
    ({"texts": ("a",), "labels": ()}, "WithExtraTexts: texts and labels must have the same length, got 1 and 0"),
    ({"copies": -1}, "WithExtraTexts: copies must be an integer >= 0, got -1"),
])
def test_extra_texts_parameters_are_checked(kwargs, message):
    model = WithExtraTexts(**{"estimator": DummyClassifier(), **kwargs})
    with pytest.raises(ValueError) as error:
        model.fit(["a"], ["coup_and_junta"])
    assert str(error.value) == message


def test_extra_texts_teach_an_unseen_class():
    definitions = label_definitions()
    model = WithExtraTexts(make_pipeline(TfidfVectorizer(), ComplementNB()),
                           tuple(definitions[t] for t in TOPICS), TOPICS, 1)
    model.fit(["The junta held talks.", "Russia offered weapons."], ["coup_and_junta", "foreign_powers"])
    assert model.classes_.tolist() == sorted(TOPICS)
    assert model.predict(["armed Islamist groups attacked"]).tolist() == ["jihadist_insurgency"]


def test_embeddings_are_unit_length_cached_and_context_free():
    texts = ["ECOWAS threatened force.", "Prices rose in Niamey."]
    together = encode(texts)
    assert together.shape == (2, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(encode(texts[1:]), together[1:])  # a text's vector never depends on its neighbours
    assert np.array_equal(SentenceEmbedder().fit(texts).transform(texts), together)


def test_unknown_embedding_model():
    with pytest.raises(ValueError) as error:
        SentenceEmbedder(model="bert").fit(["a"])
    assert str(error.value) == "SentenceEmbedder: model must be one of all-MiniLM-L6-v2, got 'bert'"


def test_zero_shot_needs_no_training_data_and_finds_each_definition():
    definitions = label_definitions()
    model = ZeroShotClassifier(TOPICS, tuple(definitions[t] for t in TOPICS)).fit()
    assert model.classes_.tolist() == list(TOPICS)
    assert model.predict([definitions[t] for t in TOPICS]).tolist() == list(TOPICS)
    scores = model.decision_function([definitions["public_reaction"]])
    assert scores.shape == (1, 6) and scores[0, 5] == pytest.approx(1.0, abs=1e-5)


def test_zero_shot_parameters_are_checked():
    with pytest.raises(ValueError) as error:
        ZeroShotClassifier(("a", "b"), ("only one",)).fit()
    assert str(error.value) == ("ZeroShotClassifier: labels and descriptions must be non-empty and of the same "
                                "length, got 2 and 1")
