"""research.stats: the one statistics module (scipy's bootstrap and permutation tests, sklearn's macro-F1, our
grouped bootstrap)."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats
from sklearn.metrics import f1_score

from research.data import TOPICS
from research.stats import (
    Interval, bootstrap_ci, grouped_bootstrap, macro_f1, macro_f1_each, macro_f1_interval, macro_f1_permutation_test,
    paired_permutation_test, percentile_interval, ratio_bootstrap_ci,
)

VALUES = [0.1, 0.5, 0.3, 0.2, 0.9]


def test_bootstrap_is_reproducible_with_a_seed():
    first = bootstrap_ci(VALUES, seed=7, n_resamples=1000)
    assert first == bootstrap_ci(VALUES, seed=7, n_resamples=1000)
    assert first.mean == pytest.approx(0.4)
    assert min(VALUES) <= first.low < first.mean < first.high <= max(VALUES)
    assert bootstrap_ci(VALUES, seed=8, n_resamples=1000) != first


def test_bootstrap_of_identical_values_is_a_point():
    assert bootstrap_ci([0.5] * 5, seed=0) == Interval(0.5, 0.5, 0.5)


def test_permutation_test_is_exact_for_five_articles():
    # every article better by the same margin: only 2 of the 2**5 sign patterns are as extreme
    assert paired_permutation_test([0.2, 0.3, 0.4, 0.5, 0.6], [0.1, 0.2, 0.3, 0.4, 0.5], seed=0) == pytest.approx(2 / 32)
    assert paired_permutation_test([0.3, 0.1, 0.3, 0.1, 0.2], [0.1, 0.3, 0.1, 0.3, 0.2], seed=0) == 1.0
    assert paired_permutation_test(VALUES, VALUES, seed=0) == 1.0


@pytest.mark.parametrize("call, message", [
    (lambda: bootstrap_ci([], seed=0), "bootstrap_ci: expected a non-empty list of numbers, got 0 values"),
    (lambda: bootstrap_ci([0.1, float("nan")], seed=0), "bootstrap_ci: values must be finite numbers"),
    (lambda: bootstrap_ci(VALUES, seed=0, n_resamples=0), "n_resamples must be a positive integer, got 0"),
    (lambda: bootstrap_ci(VALUES, seed=0, confidence=95), "confidence must be between 0 and 1 (exclusive), got 95"),
    (lambda: paired_permutation_test([0.1], [0.1, 0.2], seed=0),
     "paired_permutation_test: 1 system values but 2 baseline values"),
])
def test_bad_arguments_name_the_parameter(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value) == message


# --- macro-F1 and the grouped bootstrap -------------------------------------------------------------------------

def test_macro_f1_counts_only_labels_seen_in_truth_or_predictions():
    truth = ["foreign_powers", "foreign_powers", "coup_and_junta", "public_reaction"]
    guess = ["foreign_powers", "coup_and_junta", "coup_and_junta", "foreign_powers"]
    assert macro_f1(truth, guess) == pytest.approx((0.5 + 2 / 3 + 0) / 3)


def test_grouped_bootstrap_is_seeded_and_sized_by_groups():
    groups = np.array(["a"] * 3 + ["b"] * 2 + ["c"])
    resamples = grouped_bootstrap(groups, 200, seed=7)
    assert len(resamples) == 200
    # three articles drawn with replacement: 3 to 9 paragraphs, depending on which
    assert {len(index) for index in resamples} == {3, 4, 5, 6, 7, 8, 9}
    assert all(np.array_equal(x, y) for x, y in zip(resamples, grouped_bootstrap(groups, 200, seed=7)))
    assert not all(np.array_equal(x, y) for x, y in zip(resamples, grouped_bootstrap(groups, 200, seed=8)))


def test_grouped_bootstrap_draws_items_within_the_drawn_group():
    groups = np.array(["a"] * 4 + ["b"] * 4)
    for index in grouped_bootstrap(groups, 50, seed=1):
        assert len(index) == 8
        for block in (index[:4], index[4:]):  # each block of 4 comes from a single article
            assert len({groups[i] for i in block}) == 1


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=2, max_size=12), st.integers(0, 2**32 - 1))
def test_grouped_bootstrap_of_one_item_groups_is_scipys_bootstrap(values, seed):
    values = np.array(values)
    if np.all(values == values[0]):
        values[0] += 0.5  # scipy refuses a degenerate sample
    resamples = grouped_bootstrap(np.arange(len(values)), 999, seed)
    ours = percentile_interval([values[i].mean() for i in resamples], 0.9)
    theirs = scipy_stats.bootstrap((values,), np.mean, n_resamples=999, confidence_level=0.9, method="percentile",
                                   vectorized=True, rng=np.random.default_rng(seed)).confidence_interval
    assert ours == pytest.approx((theirs.low, theirs.high), rel=1e-12, abs=1e-12)


def test_macro_f1_interval_of_a_perfect_system_is_one():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 10)
    assert macro_f1_interval(truth, truth, grouped_bootstrap(np.arange(20), 100, seed=3), 0.95) == (1.0, 1.0)


def test_macro_f1_interval_contains_the_estimate():
    rng = np.random.default_rng(0)
    truth = np.array(TOPICS)[rng.integers(0, 6, 60)]
    guess = np.where(rng.random(60) < 0.6, truth, np.array(TOPICS)[rng.integers(0, 6, 60)])
    low, high = macro_f1_interval(truth, guess, grouped_bootstrap(np.arange(60), 500, seed=1), 0.95)
    assert low < f1_score(truth, guess, average="macro", zero_division=0) < high


def test_macro_f1_permutation_test_identical_systems():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 5)
    assert macro_f1_permutation_test(truth, truth, truth, 99, seed=1) == 1.0


def test_macro_f1_permutation_test_perfect_against_always_wrong():
    truth = np.array(["foreign_powers", "coup_and_junta"] * 20)
    wrong = np.where(truth == "foreign_powers", "coup_and_junta", "foreign_powers")
    # only swapping all 40 items or none reaches the observed difference: p is the smallest possible
    assert macro_f1_permutation_test(truth, truth, wrong, 199, seed=5) == 1 / 200
    assert macro_f1_permutation_test(truth, wrong, truth, 199, seed=5) == 1 / 200


def test_macro_f1_permutation_test_counts_swaps_as_extreme_as_observed():
    # one item differs: half the swaps reverse it, and |diff| is the same either way, so every permutation is
    # as extreme as the observed difference
    truth = np.array(["foreign_powers", "coup_and_junta", "coup_and_junta", "foreign_powers"])
    better = truth.copy()
    worse = truth.copy()
    worse[0] = "coup_and_junta"
    assert macro_f1_permutation_test(truth, better, worse, 99, seed=2) == 1.0


def test_ratio_bootstrap_pools_counts_over_articles():
    interval = ratio_bootstrap_ci([1, 0, 3], [4, 5, 3], seed=0, n_resamples=2000)
    assert interval.mean == pytest.approx(4 / 12)
    assert 0 <= interval.low < interval.mean < interval.high <= 1
    assert ratio_bootstrap_ci([1, 0, 3], [4, 5, 3], seed=0, n_resamples=2000) == interval
    assert ratio_bootstrap_ci([0, 0], [3, 5], seed=0) == ratio_bootstrap_ci([0, 0], [3, 5], seed=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 30).flatmap(lambda n: st.tuples(st.lists(st.integers(0, 5), min_size=n, max_size=n),
                                                              st.lists(st.integers(0, 5), min_size=n, max_size=n))),
                min_size=1, max_size=8))
def test_macro_f1_of_many_pairs_is_sklearns_exactly(pairs):
    pairs = [(np.array(TOPICS)[np.array(t)], np.array(TOPICS)[np.array(p)]) for t, p in pairs]
    expected = [f1_score(t, p, average="macro", zero_division=0) for t, p in pairs]
    assert macro_f1_each(pairs).tolist() == expected  # exact, not approximate


def _permutation_test_by_hand(truth, a, b, permutations, seed):
    """The same test written out with scipy's random stream: swap where a uniform draw is below 0.5."""
    observed = abs(macro_f1(truth, a) - macro_f1(truth, b))
    extreme = 0
    rng = np.random.default_rng(seed)
    for _ in range(permutations):
        swap = rng.random(len(truth)) < 0.5
        extreme += abs(macro_f1(truth, np.where(swap, b, a)) - macro_f1(truth, np.where(swap, a, b))) >= observed
    return (1 + extreme) / (1 + permutations)


