"""How a learned extractive summarizer turns sentence scores into a summary: the selection rules it chooses
among, each with trigram blocking (BertSumExt's trick against saying one thing twice)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WINDOWS = (4, 5, 6, 8, 10, None)  # candidates: the first K sentences (None: all)


@dataclass(frozen=True)
class Rule:
    """Keep the first ``lead`` sentences, then take the best-scored among the first ``window`` (None: all).

    ``Rule(lead=k)`` with a k-sentence budget is the lead baseline itself, so a model choice can fall back to it.
    """

    window: int | None = None
    lead: int = 0

    def describe(self) -> str:
        if self.lead:
            return f"first {self.lead} kept, then the best"
        return "best of all sentences" if self.window is None else f"best of the first {self.window}"


def _trigrams(tokens: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(tokens, tokens[1:], tokens[2:]))


def select(scores: np.ndarray, tokens: list[list[str]], k: int, rule: Rule) -> tuple[int, ...]:
    """Indices of ``k`` sentences (article order): the rule's kept lead, then the best scores (the earlier
    sentence on ties) skipping one that shares a word trigram with a sentence already taken; skipped sentences
    fill the budget only if nothing else is left."""
    n = len(scores)
    k = min(k, n)
    limit = n if rule.window is None else min(n, max(rule.window, k))
    chosen = list(range(min(rule.lead, k)))
    taken = set().union(*(_trigrams(tokens[i]) for i in chosen)) if chosen else set()
    skipped = []
    for i in sorted(range(limit), key=lambda i: (-scores[i], i)):
        if len(chosen) >= k:
            break
        if i in chosen:
            continue
        trigrams = _trigrams(tokens[i])
        if trigrams & taken:
            skipped.append(i)
            continue
        taken |= trigrams
        chosen.append(i)
    chosen += skipped[:k - len(chosen)]
    return tuple(sorted(chosen))
