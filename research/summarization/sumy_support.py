"""Running sumy's graph summarizers offline.

sumy's own ``Tokenizer`` needs NLTK's punkt data (a download). Its summarizers
only need a document of ``Sentence`` objects whose tokenizer has
``to_sentences`` and ``to_words``; ours splits sentences with pysbd (offline
rules) and words with a regex. Stemming (NLTK's Snowball, pure code) and the
stop-word lists ship with the packages, so nothing is downloaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

from research.summarization.base import SystemParams
from research.summarization.budget import Budget, select_sentences
from research.text.sentences import text_sentences
from research.text.sentences import split_sentences

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class PysbdTokenizer:
    """What sumy asks of a tokenizer: sentences of a paragraph and words of a sentence."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(WORD.findall(sentence))


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return get_stop_words("english")


def build_document(sentences: list[str]):
    """A sumy document of one paragraph holding ``sentences`` (graph methods ignore paragraphs)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = PysbdTokenizer()
    return ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])


class SumyParams(SystemParams):
    """The options every sumy graph summarizer shares."""

    stop_words: bool = True  # drop sumy's English stop words before measuring overlap
    stemming: bool = True  # Snowball stems, so 'invasion' and 'invasions' overlap


def sumy_summary(summarizer_class, settings: dict, params: SumyParams, text: str, budget: Budget) -> str:
    """``text``'s sentences ranked by a sumy summarizer (its class and attribute ``settings``, e.g. the
    damping), the best first until ``budget`` is full, in document order."""
    from sumy.nlp.stemmers import Stemmer, null_stemmer

    summarizer = summarizer_class(Stemmer("english") if params.stemming else null_stemmer)
    if params.stop_words:
        summarizer.stop_words = english_stop_words()
    for attribute, value in settings.items():
        setattr(summarizer, attribute, value)
    sentences = text_sentences(text)
    return select_sentences(sentences, rank_sentences(summarizer, sentences), budget)


def rank_sentences(summarizer, sentences: list[str]) -> list[int]:
    """Indices of ``sentences`` from best to worst by the summarizer's own rating (ties: document order).

    sumy returns only the top sentences; passing a callable as the count
    lets us read its full rating order (a list of ``SentenceInfo``).
    """
    order: list[int] = []

    def keep_all(infos):
        order.extend(info.order for info in infos)  # sorted by rating, descending, stable
        return infos

    summarizer(build_document(sentences), keep_all)
    return order
