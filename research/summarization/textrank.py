"""TextRank (Mihalcea & Tarau, 2004) through sumy: PageRank over a word-overlap sentence graph."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from research.summarization.base import Summarizer
from research.summarization.sumy_support import SumyParams, sumy_summary


class TextRankParams(SumyParams):
    damping: Annotated[float, Field(gt=0, lt=1)] = 0.85


class TextRank(Summarizer):
    name = "textrank"
    uses_seed = False  # no randomness
    extractor = True
    Params = TextRankParams

    def summarize_one(self, text: str) -> str:
        from sumy.summarizers.text_rank import TextRankSummarizer

        return sumy_summary(TextRankSummarizer, {"damping": self.params.damping}, self.params, text, self.budget)
