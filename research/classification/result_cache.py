"""On-disk cache of whole system evaluations, so a warm ``research reproduce`` refits nothing.

A nested grouped CV plus the final fit is deterministic given the system, its
resolved options, the seed, the label definitions and the data, so its result
is stored under a key made of exactly those, the sha256 of this module's import
closure (every system, CV and persistence module it can run: a code change
recomputes) and the versions of the libraries that closure imports
(``research.cache.cache_key``). An entry is a folder: the model as ``save_model`` writes it (loaded
with its trusted-type list only when asked for) and the rest as plain-data
skops (never pickle) with the model file's sha256; a damaged or unexpected
entry is recomputed.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import skops.io

from research.cache import cache_dir, cache_key, cached_folder, canonical_json, key_digest
from research.classification.data import LabelledTexts
from research.classification.knowledge import label_descriptions
from research.classification.cross_validation import CrossValidation, SystemResult, evaluate
from research.classification.persistence import save_model
from research.io import atomic_write_bytes

NAMESPACE = "classification-results"
FORMAT = "research-system-result/3"
RESULT_FILE, MODEL_FILE = "result.skops", "model.skops"


def _data_fingerprint(data: LabelledTexts) -> str:
    rows = [data.fingerprint(), [str(a) for a in data.articles], [int(g) for g in data.groups]]
    return key_digest(rows)


def result_key(system: str, options, seed: int, definitions: dict[str, str], corpus: LabelledTexts,
               challenge: LabelledTexts) -> dict:
    """The cache key of a system evaluation: its config, its data's fingerprints, this module's code closure (the
    systems, CV, data loading, the encoder...: a change to shared code refits too) and those libraries' versions."""
    dumped = options.model_dump(mode="json") if hasattr(options, "model_dump") else options
    return cache_key({"system": system, "options": dumped, "seed": seed, "definitions": definitions,
                      "descriptions": label_descriptions()},
                     {"corpus": _data_fingerprint(corpus), "challenge": _data_fingerprint(challenge)}, [__name__])


def _record(key: dict, result: SystemResult, model_sha256: str) -> dict:
    """Everything but the model (saved beside it in the ``save_model`` format, named by its sha256): plain
    data only."""
    cv = result.cv
    return {"format": FORMAT, "key": canonical_json(key), "model_sha256": model_sha256,
            "name": result.name, "family": result.family,
            "seed": result.seed, "cv_predictions": cv.predictions, "cv_folds": cv.folds, "cv_params": cv.params,
            "cv_fit_seconds": cv.fit_seconds, "cv_predict_seconds": cv.predict_seconds,
            "challenge_predictions": result.challenge_predictions, "params": result.params,
            "timings": result.timings, "cv_probabilities": cv.probabilities,
            "challenge_probabilities": result.challenge_probabilities,
            "crossfit_predictions": result.crossfit_predictions,
            "crossfit_probabilities": result.crossfit_probabilities}


def _load(folder: Path, key: dict) -> SystemResult | None:
    """The result stored in ``folder``, or None when damaged, untrusted or for another key. The model is
    checked by its bytes' sha256 and loaded (with skops' type audit) only when ``result.model`` is used."""
    try:
        data = (folder / RESULT_FILE).read_bytes()
        if skops.io.get_untrusted_types(data=data):
            return None
        record = skops.io.loads(data, trusted=[])
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != canonical_json(key):
            return None
        if hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest() != record["model_sha256"]:
            return None
    except Exception:  # noqa: BLE001 - any problem with a cache entry means: recompute it
        return None
    cv = CrossValidation(np.asarray(record["cv_predictions"]), np.asarray(record["cv_folds"]),
                         list(record["cv_params"]), record["cv_fit_seconds"], record["cv_predict_seconds"],
                         np.asarray(record["cv_probabilities"]))
    return SystemResult(record["name"], record["family"], record["seed"], cv,
                        np.asarray(record["challenge_predictions"]), None, dict(record["params"]),
                        dict(record["timings"]), saved_model=folder / MODEL_FILE,
                        challenge_probabilities=np.asarray(record["challenge_probabilities"]),
                        crossfit_predictions=np.asarray(record["crossfit_predictions"]),
                        crossfit_probabilities=np.asarray(record["crossfit_probabilities"]))


def cached_evaluate(system: str, options, seed: int, definitions: dict[str, str], corpus: LabelledTexts,
                    challenge: LabelledTexts, n_jobs: int | None = None) -> SystemResult:
    """``evaluate(...)`` computed once and reused (``result.cached`` says which).

    ``n_jobs`` is not part of the key: concurrent folds give the same result as one process.
    """
    key = result_key(system, options, seed, definitions, corpus, challenge)
    folder = cache_dir() / NAMESPACE / key_digest(key)
    if folder.is_dir():
        loaded = _load(folder, key)
        if loaded is not None:
            return loaded
        shutil.rmtree(folder, ignore_errors=True)  # damaged: build it again
    computed: list[SystemResult] = []

    def build(tmp: Path) -> None:
        computed.append(evaluate(system, options, seed, definitions, corpus, challenge, n_jobs))
        save_model(tmp / MODEL_FILE, computed[0].model, system)
        model_sha256 = hashlib.sha256((tmp / MODEL_FILE).read_bytes()).hexdigest()
        atomic_write_bytes(tmp / RESULT_FILE, skops.io.dumps(_record(key, computed[0], model_sha256)))

    folder = cached_folder(NAMESPACE, key, build)
    if computed:
        return computed[0]
    loaded = _load(folder, key)  # another process built it while this one waited for the lock
    return loaded if loaded is not None else evaluate(system, options, seed, definitions, corpus, challenge, n_jobs)
