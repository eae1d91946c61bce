"""Macro-F1 on the challenge set against the number of training paragraphs."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from threadpoolctl import threadpool_limits

from research.classification.data import LabelledTexts
from research.classification.stats import codes, macro_f1_codes


def _subset(labels: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` random paragraphs (sorted), drawn again until they hold at least two labels."""
    while True:
        index = np.sort(rng.choice(len(labels), size=size, replace=False))
        if size == len(labels) or len(set(labels[index].tolist())) > 1:
            return index


def learning_curve(estimator: BaseEstimator, params: dict, seeds: LabelledTexts, challenge: LabelledTexts,
                   sizes: list[int], repeats: int, seed: int | tuple[int, ...]) -> dict[int, list[float]]:
    """``{size: [challenge macro-F1 per repeat]}``; the model keeps ``params`` (chosen on all seeds).

    Training on all seed paragraphs is done once (every repeat would be the same).
    """
    rng = np.random.default_rng(seed)
    truth = codes(challenge.labels)
    texts = list(challenge.texts)
    curve: dict[int, list[float]] = {}
    with threadpool_limits(limits=1):
        for size in sizes:
            values = []
            for _ in range(1 if size == len(seeds) else repeats):
                train = seeds.subset(_subset(seeds.labels, size, rng))
                model = clone(estimator).set_params(**params).fit(list(train.texts), train.labels)
                values.append(macro_f1_codes(truth, codes(model.predict(texts))))
            curve[size] = values
    return curve
