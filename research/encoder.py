"""The one sentence encoder: the bundled all-MiniLM-L6-v2 (or another local sentence-transformers folder).

Every part of the package that embeds text (classification, the centroid
summariser, semantic similarity, the faithfulness checkers' retrieval, the
verified summariser, the fine-tuned encoders) goes through this module, so a
text gets the same vector everywhere. Models are built here and nowhere else,
from safetensors only, once per process, folder and device.

Batches hold texts of the same token count, so nothing is padded and a text's
vector does not depend on which other texts it was encoded with (a test checks
it bit for bit; padded batches move ~80% of vectors by up to 1.6e-7). One
thread, measured by ``make bench`` (benchmarks/test_encoder.py) on the 2-core
machine over the 110 seed sentences: 1.37 s on one thread, 0.79 s on two when
the machine is idle, but 1.34 s against 1.77 s when another process keeps one
core busy (Ray's workers share the cores). One text at a time took 1.96 s.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
from threadpoolctl import threadpool_limits

from research.models import minilm_path, require_safetensors

BUNDLED = "all-MiniLM-L6-v2"
THREADS = 1
BATCH_SIZE = 32
_vectors: dict[tuple[str, str, str], np.ndarray] = {}


def model_folder(folder: Path | str | None = None) -> Path:
    """``folder`` as a path, or the bundled MiniLM's folder for None (its safetensors are checked)."""
    return minilm_path() if folder is None else Path(folder)


def fresh(folder: Path | str | None = None, device: str = "cpu"):
    """A new model instance (for training, which changes it); ``load`` for the shared one."""
    from sentence_transformers import SentenceTransformer

    path = model_folder(folder)
    require_safetensors(path)
    return SentenceTransformer(str(path), device=device, model_kwargs={"use_safetensors": True})


@lru_cache(maxsize=4)
def _shared(folder: str, device: str):
    return fresh(folder, device)


def load(folder: Path | str | None = None, device: str = "cpu"):
    """The process's model for ``folder`` (None: the bundled MiniLM) on ``device``, built on first use."""
    return _shared(str(model_folder(folder)), device)


def _equal_length_batches(model, texts: list[str], batch_size: int) -> list[list[str]]:
    """``texts`` grouped by token count (after truncation), in chunks of at most ``batch_size``."""
    groups: dict[int, list[str]] = defaultdict(list)
    for text, ids in zip(texts, model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]):
        groups[len(ids)].append(text)
    return [group[i:i + batch_size] for _, group in sorted(groups.items()) for i in range(0, len(group), batch_size)]


def encode(texts: Iterable[str], folder: Path | str | None = None, device: str = "cpu",
           batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text; each text is encoded once per process."""
    texts = [str(t) for t in texts]
    key = str(model_folder(folder))
    missing = [t for t in dict.fromkeys(texts) if (key, device, t) not in _vectors]
    model = load(key, device)
    if missing:
        with threadpool_limits(limits=THREADS):
            for batch in _equal_length_batches(model, missing, batch_size):
                vectors = model.encode(batch, batch_size=len(batch), normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False)
                _vectors.update(((key, device, t), np.asarray(v, dtype=np.float32)) for t, v in zip(batch, vectors))
    if not texts:
        return np.zeros((0, model.get_embedding_dimension()), dtype=np.float32)
    return np.stack([_vectors[(key, device, t)] for t in texts])


def clear_cache() -> None:
    """Forget the vectors (the models stay loaded)."""
    _vectors.clear()
