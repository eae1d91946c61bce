"""A toy faithfulness checker from outside the package: the share of a sentence's words that the source has."""

import re
from typing import Sequence

from research.faithfulness.base import Checker
from research.text.sentences import line_sentences


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class WordOverlap(Checker):
    name = "word_overlap"

    def __init__(self, threshold: float = 0.8):
        self.threshold = threshold

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        known, candidates = _words(source), line_sentences(source)
        out = []
        for sentence in sentences:
            words = _words(sentence)
            best = max(candidates, key=lambda s: len(words & _words(s)))
            out.append((len(words & known) / max(1, len(words)), (best,)))
        return out
