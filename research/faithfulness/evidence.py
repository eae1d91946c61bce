"""SummaC-style evidence: source sentences and windows of 2-3 consecutive sentences ranked by MiniLM cosine.

Encoding goes through ``research.classification.embeddings.encode`` (one text
at a time, one thread: deterministic, cached for the process).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from research.encoder import encode
from research.text.sentences import line_sentences


@dataclass(frozen=True)
class Window:
    start: int
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@lru_cache(maxsize=64)
def windows(source: str, sizes: tuple[int, ...] = (1, 2, 3)) -> tuple[Window, ...]:
    sentences = line_sentences(source)
    return tuple(Window(i, tuple(sentences[i:i + size])) for size in sizes
                 for i in range(len(sentences) - size + 1))


@dataclass(frozen=True)
class Match:
    score: float  # cosine of the best window, in [-1, 1]
    sentence_score: float  # cosine of the best single sentence
    window: Window
    ranked: tuple[str, ...]  # single source sentences, best first


def best_matches(source: str, sentences: list[str], sizes: tuple[int, ...] = (1, 2, 3)) -> list[Match]:
    """For each sentence: the best window of the source, and the single sentences ranked."""
    candidates = windows(source, sizes)
    if not candidates:
        return [Match(0.0, 0.0, Window(0, ()), ()) for _ in sentences]
    matrix = encode([w.text for w in candidates])
    single = [i for i, w in enumerate(candidates) if len(w.sentences) == 1]
    out = []
    for vector in encode(sentences) if sentences else []:
        cosine = matrix @ vector
        best = int(np.argmax(cosine))
        order = sorted(single, key=lambda i: (-cosine[i], i))
        out.append(Match(float(cosine[best]), float(cosine[order[0]]) if order else 0.0, candidates[best],
                         tuple(candidates[i].sentences[0] for i in order)))
    return out
