"""The labelled texts the classification experiments use, as plain arrays."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from research.data import TOPICS, load_articles, load_challenge, load_paragraphs


@dataclass(frozen=True)
class LabelledTexts:
    """Texts with topic names as labels; ``articles`` and ``groups`` say which paragraphs belong together."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    labels: np.ndarray  # topic names (str)
    articles: np.ndarray  # article id per text (a challenge item is its own "article")
    groups: np.ndarray  # near-duplicate group per text (int)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, index: np.ndarray) -> "LabelledTexts":
        index = np.asarray(index, dtype=int)
        return LabelledTexts(
            tuple(self.ids[i] for i in index), tuple(self.texts[i] for i in index),
            self.labels[index], self.articles[index], self.groups[index],
        )

    def fingerprint(self) -> str:
        rows = [[i, t, str(label)] for i, t, label in zip(self.ids, self.texts, self.labels)]
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def seed_paragraphs() -> LabelledTexts:
    """The 57 labelled seed paragraphs, in corpus order."""
    rows = load_paragraphs()
    return LabelledTexts(
        ids=tuple(f"{a}#{i}" for a, i in zip(rows["article_id"], rows["index"])),
        texts=tuple(rows["text"]),
        labels=np.array([TOPICS[i] for i in rows["label"]]),
        articles=np.array(rows["article_id"]),
        groups=np.array(rows["group"], dtype=int),
    )


@lru_cache(maxsize=1)
def challenge_items() -> LabelledTexts:
    """The hand-written challenge paragraphs (never trained on); each is its own article and group."""
    rows = load_challenge()
    return LabelledTexts(
        ids=tuple(rows["id"]),
        texts=tuple(rows["text"]),
        labels=np.array([TOPICS[i] for i in rows["label"]]),
        articles=np.array(rows["id"]),
        groups=np.arange(len(rows), dtype=int),
    )


@lru_cache(maxsize=1)
def article_labels() -> dict[str, dict]:
    """``{article id: {"primary": topic, "topics": [topics]}}`` from the reference article labels."""
    rows = load_articles()
    return {
        a: {"primary": TOPICS[p], "topics": [TOPICS[t] for t in topics]}
        for a, p, topics in zip(rows["id"], rows["primary"], rows["topics"])
    }
