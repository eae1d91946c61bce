import json
from pathlib import Path

import pytest

from research.data import load_articles, load_paragraphs
from research.errors import DataError

CORPUS = {
    "a1": "A Short Headline\n\nThe first paragraph says one thing.\n\nThe second says another.\n",
    "a2": " date 2024-03-04 Only paragraph of the second article.\nLeave a comment\n",
}


def _folder(tmp_path: Path) -> Path:
    for stem, text in CORPUS.items():
        (tmp_path / f"{stem}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_folder_of_txt_files(tmp_path):
    articles = load_articles(_folder(tmp_path))
    assert articles["id"] == ["a1", "a2"]
    assert articles["title"] == ["A Short Headline", None]
    assert articles["date"] == [None, "2024-03-04"]
    assert articles["text"][0] == "The first paragraph says one thing.\n\nThe second says another."
    assert articles["n_words"] == [10, 6]
    paragraphs = load_paragraphs(_folder(tmp_path))
    assert [(p["article_id"], p["index"]) for p in paragraphs] == [("a1", 0), ("a1", 1), ("a2", 0)]


def test_jsonl_file_with_given_title_and_date(tmp_path):
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": "x", "text": "Body one.\nBody two.", "title": "Given", "date": "2020-01-01"},
            {"id": "y", "text": "Just a body."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    articles = load_articles(path)
    assert articles["title"] == ["Given", None]
    assert articles["date"] == ["2020-01-01", None]
    assert articles["paragraphs"][0] == ["Body one.", "Body two."]


@pytest.mark.parametrize("content, message", [
    ("{bad json\n", "corpus.jsonl:1: invalid JSON (Expecting property name enclosed in double quotes)"),
    ("[1, 2]\n", "corpus.jsonl:1: expected a JSON object, got array"),
    ('{"id": "a"}\n', "corpus.jsonl:1: missing 'text'"),
    ('{"id": "a", "text": 3}\n', "corpus.jsonl:1: 'text' must be a string, got number"),
    ('{"id": "a", "text": "x."}\n{"id": "a", "text": "y."}\n', "corpus.jsonl:2: duplicate id 'a' (first on line 1)"),
    ("\n\n", "corpus.jsonl: no articles in this file"),
])
def test_jsonl_errors_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "corpus.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_articles(path)
    assert str(error.value) == f"{tmp_path}/{message}"


def test_empty_folder(tmp_path):
    with pytest.raises(DataError, match=r"no \.txt files in this folder$"):
        load_articles(tmp_path)


def test_file_that_is_not_text(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\x00\x01")
    with pytest.raises(DataError) as error:
        load_articles(tmp_path)
    assert str(error.value) == f"{tmp_path / 'a.txt'}: not a text file (contains NUL bytes)"


def test_file_that_is_not_utf8(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"caf\xe9 au lait")
    with pytest.raises(DataError) as error:
        load_articles(tmp_path)
    assert str(error.value) == f"{tmp_path / 'a.txt'}: not UTF-8 text (invalid byte at offset 3)"


def test_article_with_no_body_after_cleaning(tmp_path):
    (tmp_path / "a.txt").write_text("Scroll Top\n\nLeave a comment\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_articles(tmp_path)
    assert str(error.value) == f"{tmp_path / 'a.txt'}: no body paragraph left after cleaning"


def test_missing_source(tmp_path):
    with pytest.raises(DataError) as error:
        load_articles(tmp_path / "nope")
    assert str(error.value).endswith("nope: no such file or folder (source is 'seeds', a folder of .txt files or a .jsonl file)")
