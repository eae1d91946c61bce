"""The hand-written faithfulness judgments (``seeds/annotations/faithfulness.jsonl``) as checker test items.

Only what the checkers and their meta-evaluation need; the file is read and
checked by ``research.data.faithfulness.read_judgment_file``, the reader behind
``research data validate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, TypeVar

from research.data import load_articles
from research.data.faithfulness import read_judgment_file
from research.paths import PROJECT_ROOT

JUDGMENTS = PROJECT_ROOT / "seeds" / "annotations" / "faithfulness.jsonl"
KEYS = ("id", "article_id", "origin", "text", "label", "error_type")
T = TypeVar("T")


@dataclass(frozen=True)
class Judgment:
    id: str
    article_id: str
    origin: str
    text: str
    label: str
    error_type: str | None

    @property
    def supported(self) -> bool:
        return self.label == "supported"


def read_judgments(path: Path = JUDGMENTS) -> list[Judgment]:
    """The judgments as checker test items, read and checked by the data layer's one reader."""
    articles = {row["id"]: row for row in load_articles()}
    return [Judgment(*(row[k] for k in KEYS)) for row in read_judgment_file(path, articles)]


def article_texts() -> dict[str, str]:
    """Seed article id -> cleaned text (the checkers' source)."""
    return {row["id"]: row["text"] for row in load_articles()}


def per_article(items: Sequence[Judgment], judge: Callable[[str, list[str]], Sequence[T]]) -> dict[str, T]:
    """Judgment id -> ``judge(article text, the texts of that article's judgments)``'s value for it, one call per
    article (in id order of the articles, the judgments in file order)."""
    texts, found = article_texts(), {}
    for article in sorted({j.article_id for j in items}):
        mine = [j for j in items if j.article_id == article]
        found.update(zip((j.id for j in mine), judge(texts[article], [j.text for j in mine])))
    return found
