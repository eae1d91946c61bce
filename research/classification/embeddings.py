"""Sentence embeddings for classifiers: the package's one encoder (``research.encoder``) as a scikit-learn step.

Vectors are cached for the process there, so the 57 seeds and 42 challenge
paragraphs are encoded once per run however many folds reuse them.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from research import encoder

MODELS = (encoder.BUNDLED,)


def encode(texts: Iterable[str], model: str = MODELS[0]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32)."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    return encoder.encode(texts)


class SentenceEmbedder(TransformerMixin, BaseEstimator):
    """Texts -> sentence embeddings; holds only the model name, so it saves with skops as plain data."""

    def __init__(self, model: str = MODELS[0]):
        self.model = model

    def fit(self, X, y=None):
        if self.model not in MODELS:
            raise ValueError(f"SentenceEmbedder: model must be one of {', '.join(MODELS)}, got {self.model!r}")
        return self

    def transform(self, X) -> np.ndarray:
        return encode(list(X), self.model)
