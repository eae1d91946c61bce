"""Save and load trained classifiers with skops (never pickle).

A model file holds ``{"format", "system", "classes", "estimator"}``. Loading
first lists the types skops does not trust by default and refuses the file
unless every one of them is in ``TRUSTED_TYPES``: the project's own estimator
classes and the one scikit-learn function a shipped model holds, nothing else.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import skops.io

from research.data.annotations import TOPICS
from research.errors import UserError
from research.io import atomic_write_bytes

FORMAT = "research-classifier/1"
TRUSTED_TYPES = (
    "research.classification.augment.Augmented",
    "research.classification.embeddings.SentenceEmbedder",
    "research.classification.estimators.WithExtraTexts",
    "research.classification.finetune.FineTunedEmbedder",
    "research.classification.estimators.ZeroShotClassifier",
    "research.classification.systems.stacking.Stack",
    # the score function tfidf_select_logreg's SelectKBest holds: a scikit-learn function, referenced by name
    "sklearn.feature_selection._univariate_selection.chi2",
)


def save_model(path: Path, estimator, system: str) -> None:
    """Write ``estimator`` (trained for ``system``) to ``path`` atomically."""
    record = {"format": FORMAT, "system": system, "classes": [str(c) for c in estimator.classes_],
              "estimator": estimator}
    atomic_write_bytes(Path(path), skops.io.dumps(record))


def save_result_model(path: Path, result) -> None:
    """Write a ``SystemResult``'s model: a copy of its file when it has one (cached), else ``save_model``."""
    if result.saved_model is not None:
        atomic_write_bytes(Path(path), Path(result.saved_model).read_bytes())
    else:
        save_model(path, result.model, result.name)


def load_model(path: Path, system: str | None = None):
    """The estimator saved at ``path``; a UserError naming the file on any problem.

    With ``system``, the file must have been trained for that system.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: no such model file")
    try:
        untrusted = skops.io.get_untrusted_types(file=path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise UserError(f"{path}: not a skops model file") from None
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise UserError(f"{path}: refusing to load untrusted type(s) {', '.join(refused)} "
                        f"(trusted: {', '.join(TRUSTED_TYPES)})")
    try:
        record = skops.io.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as exc:  # skops raises many kinds for a damaged file
        raise UserError(f"{path}: cannot load model ({type(exc).__name__}: {exc})") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise UserError(f"{path}: not a model saved by research (expected format {FORMAT})")
    if system is not None and record["system"] != system:
        raise UserError(f"{path}: model was trained for system '{record['system']}', the config is for '{system}'")
    if sorted(record["classes"]) != sorted(TOPICS):
        raise UserError(f"{path}: model classes {', '.join(record['classes'])} are not the topics "
                        f"({', '.join(TOPICS)})")
    return record["estimator"]
