"""A toy summarizer from outside the package: the article's first sentence, cut to the word budget."""

from research.summarization.base import Summarizer
from research.summarization.budget import split_text, truncate_words


class FirstSentence(Summarizer):
    name = "first_sentence"

    def summarize_one(self, text: str) -> str:
        return truncate_words(split_text(text)[0], self.budget.words or 60)
