"""LexRank (Erkan & Radev, 2004) through sumy: centrality in a thresholded TF-IDF cosine graph."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from research.summarization.base import Summarizer, SystemParams, select_sentences, split_text
from research.summarization.sumy_support import configure, make_stemmer, rank_sentences


class LexRankParams(SystemParams):
    name: Literal["lexrank"] = "lexrank"
    threshold: Annotated[float, Field(ge=0, lt=1)] = 0.1  # cosine above which two sentences are linked
    stop_words: bool = True
    stemming: bool = True


class LexRank(Summarizer):
    name = "lexrank"
    Params = LexRankParams
    packages = ("sumy", "nltk")

    def summarize_one(self, text: str) -> str:
        from sumy.summarizers.lex_rank import LexRankSummarizer

        summarizer = configure(LexRankSummarizer(make_stemmer(self.params.stemming)), self.params.stop_words)
        summarizer.threshold = self.params.threshold
        sentences = split_text(text)
        return select_sentences(sentences, rank_sentences(summarizer, sentences), self.budget)
