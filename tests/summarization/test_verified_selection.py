"""The reference-free selection of the verified summarizer on hand-made unit vectors (exact values)."""

import numpy as np
import pytest

from research.summarization.selection import coverage, greedy_select, salience


def _unit(*rows):
    m = np.asarray(rows, dtype=float)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


ARTICLE = _unit([1, 0, 0], [1, 1, 0], [0, 0, 1])


def test_salience_is_centrality_times_position_prior():
    # centrality: mean cosine to the other sentences = [0.354, 0.354, 0]; the 0 is clipped to 1e-6
    weights = salience(ARTICLE, position_decay=1.0)
    raw = np.array([0.5 ** 0.5 / 2 / 1, 0.5 ** 0.5 / 2 / 2, 1e-6 / 3])
    assert weights == pytest.approx(raw / raw.sum())
    flat = salience(ARTICLE, position_decay=0.0)
    assert flat[0] == pytest.approx(flat[1]) and flat.sum() == pytest.approx(1.0)
    assert salience(ARTICLE[:1], 1.0).tolist() == [1.0]


def test_coverage_exact_values():
    weights = np.array([0.5, 0.25, 0.25])
    assert coverage(ARTICLE, weights, ARTICLE[:1]) == pytest.approx(0.5 + 0.25 * 0.5 ** 0.5)
    assert coverage(ARTICLE, weights, ARTICLE) == pytest.approx(1.0)
    assert coverage(ARTICLE, weights, np.zeros((0, 3))) == 0.0
    assert coverage(ARTICLE, weights, _unit([-1, 0, 0])) == 0.0  # negative similarity counts as none


def test_greedy_prefers_gain_per_word_and_respects_the_budget():
    weights = np.array([0.5, 0.25, 0.25])
    candidates = _unit([1, 0, 0], [0, 0, 1], [1, 0, 0.01])
    # candidate 2 covers nearly what 0 covers but costs 3x the words; 1 covers the third sentence
    picked = greedy_select(ARTICLE, weights, candidates, [10, 10, 30], budget_words=20, max_similarity=0.8)
    assert picked.indices == (0, 1)
    assert picked.score == pytest.approx(0.5 + 0.25 * 0.5 ** 0.5 + 0.25)
    assert greedy_select(ARTICLE, weights, candidates, [10, 10, 30], budget_words=9, max_similarity=0.8).indices == ()
    # a sentence budget instead of words: one item, the best gain per word
    assert greedy_select(ARTICLE, weights, candidates, [10, 10, 30], None, 0.8, max_items=1).indices == (0,)


def test_a_near_duplicate_of_a_chosen_candidate_is_never_added():
    weights = np.array([0.6, 0.2, 0.2])
    # 1 is a longer paraphrase of 0 (cosine 0.995) that would still gain coverage on the second article sentence
    candidates = _unit([1, 0, 0], [1, 0.1, 0], [0, 0, 1])
    assert greedy_select(ARTICLE, weights, candidates, [5, 6, 5], 100, max_similarity=0.9).indices == (0, 2)
    assert greedy_select(ARTICLE, weights, candidates, [5, 6, 5], 100, max_similarity=1.0).indices == (0, 2, 1)
