"""Embedding centroid: sentences scored by all-MiniLM-L6-v2 similarity to the document centroid, chosen by MMR.

Maximal marginal relevance (Carbonell & Goldstein, 1998) trades relevance to
the centroid against similarity to sentences already chosen, so the summary
does not repeat one point in three phrasings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from research import encoder
from research.cache import path_fingerprint
from research.errors import UserError
from research.models import resolve_device
from research.summarization.base import Summarizer, SystemParams
from research.summarization.budget import select_sentences
from research.text.sentences import text_sentences

BUNDLED = encoder.BUNDLED


class EmbeddingCentroidParams(SystemParams):
    model: str = BUNDLED  # the bundled model, or a local sentence-transformers folder
    relevance: Annotated[float, Field(ge=0, le=1)] = 0.7  # MMR lambda: 1 = pure centroid similarity


def model_folder(model: str) -> Path:
    if model == BUNDLED:
        return encoder.model_folder()
    folder = Path(model).expanduser()
    if not folder.is_dir():
        raise UserError(f"embedding model folder '{model}' does not exist (use '{BUNDLED}' for the bundled model)")
    return folder


def mmr_ranking(embeddings, relevance: float) -> list[int]:
    """All sentence indices in MMR order; ``embeddings`` are unit-normalised rows (numpy)."""
    import numpy as np

    centroid = embeddings.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    to_centroid = embeddings @ centroid
    pairwise = embeddings @ embeddings.T
    order: list[int] = []
    remaining = list(range(len(embeddings)))
    while remaining:
        redundancy = pairwise[np.ix_(remaining, order)].max(axis=1) if order else np.zeros(len(remaining))
        scores = relevance * to_centroid[remaining] - (1 - relevance) * redundancy
        best = remaining[int(np.argmax(scores))]  # argmax takes the earliest sentence on ties
        order.append(best)
        remaining.remove(best)
    return order


class EmbeddingCentroid(Summarizer):
    name = "embedding_centroid"
    uses_seed = False  # no randomness
    extractor = True
    Params = EmbeddingCentroidParams

    def fingerprint(self) -> dict:
        return {"model_sha256": path_fingerprint(model_folder(self.params.model))}

    def runtime_identity(self) -> dict:
        return {"device": resolve_device(self.runtime.device)}

    def _summarize(self, texts: list[str]) -> list[str]:
        folder, device = model_folder(self.params.model), resolve_device(self.runtime.device)
        summaries = []
        for text in texts:
            sentences = text_sentences(text)
            embeddings = encoder.encode(sentences, folder, device, batch_size=self.runtime.batch_size)
            summaries.append(select_sentences(sentences, mmr_ranking(embeddings, self.params.relevance),
                                              self.budget))
        return summaries