def test_macro_f1_permutation_test_is_the_approximate_randomisation_test():
    rng = np.random.default_rng(4)
    truth = np.array(TOPICS)[rng.integers(0, 6, 40)]
    a = np.where(rng.random(40) < 0.7, truth, np.array(TOPICS)[rng.integers(0, 6, 40)])
    b = np.where(rng.random(40) < 0.4, truth, np.array(TOPICS)[rng.integers(0, 6, 40)])
    p = macro_f1_permutation_test(truth, a, b, 999, seed=9)
    assert 0.05 < p < 0.2  # two different Monte Carlo streams estimate the same p-value
    assert p == pytest.approx(_permutation_test_by_hand(truth, a, b, 999, seed=99), abs=0.03)


def _direct_partial(metric, human, systems):
    """FRANK's evaluate.py by hand: least squares on one-hot systems, then scipy's correlations of the residuals."""
    from sklearn.linear_model import LinearRegression
    from sklearn.preprocessing import OneHotEncoder

    q = OneHotEncoder().fit_transform(np.asarray(systems).reshape(-1, 1))
    x = metric - LinearRegression().fit(q, metric).predict(q)
    y = human - LinearRegression().fit(q, human).predict(q)
    return scipy_stats.pearsonr(x, y).statistic, scipy_stats.spearmanr(x, y).statistic


