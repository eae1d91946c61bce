"""Baseline checkers from the name and number tokens of ``research.text.tokens``.

A sentence scores 1 when every name (or number) it contains occurs in the
source and 0 otherwise; they are blind to false relations between true names.
Evidence: the source sentences that share the most of the sentence's names or numbers.
"""

from __future__ import annotations

from typing import Sequence

from research.faithfulness.base import Checker
from research.text.sentences import line_sentences
from research.text.tokens import names, numbers, strip_possessive, tokens


def _evidence(found: set[str], candidates: list[tuple[str, set[str]]]) -> tuple[str, ...]:
    ranked = sorted(((len(found & items), -i, text) for i, (text, items) in enumerate(candidates)), reverse=True)
    return tuple(text for overlap, _, text in ranked[:1] if overlap)


class InventedNames(Checker):
    name = "names"

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        source_words = {strip_possessive(t) for t in tokens(source)}
        candidates = [(s, {strip_possessive(t) for t in tokens(s)}) for s in line_sentences(source)]
        out = []
        for sentence in sentences:
            found = names(sentence, source)
            out.append((0.0 if found - source_words else 1.0, _evidence(found, candidates)))
        return out


class InventedNumbers(Checker):
    name = "numbers"

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        source_numbers = numbers(source)
        candidates = [(s, numbers(s)) for s in line_sentences(source)]
        return [(0.0 if numbers(s) - source_numbers else 1.0, _evidence(numbers(s), candidates)) for s in sentences]
