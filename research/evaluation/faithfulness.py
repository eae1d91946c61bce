"""Cheap faithfulness and abstractiveness proxies of a summary against its source article.

- invented numbers: distinct numbers in the summary that the source does not
  contain (digits with ``,`` thousands separators removed; the words
  two..ninety count as their digits, so "three" matches "3");
- invented names: distinct capitalised words of the summary (possessive 's
  dropped, stop words excluded; a sentence's first word only when the summary
  or the source also capitalises it inside a sentence, so a name that only
  ever starts sentences is missed) that the source does not contain, compared
  case-insensitively;
- novel n-grams (n = 1..3): share of the summary's n-grams (with repeats) that
  never occur in the source;
- extractive fragment coverage and density (Grusky et al., 2018, NEWSROOM):
  the greedy shared token sequences F of summary S and article A give
  coverage = sum |f| / |S| and density = sum |f|^2 / |S|;
- compression = article words / summary words; words = whitespace tokens.

Tokens for n-grams and fragments are lower-cased words and numbers (punctuation dropped).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from research.data.sentences import split_sentences

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


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.lower().endswith("'s") else word


def _sentences(text: str) -> list[list[str]]:
    return [TOKEN_RE.findall(sentence) for paragraph in _normalise(text).split("\n")
            for sentence in split_sentences(paragraph)]


def _capitalised(word: str) -> bool:
    return word[0].isupper() and word.lower() not in ENGLISH_STOP_WORDS


def names(text: str, source: str) -> set[str]:
    """Distinct capitalised words of ``text`` (see the module notes for the rule), lower-cased.

    A sentence's first word is capitalised anyway, so it counts only when the
    summary or the source also writes it capitalised inside a sentence.
    """
    summary_sentences = _sentences(text)
    inside = {_strip_possessive(w).lower() for words in summary_sentences + _sentences(source)
              for w in words[1:] if _capitalised(w)}
    found: set[str] = set()
    for words in summary_sentences:
        for index, word in enumerate(words):
            word = _strip_possessive(word)
            if _capitalised(word) and (index > 0 or word.lower() in inside):
                found.add(word.lower())
    return found


def ngrams(items: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(items[i: i + n]) for i in range(len(items) - n + 1)]


def novel_ngram_ratio(summary: str, source: str, n: int) -> float | None:
    """Share of the summary's n-grams absent from the source; None when the summary has fewer than n tokens."""
    grams = ngrams(tokens(summary), n)
    if not grams:
        return None
    seen = set(ngrams(tokens(source), n))
    return sum(g not in seen for g in grams) / len(grams)


def fragments(summary_tokens: list[str], article_tokens: list[str]) -> list[list[str]]:
    """Greedy extractive fragments of Grusky et al. (2018), algorithm 1."""
    found: list[list[str]] = []
    i = 0
    while i < len(summary_tokens):
        best: list[str] = []
        j = 0
        while j < len(article_tokens):
            if summary_tokens[i] == article_tokens[j]:
                i2, j2 = i, j
                while i2 < len(summary_tokens) and j2 < len(article_tokens) and summary_tokens[i2] == article_tokens[j2]:
                    i2, j2 = i2 + 1, j2 + 1
                if len(best) < i2 - i:
                    best = summary_tokens[i:i2]
                j = j2
            else:
                j += 1
        i += max(len(best), 1)
        if best:
            found.append(best)
    return found


def coverage_density(summary: str, source: str) -> tuple[float, float]:
    """Extractive fragment coverage and density; (0, 0) for a summary without tokens."""
    summary_tokens = tokens(summary)
    if not summary_tokens:
        return 0.0, 0.0
    parts = fragments(summary_tokens, tokens(source))
    return (sum(len(f) for f in parts) / len(summary_tokens),
            sum(len(f) ** 2 for f in parts) / len(summary_tokens))


@dataclass(frozen=True)
class Faithfulness:
    numbers: int
    invented_numbers: int
    names: int
    invented_names: int
    novel_1: float | None
    novel_2: float | None
    novel_3: float | None
    coverage: float
    density: float
    compression: float | None
    words: int

    @property
    def invented_number_rate(self) -> float | None:
        return self.invented_numbers / self.numbers if self.numbers else None

    @property
    def invented_name_rate(self) -> float | None:
        return self.invented_names / self.names if self.names else None

    def flat(self) -> dict[str, float | int | None]:
        return {**asdict(self), "invented_number_rate": self.invented_number_rate,
                "invented_name_rate": self.invented_name_rate}


def faithfulness(summary: str, source: str) -> Faithfulness:
    """All proxies of one summary against its source article."""
    summary_numbers, source_numbers = numbers(summary), numbers(source)
    summary_names = names(summary, source)
    source_words = {_strip_possessive(t) for t in tokens(source)}
    coverage, density = coverage_density(summary, source)
    words = len(summary.split())
    return Faithfulness(
        numbers=len(summary_numbers),
        invented_numbers=len(summary_numbers - source_numbers),
        names=len(summary_names),
        invented_names=len(summary_names - source_words),
        novel_1=novel_ngram_ratio(summary, source, 1),
        novel_2=novel_ngram_ratio(summary, source, 2),
        novel_3=novel_ngram_ratio(summary, source, 3),
        coverage=coverage,
        density=density,
        compression=len(source.split()) / words if words else None,
        words=words,
    )
