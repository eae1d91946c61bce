"""Summary length: the ``Budget`` model and the text helpers that fit sentences into it.

Sentences come from ``text_sentences`` (the corpus's sentence splitter, paragraph
by paragraph), words are whitespace words; extractive systems pick sentences
by rank within the budget, generative ones are cut to it at a sentence boundary.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, model_validator

from research.config import StrictModel
from research.text.sentences import text_sentences

PositiveInt = Annotated[int, Field(gt=0)]


class Budget(StrictModel):
    """Summary length: at most ``words`` whitespace words (default 60) or exactly-at-most ``sentences``."""

    words: PositiveInt | None = None
    sentences: PositiveInt | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_unit(cls, data: Any) -> Any:
        if isinstance(data, dict):
            if data.get("words") is not None and data.get("sentences") is not None:
                raise ValueError("give either 'words' or 'sentences', not both")
            if data.get("words") is None and data.get("sentences") is None:
                return {**data, "words": 60}
        return data

    def describe(self) -> str:
        """'60 words' or '3 sentences' (used inside prompts)."""
        if self.words is not None:
            return f"{self.words} words"
        return f"{self.sentences} sentence" + ("s" if self.sentences != 1 else "")


def count_words(text: str) -> int:
    return len(text.split())


def truncate_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def select_sentences(sentences: list[str], ranking: list[int], budget: Budget, skip: bool = True) -> str:
    """Sentences taken in ``ranking`` order while they fit the budget, printed in document order.

    With a words budget, a sentence that would overflow is skipped and the
    next ones are tried (``skip``), or ends the selection (``skip=False``);
    when not even the first sentence fits, it is cut to the budget.
    """
    if not sentences:
        return ""
    if budget.sentences is not None:
        chosen = list(ranking[: budget.sentences])
    else:
        chosen, used = [], 0
        for index in ranking:
            n = count_words(sentences[index])
            if used + n <= budget.words:
                chosen.append(index)
                used += n
            elif not skip:
                break
        if not chosen:
            return truncate_words(sentences[ranking[0]], budget.words)
    return " ".join(sentences[i] for i in sorted(chosen))


def fit_budget(text: str, budget: Budget) -> str:
    """Generated text cut to the budget at a sentence boundary (or at a word, when one sentence is too long)."""
    sentences = text_sentences(text)
    if budget.sentences is not None:
        return " ".join(sentences[: budget.sentences])
    kept, used = [], 0
    for sentence in sentences:
        n = count_words(sentence)
        if used + n > budget.words:
            break
        kept.append(sentence)
        used += n
    return " ".join(kept) if kept else truncate_words(text, budget.words)


def drop_unfinished(text: str) -> str:
    """Drop a last sentence cut off by a token limit (keep it when it is the only one)."""
    sentences = text_sentences(text)
    if len(sentences) > 1 and not re.search(r"[.!?…][\"”’')\]]*$", sentences[-1]):
        sentences = sentences[:-1]
    return " ".join(sentences)
