"""TextRank (Mihalcea & Tarau, 2004) through sumy: PageRank over a word-overlap sentence graph."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from research.summarization.base import Summarizer, SystemParams, select_sentences, split_text
from research.summarization.sumy_support import configure, make_stemmer, rank_sentences


class TextRankParams(SystemParams):
    name: Literal["textrank"] = "textrank"
    damping: Annotated[float, Field(gt=0, lt=1)] = 0.85
    stop_words: bool = True  # drop sumy's English stop words before measuring overlap
    stemming: bool = True  # Snowball stems, so 'invasion' and 'invasions' overlap


class TextRank(Summarizer):
    name = "textrank"
    Params = TextRankParams
    packages = ("sumy", "nltk")

    def summarize_one(self, text: str) -> str:
        from sumy.summarizers.text_rank import TextRankSummarizer

        summarizer = configure(TextRankSummarizer(make_stemmer(self.params.stemming)), self.params.stop_words)
        summarizer.damping = self.params.damping
        sentences = split_text(text)
        return select_sentences(sentences, rank_sentences(summarizer, sentences), self.budget)
