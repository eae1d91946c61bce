import pytest

from research.classification.articles import aggregate, score
from research.classification.data import article_labels


def test_aggregate_primary_topics_and_ties():
    articles = ["x", "x", "x", "x", "y", "y"]
    predicted = ["coup_and_junta", "foreign_powers", "foreign_powers", "coup_and_junta",
                 "public_reaction", "regional_intervention"]
    assert aggregate(articles, predicted) == {
        # tie 2-2: the label predicted first in the article wins
        "x": {"primary": "coup_and_junta", "topics": ["foreign_powers", "coup_and_junta"]},
        "y": {"primary": "public_reaction", "topics": ["regional_intervention", "public_reaction"]},
    }
    assert aggregate(articles, predicted, min_paragraphs=2) == {
        "x": {"primary": "coup_and_junta", "topics": ["foreign_powers", "coup_and_junta"]},
        "y": {"primary": "public_reaction", "topics": ["public_reaction"]},  # the primary is always kept
    }


def test_score_against_references():
    reference = {"a": {"primary": "foreign_powers", "topics": ["foreign_powers", "coup_and_junta"]},
                 "b": {"primary": "public_reaction", "topics": ["public_reaction"]}}
    predicted = {"a": {"primary": "foreign_powers", "topics": ["foreign_powers"]},
                 "b": {"primary": "coup_and_junta", "topics": ["coup_and_junta", "public_reaction"]}}
    result = score(predicted, reference)
    # 2 true positives, 1 false positive, 1 false negative
    assert result == {"articles": 2, "primary_accuracy": 0.5, "topics_micro_f1": pytest.approx(2 / 3),
                      # per topic F1: foreign_powers 1, coup_and_junta 0, public_reaction 1, others 0 (6 topics)
                      "topics_macro_f1": pytest.approx(2 / 6), "exact_match": 0.0}


def test_score_needs_every_article():
    with pytest.raises(ValueError) as error:
        score({}, {"a": {"primary": "foreign_powers", "topics": ["foreign_powers"]}})
    assert str(error.value) == "no predictions for article(s) a"


def test_reference_article_labels_are_the_annotations():
    labels = article_labels()
    assert len(labels) == 5
    assert labels["002_a19fdc4d4b0ad4ef"] == {
        "primary": "domestic_mobilisation",
        "topics": ["domestic_mobilisation", "foreign_powers", "jihadist_insurgency", "coup_and_junta"]}
