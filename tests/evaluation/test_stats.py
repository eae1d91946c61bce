import pytest

from research.evaluation.stats import Interval, bootstrap_ci, paired_permutation_test

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
