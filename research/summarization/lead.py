"""Lead: the article's first sentences (Lead-3 with a 3-sentence budget, the standard news baseline)."""

from __future__ import annotations

from research.summarization.base import Summarizer
from research.summarization.budget import select_sentences
from research.text.sentences import text_sentences


class Lead(Summarizer):
    """The leading sentences that fit the budget: it stops at the first one that would overflow."""

    name = "lead"
    uses_seed = False  # no randomness
    extractor = True

    def summarize_one(self, text: str) -> str:
        sentences = text_sentences(text)
        return select_sentences(sentences, list(range(len(sentences))), self.budget, skip=False)
