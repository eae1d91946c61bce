"""Evidence retrieval: the source sentences and windows most similar to a claim (bundled MiniLM, cosine).

A window is 1 to ``max_window`` consecutive source sentences. Embeddings
come from the package's one encoder (``research.encoder``): unit length, so
cosine similarity is a dot product, and cached per process.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from research.encoder import encode


@dataclass(frozen=True)
class Window:
    start: int  # index of its first sentence
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def windows(sentences: list[str], max_window: int = 3) -> list[Window]:
    """Every run of 1..max_window consecutive sentences, shortest first, then by position."""
    return [Window(i, tuple(sentences[i:i + n])) for n in range(1, max_window + 1)
            for i in range(len(sentences) - n + 1)]


@dataclass(frozen=True)
class Retrieved:
    """Windows ranked by similarity to one claim (best first), with the claim's embedding."""

    ranked: tuple[tuple[float, Window], ...]
    claim_vector: np.ndarray
    window_vectors: dict[Window, np.ndarray]

    def best(self, size: int | None = None) -> tuple[float, Window]:
        """The best window, or the best of exactly ``size`` sentences."""
        for similarity, window in self.ranked:
            if size is None or len(window.sentences) == size:
                return similarity, window
        raise ValueError(f"no window of {size} sentences")


def retrieve(claims: list[str], sentences: list[str], max_window: int = 3) -> list[Retrieved]:
    """For each claim, all windows of the source ranked by cosine similarity (ties: earlier, shorter first)."""
    if not sentences:
        raise ValueError("the source has no sentences")
    candidates = windows(sentences, max_window)
    matrix = encode([w.text for w in candidates])
    vectors = encode(claims) if claims else np.zeros((0, matrix.shape[1]), dtype=np.float32)
    out = []
    for vector in vectors:
        similarities = matrix @ vector
        order = sorted(range(len(candidates)), key=lambda i: (-round(float(similarities[i]), 6), i))
        out.append(Retrieved(tuple((float(similarities[i]), candidates[i]) for i in order), vector,
                             dict(zip(candidates, matrix))))
    return out
