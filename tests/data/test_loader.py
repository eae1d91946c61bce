import datasets

from research.data import (
    ARTICLE_FEATURES, CHALLENGE_FEATURES, LABELLED_ARTICLE_FEATURES, LABELLED_PARAGRAPH_FEATURES, PARAGRAPH_FEATURES,
    TOPICS, load_articles, load_challenge, load_paragraphs,
)


def test_articles_dataset_shape_and_features():
    articles = load_articles()
    assert isinstance(articles, datasets.Dataset)
    assert articles.features == LABELLED_ARTICLE_FEATURES
    assert articles.num_rows == 5
    assert articles["n_words"] == [500, 1022, 381, 429, 311]
    assert [len(s) for s in articles["sentences"]] == [22, 36, 16, 21, 15]
    first = articles[0]
    assert first["text"] == "\n\n".join(first["paragraphs"])
    assert first["raw_sha256"] == "8e8dc57daeee50996a9f942002411b1a02c0efdd4833113e6a61f12ba91a4fa9"


def test_paragraphs_dataset():
    paragraphs = load_paragraphs()
    assert paragraphs.features == LABELLED_PARAGRAPH_FEATURES
    assert paragraphs.num_rows == 57
    assert paragraphs[8] == {
        "article_id": "001_435e95628c7731a9", "index": 0, "group": 0,
        "text": paragraphs[8]["text"], "label": 1, "secondary": 0,
    }
    assert paragraphs[8]["text"].startswith("Nigeriens have called for mass recruitment")


def test_datasets_api_comes_for_free():
    paragraphs = load_paragraphs()
    assert paragraphs.filter(lambda row: row["group"] == 0).num_rows == 32
    assert list(paragraphs.to_pandas().columns) == ["article_id", "index", "text", "group", "label", "secondary"]


def test_references_are_exposed_with_the_taxonomy():
    assert TOPICS == ("regional_intervention", "domestic_mobilisation", "foreign_powers",
                      "jihadist_insurgency", "coup_and_junta", "public_reaction")
    articles = load_articles()
    label = articles.features["primary"]
    assert label.names == list(TOPICS)
    assert [label.int2str(p) for p in articles["primary"]] == [
        "domestic_mobilisation", "foreign_powers", "domestic_mobilisation", "regional_intervention", "foreign_powers"]
    assert all(len(s) == 2 and s[0] != s[1] for s in articles["summaries"])
    assert all(a["primary"] in a["topics"] for a in articles)
    paragraphs = load_paragraphs()
    assert [paragraphs.features["label"].int2str(x) for x in paragraphs["label"]].count("foreign_powers") == 21
    assert paragraphs["secondary"].count(None) == 35


def test_challenge_set():
    challenge = load_challenge()
    assert challenge.features == CHALLENGE_FEATURES
    assert challenge.features["label"] == LABELLED_PARAGRAPH_FEATURES["label"]
    assert sorted(set(challenge["label"])) == list(range(6))
    assert min(challenge["label"].count(i) for i in range(6)) >= 6


def test_other_corpora_and_unlabelled_seeds_have_no_label_columns():
    assert load_paragraphs(labels=False).features == PARAGRAPH_FEATURES
    assert load_articles(labels=False).features == ARTICLE_FEATURES
