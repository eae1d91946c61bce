"""Near-duplicate detection: which articles retell the same story.

Two retellings share many word 3-grams even when most sentences are
reworded. Containment (shared shingles over the smaller set) catches a short
article retold inside a longer one, where Jaccard or whole-document TF-IDF
cosine are diluted by the longer article's other material.
"""

from __future__ import annotations

import re

SHINGLE_SIZE = 3


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def containment(a: set, b: set) -> float:
    """Share of the smaller shingle set found in the other one (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def near_duplicate_groups(texts: list[str], threshold: float) -> list[int]:
    """Cluster id per text; texts whose containment reaches ``threshold`` share one.

    Clusters are the connected components of the "near-duplicate" relation,
    numbered in order of their first member, so ids are stable for a corpus.
    """
    sets = [shingles(text) for text in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if containment(sets[i], sets[j]) >= threshold:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    numbering: dict[int, int] = {}
    return [numbering.setdefault(root(i), len(numbering)) for i in range(len(texts))]
