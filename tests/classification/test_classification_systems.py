"""Every system runs on the bundled data (small grids keep it fast)."""

from collections import Counter
from functools import lru_cache

import numpy as np
import pytest
from sklearn.model_selection import LeaveOneGroupOut

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.evaluation import evaluate
from research.classification.stats import summarise
from research.classification.systems import SYSTEMS, get_system
from research.data import TOPICS

SMALL = {
    "majority": {}, "stratified": {}, "zero_shot": {},
    "tfidf_logreg": {"min_df": [1], "definitions": [0, 3], "C": [10.0]},
    "tfidf_svm": {"min_df": [1], "definitions": [3], "C": [1.0]},
    "tfidf_cnb": {"min_df": [1, 2], "definitions": [3], "alpha": [0.1]},
    "tfidf_ridge": {"min_df": [1], "definitions": [3], "alpha": [10.0]},
    "tfidf_char_svm": {"min_df": [2], "definitions": [1], "C": [1.0]},
    "tfidf_union_svm": {"min_df": [2], "definitions": [1], "C": [1.0]},
    "embedding_logreg": {"definitions": [1], "C": [1.0, 10.0]},
}


def test_registry():
    assert list(SYSTEMS) == ["majority", "stratified", "tfidf_logreg", "tfidf_svm", "tfidf_cnb", "tfidf_ridge",
                             "tfidf_char_svm", "tfidf_union_svm", "embedding_logreg", "zero_shot"]
    assert {s.family for s in SYSTEMS.values()} == {"baseline", "tfidf", "embedding", "zero_shot"}
    assert all(s.family == "tfidf" for n, s in SYSTEMS.items() if n.startswith("tfidf_"))


def test_unknown_system_lists_the_choices():
    with pytest.raises(ValueError) as error:
        get_system("tfidf_logreq")
    assert str(error.value) == (
        "unknown system 'tfidf_logreq' (did you mean 'tfidf_logreg'?) (choose from: majority, stratified, "
        "tfidf_logreg, tfidf_svm, tfidf_cnb, tfidf_ridge, tfidf_char_svm, tfidf_union_svm, embedding_logreg, "
        "zero_shot)")


def _run(name, seed=13):
    options = SYSTEMS[name].options.model_validate(SMALL[name])
    return evaluate(name, options, seed, label_definitions(), seed_paragraphs(), challenge_items())


@lru_cache(maxsize=1)
def majority_cv() -> np.ndarray:
    return _run("majority").cv.predictions


@pytest.mark.parametrize("name", list(SMALL))
def test_every_system_runs_on_the_seeds_and_challenge(name):
    result = _run(name)
    seeds, challenge = seed_paragraphs(), challenge_items()
    assert len(result.cv.predictions) == len(seeds) == 57
    assert set(result.cv.predictions) <= set(TOPICS)
    assert set(result.challenge_predictions) <= set(TOPICS) and len(result.challenge_predictions) == 42
    assert result.cv.folds.tolist() == [int(np.flatnonzero(np.unique(seeds.groups) == g)[0]) for g in seeds.groups]
    assert len(result.cv.params) == 4
    assert set(result.timings) == {"cv_fit_seconds", "cv_predict_seconds", "final_fit_seconds",
                                   "challenge_predict_seconds"}
    held_out = summarise(seeds.labels, result.cv.predictions)["macro_f1"]  # CV: each article held out in turn
    if SYSTEMS[name].family != "baseline":  # every trained (and the zero-shot) classifier beats majority
        assert held_out > summarise(seeds.labels, majority_cv())["macro_f1"] + 0.05, name


def test_majority_predicts_each_training_folds_most_frequent_label():
    seeds = seed_paragraphs()
    result = _run("majority")
    for train, test in LeaveOneGroupOut().split(seeds.texts, seeds.labels, seeds.groups):
        counts = Counter(seeds.labels[train].tolist())
        top = max(sorted(counts), key=counts.get)  # DummyClassifier breaks ties by sorted class order
        assert set(result.cv.predictions[test]) == {top}
    assert set(result.challenge_predictions) == {"foreign_powers"}  # 21 of 57 seed paragraphs
    assert summarise(challenge_items().labels, result.challenge_predictions)["macro_f1"] == pytest.approx(
        (2 * 7 / (7 + 42)) / 6)


def test_stratified_is_seeded():
    first, again, other = _run("stratified", 13), _run("stratified", 13), _run("stratified", 14)
    assert np.array_equal(first.cv.predictions, again.cv.predictions)
    assert not np.array_equal(first.cv.predictions, other.cv.predictions)


def test_zero_shot_uses_no_training_data():
    result = _run("zero_shot")
    seeds = seed_paragraphs()
    # every fold gives the same model, so CV predictions equal the final model's
    assert np.array_equal(result.cv.predictions, result.model.predict(list(seeds.texts)))
    assert result.params == {}


def test_definitions_grid_is_searched_inside_the_folds():
    result = _run("tfidf_logreg")
    assert set(result.params) == {"copies", "estimator__clf__C", "estimator__tfidf__min_df"}
    assert result.params["copies"] in (0, 3)
    assert sorted(result.model.classes_) == sorted(TOPICS)


def test_options_of_a_system_are_validated():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        SYSTEMS["tfidf_svm"].options.model_validate({"C": []})
    with pytest.raises(ValidationError):
        SYSTEMS["tfidf_cnb"].options.model_validate({"class_weight": "balanced"})  # ComplementNB has none
