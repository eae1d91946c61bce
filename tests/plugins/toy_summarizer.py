"""A toy summarizer from outside the package: the article's first sentence, cut to the word budget."""

from research.summarization.base import Summarizer
from research.summarization.budget import truncate_words
from research.text.sentences import text_sentences


class FirstSentence(Summarizer):
    name = "first_sentence"

    def summarize_one(self, text: str) -> str:
        return truncate_words(text_sentences(text)[0], self.budget.words or 60)
