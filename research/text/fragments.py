"""What a summary shares with its article, word for word: n-grams and extractive fragments.

Fragments are Grusky et al.'s (2018, NEWSROOM) algorithm 1: from each summary token, the longest run of tokens the
article also holds in that order (the scan skips past each match, as the paper's does), then on past it. Tokens
are any list of strings, usually ``research.text.tokens.tokens``.
"""

from __future__ import annotations

from typing import Sequence


def ngrams(items: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(items[i: i + n]) for i in range(len(items) - n + 1)]


def fragments(summary_tokens: list[str], article_tokens: list[str]) -> list[list[str]]:
    """Greedy extractive fragments of Grusky et al. (2018), algorithm 1."""
    found: list[list[str]] = []
    i = 0
    while i < len(summary_tokens):
        best: list[str] = []
        j = 0
        while j < len(article_tokens):
            if summary_tokens[i] == article_tokens[j]:
                i2, j2 = i, j
                while i2 < len(summary_tokens) and j2 < len(article_tokens) and summary_tokens[i2] == article_tokens[j2]:
                    i2, j2 = i2 + 1, j2 + 1
                if len(best) < i2 - i:
                    best = summary_tokens[i:i2]
                j = j2
            else:
                j += 1
        i += max(len(best), 1)
        if best:
            found.append(best)
    return found
