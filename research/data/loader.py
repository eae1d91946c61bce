"""Load a corpus as Hugging Face ``datasets`` objects: articles and paragraphs."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import datasets
from datasets import Features, List, Value
from tqdm import tqdm

from research.data.annotations import ANNOTATIONS, TOPIC_LABEL, Annotations, read_annotations
from research.data.cleaning import clean_article
from research.data.dedup import near_duplicate_groups
from research.data.faithfulness import ORIGINS, is_supported
from research.data.sources import read_documents
from research.errors import DataError
from research.text.sentences import split_sentences

DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.09

ARTICLE_FEATURES = Features({
    "id": Value("string"),
    "title": Value("string"),
    "date": Value("string"),
    "text": Value("string"),
    "paragraphs": List(Value("string")),
    "sentences": List(Value("string")),
    "n_words": Value("int32"),
    "group": Value("int32"),
    "raw_sha256": Value("string"),
    "removed": List({"line": Value("int32"), "text": Value("string"), "rule": Value("string")}),
})

PARAGRAPH_FEATURES = Features({
    "article_id": Value("string"),
    "index": Value("int32"),
    "text": Value("string"),
    "group": Value("int32"),
})

# The seeds also carry the hand-written references (seeds/annotations/).
LABELLED_ARTICLE_FEATURES = Features({
    **ARTICLE_FEATURES,
    "primary": TOPIC_LABEL,
    "topics": List(TOPIC_LABEL),
    "summaries": List(Value("string")),
})
LABELLED_PARAGRAPH_FEATURES = Features({**PARAGRAPH_FEATURES, "label": TOPIC_LABEL, "secondary": TOPIC_LABEL})
CHALLENGE_FEATURES = Features({"id": Value("string"), "text": Value("string"), "label": TOPIC_LABEL})
FAITHFULNESS_FEATURES = Features({
    "id": Value("string"),
    "article_id": Value("string"),
    "origin": Value("string"),
    "systems": List(Value("string")),
    "text": Value("string"),
    "label": Value("string"),
    "error_type": Value("string"),
    "evidence": List(Value("string")),
    "note": Value("string"),
    "supported": Value("bool"),
})


def article_rows(
    source: str | Path = "seeds",
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    progress: bool = False,
) -> list[dict]:
    """Cleaned articles as plain dicts, in id order (the rows of ``load_articles``)."""
    rows = []
    for doc in tqdm(read_documents(source), desc="cleaning", unit="article", disable=not progress):
        cleaned = clean_article(doc.text, detect_title=doc.title is None)
        if not cleaned.paragraphs:
            raise DataError(f"{doc.origin}: no body paragraph left after cleaning")
        text = "\n\n".join(cleaned.paragraphs)
        rows.append({
            "id": doc.id,
            "title": doc.title if doc.title is not None else cleaned.title,
            "date": doc.date if doc.date is not None else cleaned.date,
            "text": text,
            "paragraphs": cleaned.paragraphs,
            "sentences": [s for p in cleaned.paragraphs for s in split_sentences(p)],
            "n_words": len(text.split()),
            "group": 0,
            "raw_sha256": doc.sha256,
            "removed": [asdict(r) for r in cleaned.removed],
        })
    groups = near_duplicate_groups([row["text"] for row in rows], near_duplicate_threshold)
    for row, group in zip(rows, groups):
        row["group"] = group
    return rows


def paragraph_rows(articles: list[dict]) -> list[dict]:
    return [
        {"article_id": a["id"], "index": i, "text": p, "group": a["group"]}
        for a in articles for i, p in enumerate(a["paragraphs"])
    ]


def checked_annotations(articles: list[dict], folder: Path = ANNOTATIONS) -> Annotations:
    """The references for ``articles``; a DataError when any annotation file has a problem."""
    annotations = read_annotations(articles, folder)
    if annotations.problems:
        more = len(annotations.problems) - 1
        suffix = f" (and {more} more; run `research data validate`)" if more else ""
        raise DataError(annotations.problems[0] + suffix)
    return annotations


def labelled_article_rows(articles: list[dict], annotations: Annotations) -> list[dict]:
    return [
        {**a, "primary": annotations.article_labels[a["id"]]["primary"],
         "topics": annotations.article_labels[a["id"]]["topics"], "summaries": annotations.summaries[a["id"]]}
        for a in articles
    ]


def labelled_paragraph_rows(articles: list[dict], annotations: Annotations) -> list[dict]:
    rows = []
    for row in paragraph_rows(articles):
        label = annotations.paragraph_labels[(row["article_id"], row["index"])]
        rows.append({**row, "label": label["label"], "secondary": label.get("secondary")})
    return rows


def _wants_labels(source: str | Path, labels: bool | None) -> bool:
    return str(source) == "seeds" if labels is None else labels


def load_articles(
    source: str | Path = "seeds",
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    labels: bool | None = None,
) -> datasets.Dataset:
    """One row per article. ``source``: ``"seeds"``, a folder of .txt files, or a .jsonl file.

    With ``labels`` (the default for the seeds) rows gain the references: ``primary``,
    ``topics`` and ``summaries`` (``[ref_a, ref_b]``) from ``seeds/annotations/``.
    """
    rows = article_rows(source, near_duplicate_threshold)
    if not _wants_labels(source, labels):
        return datasets.Dataset.from_list(rows, features=ARTICLE_FEATURES)
    rows = labelled_article_rows(rows, checked_annotations(rows))
    return datasets.Dataset.from_list(rows, features=LABELLED_ARTICLE_FEATURES)


def load_paragraphs(
    source: str | Path = "seeds",
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    labels: bool | None = None,
) -> datasets.Dataset:
    """One row per body paragraph, with its article id, position and near-duplicate group.

    With ``labels`` (the default for the seeds) rows gain ``label`` and ``secondary`` topics.
    """
    articles = article_rows(source, near_duplicate_threshold)
    if not _wants_labels(source, labels):
        return datasets.Dataset.from_list(paragraph_rows(articles), features=PARAGRAPH_FEATURES)
    rows = labelled_paragraph_rows(articles, checked_annotations(articles))
    return datasets.Dataset.from_list(rows, features=LABELLED_PARAGRAPH_FEATURES)


def load_challenge() -> datasets.Dataset:
    """The hand-written challenge paragraphs (never train on them), with the same ``label`` feature."""
    annotations = checked_annotations(article_rows("seeds"))
    return datasets.Dataset.from_list(annotations.challenge, features=CHALLENGE_FEATURES)


def load_faithfulness(origin: str | None = None) -> datasets.Dataset:
    """The hand-written faithfulness judgments of seed sentences, in id order (``faithfulness.jsonl``).

    ``origin``: ``"summary"`` (frozen summarizer sentences) or ``"claim"`` (written claims); all by default.
    ``supported`` is the binary target (label ``supported`` against ``unsupported``/``contradicted``).
    """
    if origin not in (None, *ORIGINS):
        raise DataError(f"origin {json.dumps(origin)} is not allowed (choose from: {', '.join(ORIGINS)})")
    judgments = checked_annotations(article_rows("seeds")).faithfulness
    rows = [{**row, "supported": is_supported(row)} for row in judgments if origin in (None, row["origin"])]
    columns = {key: [row[key] for row in rows] for key in FAITHFULNESS_FEATURES}  # from_list needs one row
    return datasets.Dataset.from_dict(columns, features=FAITHFULNESS_FEATURES)
