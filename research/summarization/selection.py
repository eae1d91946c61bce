"""Reference-free summary selection: salience of article sentences, coverage, redundancy, budgeted greedy choice.

Salience of an article sentence is its centrality (mean cosine similarity to
the article's other sentences) times a position prior ``1 / (1 + position) **
position_decay`` (news puts the main facts first), normalised to sum to 1.
A summary's coverage is the salience-weighted sum, over article sentences, of
the best cosine similarity any summary sentence reaches (clipped at 0): a
facility-location objective, so a sentence that repeats a chosen one gains
almost nothing. Redundancy is a hard cap: a candidate more similar than
``max_similarity`` to a chosen sentence (a paraphrase or compression of it)
is never added. A soft penalty on the mean pairwise similarity was tried
first and stopped every summary after one or two sentences: sentences of one
news story are all alike (cosine 0.4-0.7), so any second sentence cost more
than it covered. Candidates are added greedily by coverage gain per word
within the word budget (the budgeted maximum-coverage heuristic of Lin &
Bilmes, 2010). No reference is used: rows are unit-length sentence embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPSILON = 1e-9  # a gain below this is no gain (float noise)


def salience(article: np.ndarray, position_decay: float) -> np.ndarray:
    """Weights over the article's sentences (rows of unit vectors), summing to 1."""
    n = len(article)
    if n == 1:
        return np.ones(1)
    similarity = article @ article.T
    centrality = (similarity.sum(axis=1) - np.diag(similarity)) / (n - 1)
    # clipped, not zeroed: a sentence unlike every other one still counts a little
    weights = np.clip(centrality, 1e-6, None) / (1.0 + np.arange(n)) ** position_decay
    return weights / weights.sum()


def coverage(article: np.ndarray, weights: np.ndarray, summary: np.ndarray) -> float:
    """Salience-weighted best similarity of each article sentence to the summary, in [0, 1]."""
    if len(summary) == 0:
        return 0.0
    return float(weights @ np.clip((article @ summary.T).max(axis=1), 0.0, None))


@dataclass(frozen=True)
class Selection:
    indices: tuple[int, ...]  # chosen candidates, in the order they were added
    score: float  # the coverage of the chosen candidates


def greedy_select(article: np.ndarray, weights: np.ndarray, candidates: np.ndarray, lengths: list[int],
                  budget_words: int | None, max_similarity: float, max_items: int | None = None) -> Selection:
    """Candidates added by coverage gain per word while they fit ``budget_words`` (and ``max_items``) and stay
    at most ``max_similarity`` from every chosen one; stops when nothing gains. Ties go to the earlier one."""
    chosen: list[int] = []
    used, current = 0, 0.0
    pairwise = candidates @ candidates.T
    while max_items is None or len(chosen) < max_items:
        best, best_rate = None, 0.0
        for i in range(len(candidates)):
            if i in chosen or (budget_words is not None and used + lengths[i] > budget_words):
                continue
            if chosen and pairwise[i, chosen].max() > max_similarity:
                continue
            gain = coverage(article, weights, candidates[chosen + [i]]) - current
            rate = gain / max(lengths[i], 1)
            if gain > EPSILON and rate > best_rate + 1e-12:
                best, best_rate = i, rate
        if best is None:
            break
        chosen.append(best)
        used += lengths[best]
        current = coverage(article, weights, candidates[chosen])
    return Selection(tuple(chosen), current)
