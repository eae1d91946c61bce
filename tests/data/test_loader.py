import datasets

from research.data import ARTICLE_FEATURES, PARAGRAPH_FEATURES, load_articles, load_paragraphs


def test_articles_dataset_shape_and_features():
    articles = load_articles()
    assert isinstance(articles, datasets.Dataset)
    assert articles.features == ARTICLE_FEATURES
    assert articles.num_rows == 5
    assert articles["n_words"] == [500, 1022, 381, 429, 311]
    assert [len(s) for s in articles["sentences"]] == [22, 36, 16, 21, 15]
    first = articles[0]
    assert first["text"] == "\n\n".join(first["paragraphs"])
    assert first["raw_sha256"] == "8e8dc57daeee50996a9f942002411b1a02c0efdd4833113e6a61f12ba91a4fa9"


def test_paragraphs_dataset():
    paragraphs = load_paragraphs()
    assert paragraphs.features == PARAGRAPH_FEATURES
    assert paragraphs.num_rows == 57
    assert paragraphs[8] == {
        "article_id": "001_435e95628c7731a9", "index": 0, "group": 0,
        "text": paragraphs[8]["text"],
    }
    assert paragraphs[8]["text"].startswith("Nigeriens have called for mass recruitment")


def test_datasets_api_comes_for_free():
    paragraphs = load_paragraphs()
    assert paragraphs.filter(lambda row: row["group"] == 0).num_rows == 32
    assert list(paragraphs.to_pandas().columns) == ["article_id", "index", "text", "group"]
