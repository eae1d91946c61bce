"""Augmentation without leakage: sentence- and window-level items cut from the training paragraphs.

``Augmented`` is an estimator wrapper, so the extra items are made from
whatever texts it is fitted on (a training fold) and never from a test fold.
A window is ``window`` consecutive sentences; a paragraph of one sentence
adds nothing.
"""

from __future__ import annotations

import numpy as np

from research.classification.wrapper import TrainingSetWrapper
from research.text.sentences import split_sentences


def augment(texts, labels, sentences: bool = True, window: int = 0) -> tuple[list[str], np.ndarray]:
    """The texts, then their sentences (if ``sentences``) and sliding windows of ``window`` sentences."""
    out_texts, out_labels = list(texts), [str(y) for y in labels]
    for text, label in zip(texts, labels):
        parts = split_sentences(text)
        if len(parts) < 2:
            continue
        items = list(parts) if sentences else []
        if 1 < window < len(parts):
            items += [" ".join(parts[i:i + window]) for i in range(len(parts) - window + 1)]
        out_texts += items
        out_labels += [str(label)] * len(items)
    return out_texts, np.asarray(out_labels)


class Augmented(TrainingSetWrapper):
    """``estimator`` fitted on its training paragraphs plus their sentences and sentence windows."""

    def __init__(self, estimator=None, sentences: bool = True, window: int = 2):
        self.estimator = estimator
        self.sentences = sentences
        self.window = window

    def training_set(self, X: list, y) -> tuple[list[str], np.ndarray]:
        if not isinstance(self.window, int) or self.window < 0:
            raise ValueError(f"Augmented: window must be an integer >= 0, got {self.window!r}")
        return augment(X, list(y), self.sentences, self.window)
