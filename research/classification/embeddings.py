"""Sentence embeddings from all-MiniLM-L6-v2 (local package folder, CPU), cached in memory.

Each text is encoded on its own, on one thread: no padding, so a text's vector
never depends on which other texts shared its batch (and one text at a time is
faster here than padded batches). The cache lives for the process, so the 57 seeds and 42
challenge paragraphs are encoded once per run however many folds reuse them.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from threadpoolctl import threadpool_limits

MODELS = ("all-MiniLM-L6-v2",)
_encoders: dict[str, object] = {}
_cache: dict[tuple[str, str], np.ndarray] = {}


def _encoder(model: str):
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    if model not in _encoders:
        from sentence_transformers import SentenceTransformer

        from research.models import minilm_path

        _encoders[model] = SentenceTransformer(str(minilm_path()), device="cpu")
    return _encoders[model]


def encode(texts: Iterable[str], model: str = MODELS[0]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32)."""
    texts = list(texts)
    missing = [t for t in dict.fromkeys(texts) if (model, t) not in _cache]
    if missing:
        encoder = _encoder(model)
        # one thread: for one short text, extra threads only wait on each other (20x slower on a busy machine)
        with threadpool_limits(limits=1):
            for text in missing:
                vector = encoder.encode([text], normalize_embeddings=True, show_progress_bar=False)[0]
                _cache[(model, text)] = np.asarray(vector, dtype=np.float32)
    if not texts:
        return np.zeros((0, _encoder(model).get_embedding_dimension()), dtype=np.float32)
    return np.stack([_cache[(model, t)] for t in texts])


def clear_cache() -> None:
    _cache.clear()


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
