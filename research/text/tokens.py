"""Word, number and name tokens, as the faithfulness proxies and checkers compare them.

- numbers: distinct numbers (digits with ``,`` thousands separators removed; the
  words two..ninety count as their digits, so "three" matches "3");
- names: distinct capitalised words (possessive 's dropped, stop words excluded;
  a sentence's first word only when the text or the source also capitalises it
  inside a sentence, so a name that only ever starts sentences is missed).
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from research.text.sentences import line_sentences

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:'[^\W_]+)*")
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
# "one" is left out: it is far more often a pronoun ("one of the...") than a count.
NUMBER_WORDS = {
    word: str(value) for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split())
    if value >= 2
} | {word: str(10 * tens) for tens, word in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)}


def _normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens, punctuation dropped ('50,000' and "Niger's" stay whole)."""
    return TOKEN_RE.findall(_normalise(text).lower())


def numbers(text: str) -> set[str]:
    """Distinct numbers: '50,000' -> '50000', '1.5' stays, 'three' -> '3'."""
    found = {re.sub(r",(?=\d{3}\b)", "", n) for n in NUMBER_RE.findall(text)}
    found |= {NUMBER_WORDS[t] for t in tokens(text) if t in NUMBER_WORDS}
    return found


def strip_possessive(word: str) -> str:
    """``word`` without a final possessive 's (any case)."""
    return word[:-2] if word.lower().endswith("'s") else word


def _sentences(text: str) -> list[list[str]]:
    return [TOKEN_RE.findall(sentence) for sentence in line_sentences(_normalise(text))]


def _capitalised(word: str) -> bool:
    return word[0].isupper() and word.lower() not in ENGLISH_STOP_WORDS


def names(text: str, source: str) -> set[str]:
    """Distinct capitalised words of ``text`` (see the module notes for the rule), lower-cased.

    A sentence's first word is capitalised anyway, so it counts only when the
    summary or the source also writes it capitalised inside a sentence.
    """
    text_sentences = _sentences(text)
    inside = {strip_possessive(w).lower() for words in text_sentences + _sentences(source)
              for w in words[1:] if _capitalised(w)}
    found: set[str] = set()
    for words in text_sentences:
        for index, word in enumerate(words):
            word = strip_possessive(word)
            if _capitalised(word) and (index > 0 or word.lower() in inside):
                found.add(word.lower())
    return found
