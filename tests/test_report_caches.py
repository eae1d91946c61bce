"""The caches that keep a warm ``research reproduce`` fast: a hit while nothing changes (nor any module outside the
step's code closure), a miss when a source file the step can run changes (edited in a temporary copy of the package
whose hash the caches then read)."""

import numpy as np

from research.cache import memoised
from research.classification import learning_curve as curve_module
from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.systems import SYSTEMS
from research.evaluation import scoring
from research.evaluation.scoring import SummaryInput
from research.faithfulness import meta_cache
from research.faithfulness.judgments import Judgment
from research.faithfulness.meta import meta_evaluate


def _edit(copy, module: str) -> None:
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_memoised_computes_once_per_key(source_copy):
    calls = []
    assert memoised("things", {"k": 1}, lambda: calls.append(1) or [1.5, None]) == [1.5, None]
    assert memoised("things", {"k": 1}, lambda: calls.append(1) or "other") == [1.5, None]
    assert memoised("things", {"k": 2}, lambda: calls.append(1) or "other") == "other"
    assert len(calls) == 2


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or original(*a, **k))
    return calls


def test_meta_evaluation_is_reused_until_a_source_file_changes(source_copy, monkeypatch):
    items = [Judgment(f"c-{a}-{i}", a, "claim", f"text {a}{i}", "supported" if i % 2 else "contradicted",
                      None if i % 2 else "number") for a in "abcd" for i in range(4)]
    X = np.array([[0.1 + 0.2 * (i % 2) + 0.01 * n, n % 3] for n, i in enumerate([i for _ in "abcd" for i in range(4)])])
    args = ({"x": ["x"], "both": ["x", "y"]}, X, ["x", "y"], items, 3, 40, 1.0)
    calls = _counting(monkeypatch, meta_cache, "meta_evaluate")
    fresh = meta_evaluate(*args)
    first, second = meta_cache.cached_meta_evaluate(*args), meta_cache.cached_meta_evaluate(*args)
    assert len(calls) == 1
    for result in (first, second):
        for name, values in fresh.items():
            assert result[name]["wrong"] == values["wrong"]
            assert [list(a) for a in result[name]["roc"]] == [list(a) for a in values["roc"]]
            for key in ("balanced_accuracy", "ba_ci", "roc_auc", "auc_ci", "recall", "supported_passed"):
                assert np.array_equal(np.asarray(result[name][key] if key != "recall" else list(
                    result[name][key].values())), np.asarray(values[key] if key != "recall" else list(
                        values[key].values())), equal_nan=True)
    _edit(source_copy, "sweep_report.py")  # outside its closure: still cached
    meta_cache.cached_meta_evaluate(*args)
    assert len(calls) == 1
    _edit(source_copy, "faithfulness/meta.py")
    meta_cache.cached_meta_evaluate(*args)
    assert len(calls) == 2
    meta_cache.cached_meta_evaluate(*args[:4], 4, *args[5:])  # another seed: another entry
    assert len(calls) == 3


def test_learning_curve_is_reused_until_a_source_file_changes(source_copy, monkeypatch):
    options = SYSTEMS["majority"].options.model_validate({})
    args = ("majority", options, 13, label_definitions(), {}, seed_paragraphs(), challenge_items(), [20, 57], 2, (1, 4))
    calls = _counting(monkeypatch, curve_module, "learning_curve")
    first = curve_module.cached_learning_curve(*args)
    assert curve_module.cached_learning_curve(*args) == first
    assert list(first) == [20, 57] and len(calls) == 1
    _edit(source_copy, "faithfulness/meta.py")  # outside its closure: still cached
    assert curve_module.cached_learning_curve(*args) == first and len(calls) == 1
    _edit(source_copy, "classification/augment.py")
    assert curve_module.cached_learning_curve(*args) == first
    assert len(calls) == 2


def test_summary_scores_are_reused_until_a_source_file_changes(source_copy, monkeypatch):
    items = [SummaryInput("a", "Niger's junta closed the border.", ["The junta closed Niger's border.", "x y"],
                          "Niger's junta closed the border on Monday.")]
    calls = _counting(monkeypatch, scoring, "score_articles")
    first = scoring.cached_score_articles(items)
    assert scoring.cached_score_articles(items) == first == scoring.score_articles(items)
    assert len(calls) == 2  # the cached call computed once; the last call above is the direct one
    _edit(source_copy, "classification/augment.py")  # outside its closure: still cached
    assert scoring.cached_score_articles(items) == first and len(calls) == 2
    _edit(source_copy, "evaluation/rouge.py")
    assert scoring.cached_score_articles(items) == first
    assert len(calls) == 3


def test_permutation_p_values_are_reused_until_the_stats_code_changes(source_copy, monkeypatch):
    from research.tasks import classification_report as report

    truth, a, b = list("xxyyzzxy"), list("xxyyzzyy"), list("xyyzzzxx")
    calls = _counting(monkeypatch, report, "macro_f1_permutation_test")
    first = report._permutation_p(truth, a, b, 99, (13, 2, 1, 0), report._stats_code())
    assert first == report.macro_f1_permutation_test(truth, a, b, 99, (13, 2, 1, 0))
    assert report._permutation_p(truth, a, b, 99, (13, 2, 1, 0), report._stats_code()) == first
    assert len(calls) == 2  # the cached call computed once; the direct call above is the other
    report._permutation_p(truth, a, b, 99, (13, 2, 1, 1), report._stats_code())  # another seed, another entry
    report._permutation_p(truth, b, a, 99, (13, 2, 1, 0), report._stats_code())  # other predictions, another entry
    assert len(calls) == 4
    _edit(source_copy, "text/sentences.py")  # outside the test's code: still cached
    report._permutation_p(truth, a, b, 99, (13, 2, 1, 0), report._stats_code())
    assert len(calls) == 4
    _edit(source_copy, "stats.py")
    assert report._permutation_p(truth, a, b, 99, (13, 2, 1, 0), report._stats_code()) == first
    assert len(calls) == 5
