"""Two small scikit-learn estimators the systems need beyond the library's own.

- ``WithExtraTexts``: fits a text classifier on its training texts plus fixed
  extra texts (the label definitions), so the extra text is part of every
  training fold and never of a test fold.
- ``ZeroShotClassifier``: a paragraph's label is the definition its embedding
  is closest to (cosine); fitting reads no training data.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from research.classification.embeddings import MODELS, encode
from research.classification.wrapper import TrainingSetWrapper


class WithExtraTexts(TrainingSetWrapper):
    """``estimator`` trained on ``X + texts * copies`` with labels ``y + labels * copies``."""

    def __init__(self, estimator=None, texts: tuple[str, ...] = (), labels: tuple[str, ...] = (), copies: int = 1):
        self.estimator = estimator
        self.texts = texts
        self.labels = labels
        self.copies = copies

    def training_set(self, X: list, y) -> tuple[list[str], np.ndarray]:
        if len(self.texts) != len(self.labels):
            raise ValueError(f"WithExtraTexts: texts and labels must have the same length, "
                             f"got {len(self.texts)} and {len(self.labels)}")
        if not isinstance(self.copies, int) or self.copies < 0:
            raise ValueError(f"WithExtraTexts: copies must be an integer >= 0, got {self.copies!r}")
        labels = np.concatenate([np.asarray(y, dtype=object), np.asarray(list(self.labels) * self.copies, dtype=object)])
        return X + list(self.texts) * self.copies, labels.astype(str)


class ZeroShotClassifier(ClassifierMixin, BaseEstimator):
    """Label = the class whose prototype is most similar (cosine of sentence embeddings).

    A class's prototype is the normalised mean of its descriptions' embeddings (a label may repeat
    in ``labels``: several descriptions per class).
    """

    def __init__(self, labels: tuple[str, ...] = (), descriptions: tuple[str, ...] = (), model: str = MODELS[0]):
        self.labels = labels
        self.descriptions = descriptions
        self.model = model

    def fit(self, X=None, y=None):
        """Embed the descriptions; ``X`` and ``y`` are ignored (no training data is needed)."""
        if not self.labels or len(self.labels) != len(self.descriptions):
            raise ValueError(f"ZeroShotClassifier: labels and descriptions must be non-empty and of the same "
                             f"length, got {len(self.labels)} and {len(self.descriptions)}")
        if self.model not in MODELS:
            raise ValueError(f"ZeroShotClassifier: model must be one of {', '.join(MODELS)}, got {self.model!r}")
        self.classes_ = np.array(list(dict.fromkeys(self.labels)))
        vectors, labels = encode(self.descriptions, self.model), np.array(self.labels)
        means = np.stack([vectors[labels == c].mean(axis=0) for c in self.classes_])
        self.prototypes_ = (means / np.linalg.norm(means, axis=1, keepdims=True)).astype(np.float32)
        return self

    def decision_function(self, X) -> np.ndarray:
        """Cosine similarity of each text to each class description (embeddings are unit length)."""
        return encode(list(X), self.model) @ self.prototypes_.T

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]
