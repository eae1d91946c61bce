"""Running sumy's graph summarisers offline.

sumy's own ``Tokenizer`` needs NLTK's punkt data (a download). Its summarisers
only need a document of ``Sentence`` objects whose tokenizer has
``to_sentences`` and ``to_words``; ours splits sentences with pysbd (offline
rules) and words with a regex. Stemming (NLTK's Snowball, pure code) and the
stop-word lists ship with the packages, so nothing is downloaded.
"""

from __future__ import annotations

import re
from functools import lru_cache

from research.data.sentences import split_sentences

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


def configure(summarizer, stop_words: bool):
    """Apply the shared options to a sumy summariser instance."""
    if stop_words:
        summarizer.stop_words = english_stop_words()
    return summarizer


def make_stemmer(stemming: bool):
    from sumy.nlp.stemmers import Stemmer, null_stemmer

    return Stemmer("english") if stemming else null_stemmer


def rank_sentences(summarizer, sentences: list[str]) -> list[int]:
    """Indices of ``sentences`` from best to worst by the summariser's own rating (ties: document order).

    sumy returns only the top sentences; passing a callable as the count
    lets us read its full rating order (a list of ``SentenceInfo``).
    """
    order: list[int] = []

    def keep_all(infos):
        order.extend(info.order for info in infos)  # sorted by rating, descending, stable
        return infos

    summarizer(build_document(sentences), keep_all)
    return order