def test_partial_correlation_equals_residualise_then_correlate():
    from research.stats import partial_correlation

    rng = np.random.default_rng(3)
    systems = np.repeat(["bart", "pgn", "s2s"], 20)
    human = rng.random(60) + (systems == "bart")  # the system moves both: a plain correlation would be inflated
    metric = human + rng.normal(0, 0.5, 60) + 2 * (systems == "bart")
    found = partial_correlation(metric, human, systems)
    pearson, spearman = _direct_partial(metric, human, systems)
    assert (found.pearson, found.spearman, found.n) == (pytest.approx(pearson, abs=1e-12),
                                                        pytest.approx(spearman, abs=1e-12), 60)
    assert abs(scipy_stats.pearsonr(metric, human).statistic - pearson) > 0.05  # controlling for the system matters


def test_partial_correlation_of_a_constant_residual_is_nan():
    from research.stats import partial_correlation

    found = partial_correlation([1.0, 1.0, 2.0, 2.0], [0.1, 0.5, 0.3, 0.9], ["a", "a", "b", "b"])
    assert np.isnan(found.pearson) and np.isnan(found.spearman)


def test_williams_test_matches_the_published_formula():
    from research.stats import williams_test

    r12, r13, r23, n = 0.40, 0.30, 0.60, 600  # Williams (1959), as FRANK's evaluate.py writes it
    k = 1 - r12 ** 2 - r13 ** 2 - r23 ** 2 + 2 * r12 * r13 * r23
    t = (r12 - r13) * np.sqrt((n - 1) * (1 + r23)) / np.sqrt(2 * k * (n - 1) / (n - 3) + (r12 + r13) ** 2 / 4
                                                              * (1 - r23) ** 3)
    assert williams_test(r12, r13, r23, n) == pytest.approx(1 - scipy_stats.t.cdf(t, df=n - 3), abs=1e-12)
    assert williams_test(r12, r13, r23, n) < 0.05 < williams_test(r12, r13, r23, 60)
    with pytest.raises(ValueError, match="n must be greater than 3"):
        williams_test(r12, r13, r23, 3)


def test_cluster_bootstrap_keeps_whole_clusters():
    from research.stats import cluster_bootstrap

    clusters = ["a", "a", "b", "c", "c", "c"]
    samples = cluster_bootstrap(clusters, 50, seed=1)
    assert samples[0].tolist() == cluster_bootstrap(clusters, 50, seed=1)[0].tolist()
    for sample in samples:
        drawn = [clusters[i] for i in sample]
        assert all(drawn.count(c) % clusters.count(c) == 0 for c in set(drawn))  # every member, every time
        assert len({clusters[i] for i in sample}) <= 3


def test_reliability_bins_and_calibration_error():
    from research.stats import calibration_error, reliability_bins

    rows = reliability_bins([0.05, 0.15, 0.12, 1.0, 0.95], [0.0, 1.0, 0.0, 1.0, 0.5])
    assert [(r["low"], r["count"]) for r in rows] == [(0.0, 1), (0.1, 2), (0.9, 2)]  # 1.0 in the last bin
    assert rows[1]["estimate"] == pytest.approx(0.135) and rows[1]["observed"] == 0.5
    assert calibration_error(rows) == pytest.approx((0.05 + 2 * abs(0.5 - 0.135) + 2 * abs(0.75 - 0.975)) / 5)
