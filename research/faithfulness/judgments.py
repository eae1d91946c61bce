"""The hand-written faithfulness judgments (``seeds/annotations/faithfulness.jsonl``) as checker test items.

Only what the checkers and their meta-evaluation need; the full validation of
the file is ``research data validate``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from research.data import load_articles
from research.errors import DataError
from research.jsonl import read_lines
from research.paths import PROJECT_ROOT

JUDGMENTS = PROJECT_ROOT / "seeds" / "annotations" / "faithfulness.jsonl"
KEYS = ("id", "article_id", "origin", "text", "label", "error_type")


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
    items = []
    for line in read_lines(path):
        missing = [k for k in KEYS if k not in line.row]
        if missing:
            raise DataError(f"{line.where}: missing '{missing[0]}'")
        items.append(Judgment(*(line.row[k] for k in KEYS)))
    if not items:
        raise DataError(f"{path}: no judgments")
    return items


def article_texts() -> dict[str, str]:
    """Seed article id -> cleaned text (the checkers' source)."""
    return {row["id"]: row["text"] for row in load_articles()}
