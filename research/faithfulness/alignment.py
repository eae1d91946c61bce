"""SummaC-style alignment: the best MiniLM cosine between the sentence and any source window of 1-3 sentences.

The score is the cosine clipped to [0, 1]; the evidence is the best window's sentences.
"""

from __future__ import annotations

from typing import Sequence

from research.faithfulness.base import Checker
from research.faithfulness.evidence import best_matches


class Alignment(Checker):
    name = "alignment"

    def __init__(self, threshold: float = 0.6, max_window: int = 3):
        if not 0 <= threshold <= 1:
            raise ValueError(f"alignment: threshold must be in [0, 1], got {threshold!r}")
        if max_window not in (1, 2, 3):
            raise ValueError(f"alignment: max_window must be 1, 2 or 3, got {max_window!r}")
        self.threshold = threshold
        self.max_window = max_window

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        sizes = tuple(range(1, self.max_window + 1))
        return [(min(1.0, max(0.0, m.score)), m.window.sentences) for m in best_matches(source, list(sentences), sizes)]

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        sizes = tuple(range(1, self.max_window + 1))
        return [{"alignment": m.score, "sentence": m.sentence_score}
                for m in best_matches(source, list(sentences), sizes)]
