"""``copying``: how much of the sentence is copied from the article, as shared n-grams and extractive fragments.

People find few errors in what a system copies; in published systems' summaries the sentences judged wrong are
mostly the ones a system wrote itself. The score is the share of the sentence's word n-grams (``n``, 4 by default;
a sentence of fewer words: n-grams of its own length) that occur in the article, on ``research.text.tokens``'
lower-cased words, so lower-cased outputs match the article's prose (``check`` detokenises first). The features
add Grusky et al.'s (2018) fragment coverage and density (here divided by the sentence's length squared, so it is
in [0, 1]) and the longest fragment's share of the sentence (``research.text.fragments``).

It knows nothing of meaning: a true paraphrase scores low, a copied sentence with one changed name scores high.
A signal for the combination (``combined``), not a verdict on its own; it reads no model.
Evidence: the article sentence that shares the most of the sentence's n-grams.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from research.faithfulness.base import Checker
from research.text.fragments import fragments, ngrams
from research.text.sentences import line_sentences
from research.text.tokens import tokens

EMPTY = {"copying": 1.0, "coverage": 1.0, "density": 1.0, "longest": 1.0}  # no words: nothing to invent


class _Article:
    """An article's tokens, n-grams (1..n) and per-sentence n-grams, built once for every sentence judged on it."""

    def __init__(self, text: str, n: int):
        self.tokens = tokens(text)
        self.grams = {k: set(ngrams(self.tokens, k)) for k in range(1, n + 1)}
        self.sentences = [(s, set(ngrams(tokens(s), n))) for s in line_sentences(text)]


@lru_cache(maxsize=8)
def _article(text: str, n: int) -> _Article:
    return _Article(text, n)


class Copying(Checker):
    name = "copying"

    def __init__(self, n: int = 4, threshold: float = 0.5):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"copying: n must be a whole number of words >= 1, got {n!r}")
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1:
            raise ValueError(f"copying: threshold must be a number in [0, 1], got {threshold!r}")
        self.n, self.threshold = n, threshold

    def _share(self, words: list[str], article: _Article) -> float:
        """The share of the words' n-grams in the article (fewer words than n: n-grams of their own length)."""
        grams = ngrams(words, min(self.n, len(words)))
        return sum(g in article.grams[len(g)] for g in grams) / len(grams)

    def shares(self, source: str, sentences: Sequence[str]) -> list[float]:
        """The score alone, per sentence, without the fragments and evidence (``combined``'s copied-sentence rule)."""
        article = _article(source, self.n)
        return [self._share(words, article) if words else EMPTY["copying"] for words in map(tokens, sentences)]

    def _judged(self, source: str, sentences: Sequence[str]) -> list[tuple[dict[str, float], tuple[str, ...]]]:
        """(features, evidence) per sentence, each sentence tokenised once."""
        article = _article(source, self.n)
        out = []
        for sentence in sentences:
            words = tokens(sentence)
            if not words:
                out.append((dict(EMPTY), ()))
                continue
            found = [len(f) for f in fragments(words, article.tokens)]
            row = {"copying": self._share(words, article),
                   "coverage": sum(found) / len(words), "density": sum(f * f for f in found) / len(words) ** 2,
                   "longest": max(found, default=0) / len(words)}
            full = set(ngrams(words, self.n))
            shared = max(article.sentences, key=lambda item: len(full & item[1]), default=None)
            out.append((row, (shared[0],) if shared and full & shared[1] else ()))
        return out

    def features(self, source: str, sentences: Sequence[str]) -> list[dict[str, float]]:
        return [row for row, _ in self._judged(source, sentences)]

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        return [(row["copying"], evidence) for row, evidence in self._judged(source, sentences)]
