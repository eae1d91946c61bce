import numpy as np
import pytest

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import evaluate
from research.classification.persistence import load_model, save_result_model
from research.classification.result_cache import MODEL_FILE, NAMESPACE, RESULT_FILE, cached_evaluate, result_key
from research.classification.systems import SYSTEMS

OPTIONS = {"min_df": [1], "label_copies": [0, 1], "C": [0.1, 1.0]}  # a grid: the inner search runs


@pytest.fixture
def cache(monkeypatch, tmp_path):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / NAMESPACE


def _options(options=OPTIONS):
    return SYSTEMS["tfidf_logreg"].options.model_validate(options)


def _run(options=OPTIONS, seed=13):
    return cached_evaluate("tfidf_logreg", _options(options), seed, label_definitions(), seed_paragraphs(),
                           challenge_items())


def _same(a, b):
    assert a.cv.predictions.tolist() == b.cv.predictions.tolist()
    assert a.cv.folds.tolist() == b.cv.folds.tolist()
    assert a.cv.params == b.cv.params and a.params == b.params
    assert a.challenge_predictions.tolist() == b.challenge_predictions.tolist()
    assert a.crossfit_predictions.tolist() == b.crossfit_predictions.tolist()
    assert np.array_equal(a.cv.probabilities, b.cv.probabilities)
    assert np.array_equal(a.crossfit_probabilities, b.crossfit_probabilities)
    texts = list(challenge_items().texts)
    assert np.array_equal(a.model.decision_function(texts), b.model.decision_function(texts))


def test_second_call_is_served_from_the_cache_and_equals_a_fresh_evaluation(cache, tmp_path):
    first, second = _run(), _run()
    assert not first.cached and second.cached
    fresh = evaluate("tfidf_logreg", _options(), 13, label_definitions(), seed_paragraphs(), challenge_items())
    _same(first, fresh)
    _same(second, fresh)
    assert second.timings == first.timings  # the timings of the run that computed it
    assert len(list(cache.iterdir())) == 2  # one entry folder and its lock file
    save_result_model(tmp_path / "copy.skops", second)  # a cached model is copied, and loads as a saved model
    assert (tmp_path / "copy.skops").read_bytes() == second.saved_model.read_bytes()
    assert load_model(tmp_path / "copy.skops", "tfidf_logreg").predict(["ECOWAS threatened force"]).shape == (1,)


def test_a_damaged_entry_is_recomputed(cache):
    first = _run()
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    (entry / RESULT_FILE).write_bytes(b"not a skops file")
    again = _run()
    assert not again.cached
    _same(first, again)
    assert _run().cached  # and stored again


def test_a_damaged_model_file_is_recomputed(cache):
    first = _run()
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    model = entry / MODEL_FILE
    model.write_bytes(model.read_bytes()[:-1] + b"x")  # one byte changed: still a zip file, another sha256
    again = _run()
    assert not again.cached
    _same(first, again)


def test_a_cached_result_loads_its_model_only_when_asked(cache, monkeypatch):
    from research.classification import cross_validation

    _run()
    loads = []
    monkeypatch.setattr(cross_validation, "load_model", lambda *args: loads.append(args) or load_model(*args))
    cached = _run()
    assert cached.cached and loads == []  # a warm report reads predictions: no skops type audit
    assert cached.model is cached.model and loads == [(cached.saved_model, "tfidf_logreg")]  # loaded once


@pytest.mark.parametrize("change", [
    {"seed": 14},
    {"options": {**OPTIONS, "C": [1.0]}},
])
def test_anything_that_changes_the_result_changes_the_key(change):
    base = {"system": "tfidf_logreg", "options": _options(), "seed": 13}
    changed = {**base, **change, "options": _options(change.get("options", OPTIONS))}
    args = (label_definitions(), seed_paragraphs(), challenge_items())
    assert result_key(**base, definitions=args[0], corpus=args[1], challenge=args[2]) != \
        result_key(**changed, definitions=args[0], corpus=args[1], challenge=args[2])


def test_the_data_and_definitions_are_part_of_the_key():
    seeds, challenge, definitions = seed_paragraphs(), challenge_items(), label_definitions()
    key = result_key("tfidf_logreg", _options(), 13, definitions, seeds, challenge)
    regrouped = seeds.subset(np.arange(len(seeds)))
    object.__setattr__(regrouped, "groups", np.zeros(len(seeds), dtype=int))  # same texts, other CV groups
    assert result_key("tfidf_logreg", _options(), 13, definitions, regrouped, challenge) != key
    other = {**definitions, "public_reaction": definitions["public_reaction"] + " More."}
    assert result_key("tfidf_logreg", _options(), 13, other, seeds, challenge) != key


def test_the_run_log_line_says_when_timings_come_from_the_cache(cache):
    from research.classification.scoring import Resamples, log_line, score

    seeds, challenge = seed_paragraphs(), challenge_items()
    resamples = Resamples.draw(seeds, challenge, 10, 0.9, 0)
    first, second = _run(), _run()
    scores = score(first, seeds, challenge, resamples, 1)
    timings = ", ".join(f'"{k}": {round(v, 3)}' for k, v in first.timings.items())
    fresh = (f"tfidf_logreg: CV macro-F1 {scores.cv['macro_f1']:.3f}, challenge macro-F1 "
             f"{scores.challenge['macro_f1']:.3f}, cross-fitted {scores.crossfit['macro_f1']:.3f}; "
             f"timings {{{timings}}}")
    assert log_line(first, scores) == fresh
    assert log_line(second, scores) == fresh + " (cached: timings of the run that computed it)"
