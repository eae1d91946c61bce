"""Which sentences a learned extractive scorer should learn to pick, and how good a pick is: ROUGE-1/2 F1 of
sets of whole sentences against a reference.

rouge-score tokenises (its default tokenizer, Porter stems: what the package
scores with); the n-gram F1 of a candidate set is counted here, because
rouge-score re-tokenises the whole candidate for each of the thousands of sets
a greedy oracle and a model choice try. Its values equal rouge-score's ROUGE-1/2
F1 of the sentences joined in article order (tested).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rouge_score.tokenizers import DefaultTokenizer


@lru_cache(maxsize=1)
def _tokenizer() -> DefaultTokenizer:
    return DefaultTokenizer(use_stemmer=True)


def rouge_tokens(text: str) -> list[str]:
    """rouge-score's tokens of ``text`` (lower-cased, Porter-stemmed)."""
    return _tokenizer().tokenize(text)


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    precision = overlap / max(sum(candidate.values()), 1)
    recall = overlap / max(sum(reference.values()), 1)
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


@dataclass
class SentenceRouge:
    """ROUGE of sets of an article's sentences against its reference (memoised per set)."""

    tokens: list[list[str]]  # each sentence's rouge tokens
    reference: str
    _reference: tuple[Counter, Counter] = field(init=False, repr=False)
    _memo: dict[tuple[int, ...], tuple[float, float]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        tokens = rouge_tokens(self.reference)
        self._reference = (_ngrams(tokens, 1), _ngrams(tokens, 2))

    def scores(self, chosen) -> tuple[float, float]:
        """ROUGE-1 and ROUGE-2 F1 of the ``chosen`` sentences joined in article order."""
        key = tuple(sorted(chosen))
        if key not in self._memo:
            tokens = [t for i in key for t in self.tokens[i]]
            self._memo[key] = (_f1(_ngrams(tokens, 1), self._reference[0]),
                               _f1(_ngrams(tokens, 2), self._reference[1]))
        return self._memo[key]

    def rouge2(self, chosen) -> float:
        return self.scores(chosen)[1]

    def greedy_oracle(self, k: int) -> tuple[int, ...]:
        """Exactly ``min(k, sentences)`` sentences, each step adding the one that most raises mean(ROUGE-1,
        ROUGE-2) F1 (the earlier sentence on ties): the labels the scorer learns."""
        chosen: list[int] = []
        for _ in range(min(k, len(self.tokens))):
            best, step = -1.0, 0
            for i in range(len(self.tokens)):
                if i not in chosen:
                    score = sum(self.scores(chosen + [i])) / 2
                    if score > best:
                        best, step = score, i
            chosen.append(step)
        return tuple(sorted(chosen))
