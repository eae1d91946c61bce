"""Random: sentences drawn at random (seeded), a floor for the extractive systems."""

from __future__ import annotations

import random

from research.cache import text_sha256
from research.summarization.base import Summarizer
from research.summarization.budget import select_sentences
from research.text.sentences import text_sentences


class RandomSentences(Summarizer):
    """Sentences in a random order (then fitted to the budget and printed in document order).

    The generator is seeded from the runtime seed and the text's hash, so a
    text gets the same summary whatever else is in the batch or the cache.
    """

    name = "random"
    extractive = True

    def summarize_one(self, text: str) -> str:
        sentences = text_sentences(text)
        rng = random.Random(f"{self.runtime.seed}:{text_sha256(text)}")  # nosec B311 # seeded sampling, not security
        ranking = rng.sample(range(len(sentences)), len(sentences))
        return select_sentences(sentences, ranking, self.budget)
