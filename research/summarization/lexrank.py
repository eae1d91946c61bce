"""LexRank (Erkan & Radev, 2004) through sumy: centrality in a thresholded TF-IDF cosine graph."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from research.summarization.base import Summarizer
from research.summarization.sumy_support import SumyParams, sumy_summary


class LexRankParams(SumyParams):
    threshold: Annotated[float, Field(ge=0, lt=1)] = 0.1  # cosine above which two sentences are linked


class LexRank(Summarizer):
    name = "lexrank"
    uses_seed = False  # no randomness
    extractor = True
    Params = LexRankParams

    def summarize_one(self, text: str) -> str:
        from sumy.summarizers.lex_rank import LexRankSummarizer

        return sumy_summary(LexRankSummarizer, {"threshold": self.params.threshold}, self.params, text, self.budget)
