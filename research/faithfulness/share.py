"""Share of unsupported summary sentences by a checker, with a bootstrap interval over summaries.

Verdicts are cached on disk per (checker, code, source, sentence), so the
summarization report and ``research evaluate --sources`` judge each sentence
once (and per batch of summaries, so a warm benchmark reads one file). The
share pools sentences (unsupported / all); the interval resamples summaries
(articles) with replacement, seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from research.cache import JsonCache, file_sha256, text_sha256
from research.faithfulness.combined import code_hash
from research.faithfulness.judgments import JUDGMENTS
from research.faithfulness.registry import build_checker
from research.parallel import ParallelConfig, map_chunks
from research.stats import ratio_bootstrap_ci
from research.text.sentences import line_sentences


@dataclass(frozen=True)
class Share:
    unsupported: int
    sentences: int
    rate: float | None
    low: float | None
    high: float | None

    def cell(self) -> str:
        return "" if self.rate is None else f"{self.rate:.3f} [{self.low:.3f}, {self.high:.3f}]"


def check_chunk(checker_name: str, items: list[tuple[str, list[str]]]) -> list[list[list]]:
    """[[score, supported], ...] per (source, sentences) by the named checker at its default options (a Ray task)."""
    checker = build_checker(checker_name)
    return [[[v.score, v.supported] for v in checker.check(source, sentences)] for source, sentences in items]


def sentence_verdicts(checker_name: str, pairs: list[tuple[str, str]], progress: bool = False,
                      parallel: ParallelConfig | None = None) -> list[list[tuple[float, bool]]]:
    """(score, supported?) per sentence of each (source, summary) by the named checker (default options), cached
    per pair; the code identity is computed once for all pairs, and what the cache lacks is computed on the
    ``parallel`` backend (default: in this process)."""
    cache = JsonCache("faithfulness-sentence-verdicts")
    common = {"checker": checker_name, "code": code_hash()}
    if checker_name == "combined":
        common["judgments"] = file_sha256(JUDGMENTS)
    # a whole batch seen before is one file (a warm benchmark reads one, not one per summary, and splits no
    # sentences: issue 38); its key holds what each pair's key holds, the summary's text for its sentences
    batches = JsonCache("faithfulness-verdict-batches")
    batch_key = {**common, "pairs": [[text_sha256(source), text_sha256(summary)] for source, summary in pairs]}
    values = batches.get(batch_key) if len(pairs) > 1 else None
    if values is None:
        sentences = [line_sentences(summary) for _, summary in pairs]
        keys = [{**common, "source": text_sha256(source), "sentences": s}
                for (source, _), s in zip(pairs, sentences)]
        values = [cache.get(key) for key in keys]
        missing = [i for i, value in enumerate(values) if value is None]
        computed = map_chunks(check_chunk, [(pairs[i][0], sentences[i]) for i in missing],
                              parallel or ParallelConfig(), checker_name, progress=progress,
                              desc=f"checking ({checker_name})")
        for i, value in zip(missing, computed):
            cache.put(keys[i], value)
            values[i] = value
        if len(pairs) > 1:
            batches.put(batch_key, values)
    return [[(float(score), bool(supported)) for score, supported in value] for value in values]


def judged(checker_name: str, source: str, summary: str) -> list[bool]:
    """Supported? per sentence of ``summary`` by the named checker (default options), cached."""
    return [supported for _, supported in sentence_verdicts(checker_name, [(source, summary)])[0]]


# How a checker's sentence verdicts become one summary score (FRANK's judgment is the share of factual sentences).
SUMMARY_SCORES = {
    "mean": lambda verdicts: float(np.mean([score for score, _ in verdicts])),
    "supported_share": lambda verdicts: float(np.mean([supported for _, supported in verdicts])),
    "min": lambda verdicts: float(min(score for score, _ in verdicts)),
}


def summary_score(verdicts: list[tuple[float, bool]], how: str) -> float:
    """One number per summary from its sentence verdicts (``how``: a name of SUMMARY_SCORES); NaN for none."""
    return SUMMARY_SCORES[how](verdicts) if verdicts else float("nan")


def unsupported_share(verdicts: list[list[bool]], seed: int, resamples: int = 2000, confidence: float = 0.95) -> Share:
    counts = np.array([[sum(not v for v in row), len(row)] for row in verdicts], dtype=float)
    total = int(counts[:, 1].sum())
    if total == 0:
        return Share(0, 0, None, None, None)
    interval = ratio_bootstrap_ci(counts[:, 0], counts[:, 1], seed, resamples, confidence)  # articles resampled
    return Share(int(counts[:, 0].sum()), total, interval.mean, interval.low, interval.high)
