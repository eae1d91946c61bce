"""Every system runs on the bundled data (small grids keep it fast)."""

import logging
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest
from sklearn.model_selection import LeaveOneGroupOut

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import evaluate
from research.classification.metrics import label_metrics
from research.classification.persistence import load_model, save_model
from research.classification.systems import SYSTEMS, get_system
from research.data import TOPICS

SMALL = {
    "majority": {}, "stratified": {}, "zero_shot": {},
    "tfidf_logreg": {"min_df": [1], "label_copies": [0, 3], "C": [10.0]},
    "tfidf_svm": {"min_df": [1], "label_copies": [3], "C": [1.0]},
    "tfidf_cnb": {"min_df": [1, 2], "label_copies": [3], "alpha": [0.1]},
    "tfidf_ridge": {"min_df": [1], "label_copies": [3], "alpha": [10.0]},
    "tfidf_char_svm": {"min_df": [2], "label_copies": [1], "C": [1.0]},
    "tfidf_union_svm": {"min_df": [2], "label_copies": [1], "C": [1.0]},
    "tfidf_select_logreg": {"min_df": [1], "label_copies": [3], "label_texts": "keywords", "k": [300, 3000],
                            "C": [10.0]},
    "embedding_logreg": {"label_copies": [1], "label_texts": "descriptions", "C": [1.0, 10.0]},
    "stacking": {"base": [{"name": "tfidf_cnb", "min_df": [1], "label_copies": [3], "label_texts": "keywords",
                           "alpha": [0.1]},
                          {"name": "zero_shot", "prompt": "descriptions"}]},
}


def test_registry():
    assert list(SYSTEMS) == ["majority", "stratified", "tfidf_logreg", "tfidf_svm", "tfidf_cnb", "tfidf_ridge",
                             "tfidf_char_svm", "tfidf_union_svm", "tfidf_select_logreg", "embedding_logreg",
                             "zero_shot", "setfit_logreg", "stacking"]
    assert {s.family for s in SYSTEMS.values()} == {"baseline", "tfidf", "embedding", "finetuned", "zero_shot",
                                                   "stacking"}
    assert all(s.family == "tfidf" for n, s in SYSTEMS.items() if n.startswith("tfidf_"))


def test_unknown_system_lists_the_choices():
    with pytest.raises(ValueError) as error:
        get_system("tfidf_logreq")
    assert str(error.value) == (
        "unknown system \"tfidf_logreq\" (did you mean 'tfidf_logreg'?) (choose from: embedding_logreg, majority, "
        "setfit_logreg, stacking, stratified, tfidf_char_svm, tfidf_cnb, tfidf_logreg, tfidf_ridge, "
        "tfidf_select_logreg, tfidf_svm, tfidf_union_svm, zero_shot)")


def _run(name, seed=13):
    options = SYSTEMS[name].options.model_validate(SMALL[name])
    return evaluate(name, options, seed, label_definitions(), seed_paragraphs(), challenge_items())


@pytest.mark.parametrize("name", list(SMALL))
def test_every_system_runs_on_the_seeds_and_challenge(name, tmp_path):
    result = _run(name)
    seeds, challenge = seed_paragraphs(), challenge_items()
    assert len(result.cv.predictions) == len(seeds) == 57
    assert set(result.cv.predictions) <= set(TOPICS)
    assert set(result.challenge_predictions) <= set(TOPICS) and len(result.challenge_predictions) == 42
    assert result.cv.folds.tolist() == [int(np.flatnonzero(np.unique(seeds.groups) == g)[0]) for g in seeds.groups]
    assert len(result.cv.params) == 4
    assert 0 <= label_metrics(challenge.labels, result.crossfit_predictions)["macro_f1"] <= 1
    assert set(result.timings) == {"cv_fit_seconds", "cv_predict_seconds", "final_fit_seconds",
                                   "challenge_predict_seconds", "crossfit_seconds", "shipped_fit_seconds"}
    assert set(result.crossfit_predictions) <= set(TOPICS) and len(result.crossfit_predictions) == 42
    assert result.cv.probabilities.shape == (57, 6) and result.crossfit_probabilities.shape == (42, 6)
    assert np.allclose(result.cv.probabilities.sum(axis=1), 1.0)
    cv_f1 = label_metrics(seeds.labels, result.cv.predictions)["macro_f1"]
    if SYSTEMS[name].family != "baseline":  # held-out seed paragraphs (grouped CV): beat always-majority
        assert cv_f1 > _majority_cv_f1() + 0.1, (name, cv_f1)
    # the shipped model loads back with the trusted types (a refused one also made every reproduce refit it)
    save_model(tmp_path / "model.skops", result.model, name)
    texts = challenge.texts[:6]
    assert load_model(tmp_path / "model.skops", name).predict(texts).tolist() == result.model.predict(texts).tolist()


