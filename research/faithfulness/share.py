"""Share of unsupported summary sentences by a checker, with a bootstrap interval over summaries.

Verdicts are cached on disk per (checker, code, source, sentence), so the
summarization report and ``research evaluate --sources`` judge each sentence
once. The share pools sentences (unsupported / all); the interval resamples
summaries (articles) with replacement, seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from research.cache import JsonCache, text_sha256
from research.faithfulness.verify import summary_sentences
from research.stats import ratio_bootstrap_ci


@dataclass(frozen=True)
class Share:
    unsupported: int
    sentences: int
    rate: float | None
    low: float | None
    high: float | None

    def cell(self) -> str:
        return "" if self.rate is None else f"{self.rate:.3f} [{self.low:.3f}, {self.high:.3f}]"


def judged(checker_name: str, source: str, summary: str) -> list[bool]:
    """Supported? per sentence of ``summary`` by the named checker (default options), cached."""
    from research.faithfulness.combined import code_hash
    from research.faithfulness.registry import build_checker

    sentences = summary_sentences(summary)
    cache = JsonCache("faithfulness-verdicts")
    key = {"checker": checker_name, "code": code_hash(), "source": text_sha256(source), "sentences": sentences}
    if checker_name == "combined":
        from research.cache import file_sha256
        from research.faithfulness.judgments import JUDGMENTS

        key["judgments"] = file_sha256(JUDGMENTS)
    value = cache.get(key)
    if value is None:
        value = [v.supported for v in build_checker(checker_name).check(source, sentences)]
        cache.put(key, value)
    return value


def unsupported_share(verdicts: list[list[bool]], seed: int, resamples: int = 2000) -> Share:
    counts = np.array([[sum(not v for v in row), len(row)] for row in verdicts], dtype=float)
    total = int(counts[:, 1].sum())
    if total == 0:
        return Share(0, 0, None, None, None)
    interval = ratio_bootstrap_ci(counts[:, 0], counts[:, 1], seed, resamples)  # articles resampled
    return Share(int(counts[:, 0].sum()), total, interval.mean, interval.low, interval.high)
