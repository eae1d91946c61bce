"""Lead: the article's first sentences (Lead-3 with a 3-sentence budget, the standard news baseline)."""

from __future__ import annotations

from typing import Literal

from research.summarization.base import Summarizer, SystemParams, select_sentences, split_text


class LeadParams(SystemParams):
    name: Literal["lead"] = "lead"


class Lead(Summarizer):
    """The leading sentences that fit the budget: it stops at the first one that would overflow."""

    name = "lead"
    Params = LeadParams

    def summarize_one(self, text: str) -> str:
        sentences = split_text(text)
        return select_sentences(sentences, list(range(len(sentences))), self.budget, skip=False)
