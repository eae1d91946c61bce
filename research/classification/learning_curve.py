"""Macro-F1 on the challenge set against the number of training paragraphs."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from threadpoolctl import threadpool_limits

from research.cache import cache_key, memoised
from research.classification.data import LabelledTexts
from research.classification.cross_validation import build, fit_fixed
from research.classification.result_cache import result_key
from research.stats import macro_f1


def _subset(labels: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` random paragraphs (sorted), drawn again until they hold at least two labels."""
    while True:
        index = np.sort(rng.choice(len(labels), size=size, replace=False))
        if size == len(labels) or len(set(labels[index].tolist())) > 1:
            return index


def learning_curve(estimator: BaseEstimator, params: dict, corpus: LabelledTexts, challenge: LabelledTexts,
                   sizes: list[int], repeats: int, seed: int | tuple[int, ...]) -> dict[int, list[float]]:
    """``{size: [challenge macro-F1 per repeat]}``; the model keeps ``params`` (chosen on the whole corpus).

    Training on all seed paragraphs is done once (every repeat would be the same).
    """
    rng = np.random.default_rng(seed)
    texts = list(challenge.texts)
    curve: dict[int, list[float]] = {}
    with threadpool_limits(limits=1):
        for size in sizes:
            values = []
            for _ in range(1 if size == len(corpus) else repeats):
                train = corpus.subset(_subset(corpus.labels, size, rng))
                model = fit_fixed(estimator, params, train)
                values.append(macro_f1(challenge.labels, model.predict(texts)))
            curve[size] = values
    return curve


def cached_learning_curve(system: str, options, system_seed: int, definitions: dict[str, str], params: dict,
                          corpus: LabelledTexts, challenge: LabelledTexts, sizes: list[int], repeats: int,
                          seed: tuple[int, ...]) -> dict[int, list[float]]:
    """``learning_curve`` of the system built from ``(system, options, system_seed, definitions)``, computed once.

    Keyed like a cached system evaluation (system, options, seed, label texts, data) plus the curve's own
    settings, with this module's code closure (the systems' included) and its libraries' versions, so any change
    to what it depends on recomputes it.
    """
    system_key = result_key(system, options, system_seed, definitions, corpus, challenge)
    key = cache_key({**system_key["config"], "params": params, "sizes": list(sizes), "repeats": repeats,
                     "curve_seed": list(seed)}, system_key["inputs"], [__name__])

    def compute() -> dict[str, list[float]]:
        estimator, _ = build(system, options, system_seed, definitions)
        curve = learning_curve(estimator, params, corpus, challenge, sizes, repeats, seed)
        return {str(size): values for size, values in curve.items()}

    return {int(size): values for size, values in memoised("classification-learning-curves", key, compute).items()}
