"""Cheap faithfulness and abstractiveness proxies of a summary against its source article.

- invented numbers: distinct numbers in the summary (``research.text.tokens.numbers``)
  that the source does not contain;
- invented names: distinct capitalised words of the summary (``research.text.tokens.names``)
  that the source does not contain, compared case-insensitively;
- novel n-grams (n = 1..3): share of the summary's n-grams (with repeats) that
  never occur in the source;
- extractive fragment coverage and density (Grusky et al., 2018, NEWSROOM):
  the greedy shared token sequences F of summary S and article A give
  coverage = sum |f| / |S| and density = sum |f|^2 / |S|;
- compression = article words / summary words; words = whitespace tokens.

Tokens for n-grams and fragments are lower-cased words and numbers (punctuation dropped,
``research.text.tokens.tokens``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from research.text.fragments import fragments, ngrams
from research.text.tokens import names, numbers, strip_possessive, tokens


def novel_ngram_ratio(summary: str, source: str, n: int) -> float | None:
    """Share of the summary's n-grams absent from the source; None when the summary has fewer than n tokens."""
    grams = ngrams(tokens(summary), n)
    if not grams:
        return None
    seen = set(ngrams(tokens(source), n))
    return sum(g not in seen for g in grams) / len(grams)


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
    source_words = {strip_possessive(t) for t in tokens(source)}
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
