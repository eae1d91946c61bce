"""Features of each sentence of an article, for a learned extractive scorer (``research.summarization.learned``).

Position and length (where news puts its summary), MiniLM centrality (how much of
the article a sentence stands for, PACSUM-style: Zheng & Lapata, 2019) and surface
cues (quotes, questions, digits, capitals, redundancy). Three named feature sets
let the model choice drop the embedding or the position features.
"""

from __future__ import annotations

import math

import numpy as np

QUOTES = "\"'‘’“”"
POSITION = ("pos", "relpos", "is_first", "inv_pos")
LENGTH = ("log_n", "words", "log_words")
FEATURES = POSITION + LENGTH + (
    "cos_centroid", "cos_first", "cos_lead3", "deg_later", "deg_earlier", "pacsum", "starts_quote", "has_quote",
    "question", "digits", "cap_ratio", "max_jaccard", "dup_of_earlier")
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "all": FEATURES,
    "no-position": tuple(f for f in FEATURES if f not in POSITION),
    "position+length": POSITION + LENGTH,
}


def pacsum_centrality(vectors: np.ndarray, earlier: float = -2.0, later: float = 1.0,
                      threshold: float = 0.3) -> np.ndarray:
    """PACSUM's directed centrality: edges ``max(0, cos - (min + threshold * (max - min)))`` between sentences,
    weighted ``later`` towards sentences after this one and ``earlier`` towards those before it (fixed, untuned
    weights: the paper's sign pattern)."""
    n = len(vectors)
    if n < 2:
        return np.zeros(n)
    similarity = vectors @ vectors.T
    off = similarity[~np.eye(n, dtype=bool)]
    edges = np.maximum(similarity - (off.min() + threshold * (off.max() - off.min())), 0.0)
    np.fill_diagonal(edges, 0.0)
    upper = np.triu(edges, 1)
    return earlier * upper.sum(axis=0) + later * upper.sum(axis=1)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) + 1e-12)


def sentence_features(sentences: list[str], vectors: np.ndarray, tokens: list[list[str]],
                      lead: int = 3) -> np.ndarray:
    """One row per sentence, one column per name in ``FEATURES``; ``vectors`` are unit-length sentence
    embeddings, ``tokens`` the sentences' ROUGE tokens, ``lead`` the sentences of the lead baseline."""
    n = len(sentences)
    similarity = vectors @ vectors.T
    centroid, lead_centroid = _unit(vectors.mean(axis=0)), _unit(vectors[:lead].mean(axis=0))
    upper = np.triu(similarity, 1)
    pacsum = pacsum_centrality(vectors)
    pacsum = pacsum / (np.abs(pacsum).max() + 1e-12)
    sets = [set(t) for t in tokens]
    rows = []
    for i, sentence in enumerate(sentences):
        words = sentence.split()
        jaccard = [len(sets[i] & sets[j]) / max(len(sets[i] | sets[j]), 1) for j in range(n)]
        overlap = jaccard[:i] + jaccard[i + 1:]  # with every other sentence
        rows.append([
            i, i / max(n - 1, 1), float(i == 0), 1.0 / (i + 1),
            math.log(n), len(words), math.log(len(words) + 1),
            float(vectors[i] @ centroid), float(similarity[i, 0]), float(vectors[i] @ lead_centroid),
            upper[i].sum() / max(n - 1, 1), upper[:, i].sum() / max(n - 1, 1), pacsum[i],
            float(sentence.lstrip()[:1] in QUOTES), float(any(q in sentence for q in QUOTES)),
            float(sentence.rstrip().endswith("?")),
            sum(ch.isdigit() for ch in sentence) / max(len(sentence), 1),
            sum(w[:1].isupper() for w in words) / max(len(words), 1),
            max(overlap, default=0.0), float(max(jaccard[:i], default=0.0) > 0.5),
        ])
    return np.array(rows, dtype=float).reshape(n, len(FEATURES))
