import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.metrics import f1_score

from research.classification.stats import (
    bootstrap_interval, cluster_bootstrap, codes, macro_f1_codes, macro_f1_rows, permutation_test, summarise,
)
from research.data import TOPICS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=40))
def test_fast_macro_f1_equals_sklearn(pairs):
    true, pred = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    assert macro_f1_codes(true, pred) == pytest.approx(f1_score(true, pred, average="macro", zero_division=0))


def test_summarise_small_example():
    truth = ["foreign_powers", "foreign_powers", "coup_and_junta", "public_reaction"]
    guess = ["foreign_powers", "coup_and_junta", "coup_and_junta", "foreign_powers"]
    result = summarise(truth, guess)
    # F1: foreign_powers 1/2, coup_and_junta 2/3, public_reaction 0 (other topics absent from both)
    assert result["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert result["accuracy"] == 0.5
    assert result["per_class"]["coup_and_junta"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3),
                                                     "support": 1}
    assert result["per_class"]["regional_intervention"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert result["confusion"][TOPICS.index("foreign_powers")] == [0, 0, 1, 0, 1, 0]


def test_codes_follow_topic_order():
    assert codes(["regional_intervention", "public_reaction"]).tolist() == [0, 5]


def test_cluster_bootstrap_is_seeded_and_sized_by_articles():
    articles = np.array(["a"] * 3 + ["b"] * 2 + ["c"])
    resamples = cluster_bootstrap(articles, 200, seed=7)
    assert len(resamples) == 200
    # three articles drawn with replacement: 3 to 9 paragraphs, depending on which
    assert {len(index) for index in resamples} == {3, 4, 5, 6, 7, 8, 9}
    assert all(np.array_equal(x, y) for x, y in zip(resamples, cluster_bootstrap(articles, 200, seed=7)))
    assert not all(np.array_equal(x, y) for x, y in zip(resamples, cluster_bootstrap(articles, 200, seed=8)))


def test_cluster_bootstrap_keeps_articles_whole_in_count():
    articles = np.array(["a"] * 4 + ["b"] * 4)
    for index in cluster_bootstrap(articles, 50, seed=1):
        assert len(index) == 8
        halves = [index[:4], index[4:]]  # each block of 4 comes from a single article
        for block in halves:
            assert len({articles[i] for i in block}) == 1


def test_bootstrap_interval_of_a_perfect_system_is_one():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 10)
    resamples = cluster_bootstrap(np.arange(20), 100, seed=3)
    assert bootstrap_interval(truth, truth, resamples, 0.95) == (1.0, 1.0)


def test_bootstrap_interval_contains_the_estimate():
    rng = np.random.default_rng(0)
    truth = np.array(TOPICS)[rng.integers(0, 6, 60)]
    guess = np.where(rng.random(60) < 0.6, truth, np.array(TOPICS)[rng.integers(0, 6, 60)])
    low, high = bootstrap_interval(truth, guess, cluster_bootstrap(np.arange(60), 500, seed=1), 0.95)
    estimate = f1_score(truth, guess, average="macro", zero_division=0)
    assert low < estimate < high


def test_permutation_test_identical_systems():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 5)
    assert permutation_test(truth, truth, truth, 99, seed=1) == 1.0


def test_permutation_test_perfect_against_always_wrong():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 20)
    wrong = np.where(truth == "foreign_powers", "coup_and_junta", "foreign_powers")
    # only swapping all 40 items or none reaches the observed difference: p is the smallest possible
    assert permutation_test(truth, truth, wrong, 199, seed=5) == 1 / 200
    assert permutation_test(truth, wrong, truth, 199, seed=5) == 1 / 200


def _permutation_test_one_by_one(y_true, pred_a, pred_b, permutations, seed):
    """The test as first written: one permutation (one draw of the random stream) at a time."""
    true, a, b = codes(y_true), codes(pred_a), codes(pred_b)
    observed = abs(macro_f1_codes(true, a) - macro_f1_codes(true, b))
    rng = np.random.default_rng(seed)
    extreme = 0
    for _ in range(permutations):
        swap = rng.random(len(true)) < 0.5
        diff = macro_f1_codes(true, np.where(swap, b, a)) - macro_f1_codes(true, np.where(swap, a, b))
        extreme += abs(diff) >= observed - 1e-12
    return (1 + extreme) / (1 + permutations)


@given(st.integers(1, 40).flatmap(lambda n: st.tuples(*[st.lists(st.integers(0, 5), min_size=n, max_size=n)] * 3)),
       st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_vectorised_permutation_test_equals_one_by_one(triple, seed):
    truth, a, b = (np.array(TOPICS)[np.array(x)] for x in triple)
    assert permutation_test(truth, a, b, 99, seed) == _permutation_test_one_by_one(truth, a, b, 99, seed)


def test_macro_f1_rows_equals_macro_f1_codes_row_by_row():
    rng = np.random.default_rng(3)
    true = rng.integers(0, 4, 30)
    preds = rng.integers(0, 6, (50, 30))
    rows = macro_f1_rows(true, preds)
    assert rows.tolist() == [macro_f1_codes(true, p) for p in preds]  # exact, not approximate