@lru_cache(maxsize=1)
def _majority_cv_f1() -> float:
    value = label_metrics(seed_paragraphs().labels, _run("majority").cv.predictions)["macro_f1"]
    assert value == pytest.approx(0.0614, abs=1e-3)
    return value


def test_majority_predicts_each_training_folds_most_frequent_label():
    seeds = seed_paragraphs()
    result = _run("majority")
    for train, test in LeaveOneGroupOut().split(seeds.texts, seeds.labels, seeds.groups):
        counts = Counter(seeds.labels[train].tolist())
        top = max(sorted(counts), key=counts.get)  # DummyClassifier breaks ties by sorted class order
        assert set(result.cv.predictions[test]) == {top}
    assert set(result.challenge_predictions) == {"foreign_powers"}  # 21 of 57 seed paragraphs
    assert label_metrics(challenge_items().labels, result.challenge_predictions)["macro_f1"] == pytest.approx(
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


def test_setfit_beats_majority_on_a_held_out_seed_group(tmp_path, monkeypatch, capsys, caplog):
    """One grouped fold (the 000/001 retellings held out), a small fine-tune: real scores, not shapes."""
    from research.classification.cross_validation import build, fit

    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path))
    seeds = seed_paragraphs()
    held_out = seeds.groups == seeds.groups[0]
    train, test = np.flatnonzero(~held_out), np.flatnonzero(held_out)
    options = SYSTEMS["setfit_logreg"].options.model_validate(
        {"label_copies": [1], "label_texts": "descriptions", "pairs": 32, "max_seq_length": 64})
    estimator, grid = build("setfit_logreg", options, 13, label_definitions())
    with caplog.at_level(logging.INFO, logger="research.classification.finetune"):
        model, _ = fit(estimator, grid, seeds.subset(train))
    assert capsys.readouterr().out == ""  # setfit's per-step log dicts are not print()ed
    (line,) = [r.getMessage() for r in caplog.records if r.name == "research.classification.finetune"]
    texts_trained = int(re.fullmatch(r"fine-tuned all-MiniLM-L6-v2 on (\d+) texts in \d+\.\d s", line).group(1))
    assert texts_trained > len(train)  # the training paragraphs plus the label texts
    texts = [seeds.texts[i] for i in test]
    f1 = label_metrics(seeds.labels[test], model.predict(texts))["macro_f1"]
    majority, _ = fit(*build("majority", SYSTEMS["majority"].options(), 13, label_definitions()), seeds.subset(train))
    baseline = label_metrics(seeds.labels[test], majority.predict(texts))["macro_f1"]
    assert f1 > baseline + 0.2, (f1, baseline)
    assert list((tmp_path / "finetuned-encoders").glob("*/encoder/model.safetensors"))  # cached on disk
    again, _ = fit(estimator, grid, seeds.subset(train))  # second fit: the cached encoder, same vectors
    assert np.array_equal(again.predict(texts), model.predict(texts))


def test_a_trained_stack_saves_and_loads_back_with_the_trusted_types(tmp_path):
    # the result cache reloads every model; a stack holding an untrusted type was recomputed on every run
    from research.classification.persistence import load_model, save_model

    model = _run("stacking").model
    save_model(tmp_path / "model.skops", model, "stacking")
    loaded = load_model(tmp_path / "model.skops", "stacking")
    texts = challenge_items().texts[:6]
    assert loaded.predict(texts).tolist() == model.predict(texts).tolist()
    assert np.array_equal(loaded.predict_proba(texts), model.predict_proba(texts))
