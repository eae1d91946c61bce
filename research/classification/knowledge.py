"""Hand-written label knowledge as training text and zero-shot prototypes.

Each topic has its guideline definition (``definitions.py``) and, in
``seeds/annotations/label_descriptions.jsonl``, several descriptions and a
keyword list written from the guidelines (never from test paragraphs).
``label_texts`` turns them into (text, label) pairs that a system adds to
every training fold; zero-shot averages a topic's texts into one prototype.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from research.data.annotations import ANNOTATIONS, TOPICS, read_label_descriptions
from research.errors import DataError

DESCRIPTIONS = ANNOTATIONS / "label_descriptions.jsonl"
# what a topic's training texts are: its definition; + its descriptions; + one document of its keywords
LabelTexts = Literal["definitions", "descriptions", "keywords"]
LABEL_TEXTS = ("definitions", "descriptions", "keywords")


@lru_cache(maxsize=4)
def _read(path: Path) -> str:
    problems: list[str] = []
    found = read_label_descriptions(path, problems)
    if problems:
        raise DataError(problems[0] + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""))
    return json.dumps(found)


def label_descriptions(path: Path = DESCRIPTIONS) -> dict[str, dict]:
    """``{topic: {"descriptions": [...], "keywords": [...]}}`` in topic order; a DataError naming the file."""
    return json.loads(_read(Path(path)))


def label_texts(definitions: dict[str, str], kind: str,
                descriptions: dict[str, dict] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(texts, labels) of the label knowledge, topic by topic in ``TOPICS`` order."""
    if kind not in LABEL_TEXTS:
        raise ValueError(f"label_texts must be one of {', '.join(LABEL_TEXTS)}, got {kind!r}")
    descriptions = label_descriptions() if descriptions is None and kind != "definitions" else descriptions
    texts: list[str] = []
    labels: list[str] = []
    for topic in TOPICS:
        topic_texts = [definitions[topic]]
        if kind != "definitions":
            topic_texts += descriptions[topic]["descriptions"]
        if kind == "keywords":
            topic_texts.append(", ".join(descriptions[topic]["keywords"]) + ".")
        texts += topic_texts
        labels += [topic] * len(topic_texts)
    return tuple(texts), tuple(labels)
