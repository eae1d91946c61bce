"""Write the corpus as data files plus a Hugging Face dataset card.

After ``research data build`` plain ``datasets.load_dataset("seeds")`` (and
``load_dataset("seeds", "paragraphs")``) works with no project code: the
card's YAML front matter names each config's data file and features.
"""

from __future__ import annotations

import io
from pathlib import Path

import datasets
import yaml
from datasets import Features

from research.data.loader import (
    ARTICLE_FEATURES, CHALLENGE_FEATURES, DEFAULT_NEAR_DUPLICATE_THRESHOLD, LABELLED_ARTICLE_FEATURES,
    LABELLED_PARAGRAPH_FEATURES, PARAGRAPH_FEATURES, article_rows, checked_annotations, labelled_article_rows,
    labelled_paragraph_rows, paragraph_rows,
)
from research.io import atomic_write_bytes, atomic_write_text

CARD_METADATA = {
    "pretty_name": "Niger coup crisis news articles (2023)",
    "language": ["en"],
    "task_categories": ["text-classification", "summarization"],
    "size_categories": ["n<1K"],
}

DEFAULT_BODY = "\n# Dataset card\n\nDescribe the corpus here; `research data build` rewrites only the front matter.\n"


def corpus_tables(source: str | Path, threshold: float, progress: bool = False) -> dict[str, tuple[list[dict], Features]]:
    """Each dataset config's rows and features, in card order (the first is the default).

    The seeds also get their references and a ``challenge`` config.
    """
    articles = article_rows(source, threshold, progress=progress)
    if str(source) == "seeds":
        annotations = checked_annotations(articles)
        return {
            "articles": (labelled_article_rows(articles, annotations), LABELLED_ARTICLE_FEATURES),
            "paragraphs": (labelled_paragraph_rows(articles, annotations), LABELLED_PARAGRAPH_FEATURES),
            "challenge": (annotations.challenge, CHALLENGE_FEATURES),
        }
    return {
        "articles": (articles, ARTICLE_FEATURES),
        "paragraphs": (paragraph_rows(articles), PARAGRAPH_FEATURES),
    }


def to_parquet_bytes(rows: list[dict], features: Features) -> bytes:
    """Parquet keeps the declared types; JSON lines would let pyarrow read an ISO date as a timestamp."""
    buffer = io.BytesIO()
    datasets.Dataset.from_list(rows, features=features).to_parquet(buffer)
    return buffer.getvalue()


def card_front_matter(tables: dict[str, tuple[list[dict], Features]]) -> str:
    names = list(tables)
    meta = {
        **CARD_METADATA,
        "configs": [
            {"config_name": name, "data_files": [{"split": "train", "path": f"data/{name}.parquet"}],
             **({"default": True} if name == names[0] else {})}
            for name in names
        ],
        "dataset_info": [
            {"config_name": name, "features": features._to_yaml_list()}
            for name, (_rows, features) in tables.items()
        ],
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def card_body(card: Path) -> str:
    """The prose under the front matter of an existing card (kept as written)."""
    if not card.is_file():
        return DEFAULT_BODY
    text = card.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return text[end + 5:]
    return text


def build(
    out_dir: Path,
    source: str | Path = "seeds",
    threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    progress: bool = False,
) -> list[Path]:
    """Write ``out_dir/data/<config>.parquet`` and the card ``out_dir/README.md``."""
    tables = corpus_tables(source, threshold, progress)
    written = []
    for name, (rows, features) in tables.items():
        path = out_dir / "data" / f"{name}.parquet"
        atomic_write_bytes(path, to_parquet_bytes(rows, features))
        written.append(path)
    card = out_dir / "README.md"
    atomic_write_text(card, card_front_matter(tables) + card_body(card))
    written.append(card)
    return written
