import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from research.faithfulness.fitting import best_threshold, fit_weights, predict
from research.faithfulness.judgments import Judgment
from research.faithfulness.meta import meta_evaluate, out_of_fold
from research.faithfulness.share import unsupported_share


def _items(labels_by_article):
    return [Judgment(f"c-{a}-{i}", a, "claim", "t", "supported" if s else "contradicted", None if s else "number")
            for a, labels in labels_by_article.items() for i, s in enumerate(labels)]


def test_best_threshold_maximises_balanced_accuracy():
    scores = np.array([0.1, 0.4, 0.35, 0.8, 0.9])
    supported = np.array([False, False, True, True, True])
    assert best_threshold(scores, supported) == pytest.approx(0.6)  # 0.4 | 0.8 split: 2/3 + 1 over 2
    assert best_threshold(np.array([0.2, 0.7]), np.array([False, True])) == pytest.approx(0.45)


def test_single_checker_threshold_comes_from_the_other_articles():
    items = _items({"a": [True, False], "b": [True, False], "c": [True, False]})
    # in a and b the supported score 0.9 and the unsupported 0.1; in c both score 0.5
    X = np.array([[0.9], [0.1], [0.9], [0.1], [0.5], [0.5]])
    result = out_of_fold("x", ["x"], X, ["x"], items, seed=0)
    assert result.thresholds[2] == pytest.approx(0.5)  # fitted on a and b only
    assert result.verdicts.tolist() == [True, False, True, False, True, True]


def test_combination_is_refitted_without_the_held_out_article():
    items = _items({"a": [True, False] * 3, "b": [True, False] * 3, "c": [True, False] * 3, "d": [True, False] * 3})
    # the feature predicts 'supported' in a, b and c and the opposite in d: out-of-fold, exactly d is wrong
    x = np.array([1.0, 0.0] * 9 + [0.0, 1.0] * 3)
    X = np.column_stack([x, np.zeros_like(x)])
    results = meta_evaluate({"combo": ["f", "g"]}, X, ["f", "g"], items, seed=0, resamples=50)
    wrong = {j.id for j in results["combo"]["wrong"]}
    assert wrong == {j.id for j in items if j.article_id == "d"}
    assert results["combo"]["recall"]["number"] == pytest.approx(9 / 12)
    assert results["combo"]["balanced_accuracy"] == pytest.approx(0.75)


def test_a_combination_scores_copied_sentences_one_and_cuts_on_those_scores():
    items = _items({"a": [True, False, True], "b": [True, False, True], "c": [True, False, True]})
    # the last sentence of each article is supported, copied word for word, and scored low by the feature
    x = np.array([0.9, 0.3, 0.1] * 3)
    X = np.column_stack([x, np.zeros_like(x)])
    copied = np.array([False, False, True] * 3)
    plain = out_of_fold("combo", ["f", "g"], X, ["f", "g"], items, seed=0)
    ruled = out_of_fold("combo", ["f", "g"], X, ["f", "g"], items, seed=0, copied=copied)
    assert not plain.verdicts[copied].any() and plain.scores[copied].max() < 1
    assert ruled.scores[copied].tolist() == [1.0] * 3 and ruled.verdicts.tolist() == [True, False, True] * 3
    # the cut sits between the uncopied sentences' scores, as it would with the copied ones left out
    assert all(low < cut < high for cut, low, high in
               zip(ruled.thresholds, ruled.scores[1::3], ruled.scores[0::3]))
    # a single checker's own score is left alone
    single = meta_evaluate({"f": ["f"]}, X, ["f", "g"], items, seed=0, resamples=20, copied=copied)["f"]
    assert single["supported_passed"] < 1


def test_weights_round_trip_as_plain_json():
    import json

    X = np.array([[0.0, 1.0], [1.0, 0.0], [0.1, 0.9], [0.9, 0.2]])
    y = np.array([False, True, False, True])
    weights = json.loads(json.dumps(fit_weights(X, y, ["a", "b"], seed=0)))
    assert (predict(weights, X) >= weights["threshold"]).tolist() == y.tolist()


def test_unsupported_share_pools_sentences():
    share = unsupported_share([[True, False], [False, False, True], [True]], seed=0, resamples=200)
    assert (share.unsupported, share.sentences, share.rate) == (3, 6, 0.5)
    assert 0 <= share.low <= 0.5 <= share.high <= 1
    assert unsupported_share([[]], seed=0).cell() == ""


def test_claims_alone_have_their_own_balanced_accuracy():
    claims = _items({"a": [True, False], "b": [True, False], "c": [True, False]})
    summaries = [Judgment(f"s-{a}", a, "summary", "t", "contradicted", "relation") for a in "abc"]
    items = claims + summaries
    # claims: perfectly separated; the false summary sentences score high, so they pass
    X = np.array([[0.9], [0.1]] * 3 + [[0.95]] * 3)
    result = meta_evaluate({"x": ["x"]}, X, ["x"], items, seed=0, resamples=50)["x"]
    assert result["balanced_accuracy_claims"] == pytest.approx(1.0)
    assert result["balanced_accuracy"] < 1.0
    assert result["ba_claims_ci"] == (pytest.approx(1.0), pytest.approx(1.0))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=2, max_size=60))
def test_best_threshold_is_the_cut_scikit_learns_balanced_accuracy_picks(pairs):
    from sklearn.metrics import balanced_accuracy_score

    scores = np.array([value / 20 for value, _ in pairs])  # few distinct values: many ties between cuts
    supported = np.array([label for _, label in pairs])
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[1:] + values[:-1]) / 2, [values[-1] + 1e-9]])
    if len(set(supported.tolist())) < 2:
        expected = cuts[0]
    else:
        expected = cuts[int(np.argmax([balanced_accuracy_score(supported, scores >= cut) for cut in cuts]))]
    assert best_threshold(scores, supported) == expected
