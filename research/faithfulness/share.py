"""Share of unsupported summary sentences by a checker, with a bootstrap interval over summaries.

Verdicts are cached on disk per (checker, source, sentences, code: this module's
closure, which builds every checker, with its libraries' versions), so the
summarization report and ``research evaluate --sources`` judge each sentence
once (and per batch of summaries, so a warm benchmark reads one file). The
share pools sentences (unsupported / all); the interval resamples summaries
(articles) with replacement, seeded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from research.cache import CodeIdentity, JsonCache, cache_key, file_sha256, text_sha256
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


def check_chunk(items: list[tuple[str, list[str], list[str]]]) -> list[list[list[list]]]:
    """Per (source, sentences, checker names): [[score, supported], ...] by each named checker at its default
    options (a Ray task). Every checker judges a source before the next one, so they meet its parse together."""
    checkers = {name: build_checker(name) for name in dict.fromkeys(n for _, _, names in items for n in names)}
    return [[[[v.score, v.supported] for v in checkers[name].check(source, sentences)] for name in names]
            for source, sentences, names in items]


def _key(checker_name: str, inputs: dict, code: CodeIdentity) -> dict:
    """A verdict's key: the checker (default options), its inputs (the combined checker's: the judgments its
    weights are fitted on too) and the code that judges (this module's closure, the checkers' included)."""
    if checker_name == "combined":
        inputs = {"judgments": file_sha256(JUDGMENTS), **inputs}
    return cache_key({"checker": checker_name}, inputs, code)


def checkers_verdicts(checker_names: list[str], pairs: list[tuple[str, str]], progress: bool = False,
                      parallel: ParallelConfig | None = None) -> dict[str, list[list[tuple[float, bool]]]]:
    """(score, supported?) per sentence of each (source, summary) by each named checker (default options), cached
    per checker and pair. What the cache lacks is computed on the ``parallel`` backend (default: in this process)
    in one pass over the pairs, each pair judged by all the checkers that lack it (a third of the time of one
    pass per checker: they share its parses and windows)."""
    cache = JsonCache("faithfulness-sentence-verdicts")
    # a whole batch seen before is one file (a warm benchmark reads one, not one per summary, and splits no
    # sentences: issue 38); its key holds what each pair's key holds, the summary's text for its sentences
    batches = JsonCache("faithfulness-verdict-batches")
    code, hashes = CodeIdentity.of([__name__]), [[text_sha256(source), text_sha256(summary)] for source, summary in pairs]
    batch_keys = {name: _key(name, {"pairs": hashes}, code) for name in checker_names}
    values = {name: batches.get(batch_keys[name]) if len(pairs) > 1 else None for name in checker_names}
    keys: dict[str, list[dict]] = {}
    sentences = [line_sentences(summary) for _, summary in pairs] if None in values.values() else []
    for name in (n for n in checker_names if values[n] is None):
        keys[name] = [_key(name, {"source": source, "sentences": s}, code) for (source, _), s in zip(hashes, sentences)]
        values[name] = [cache.get(key) for key in keys[name]]
    lacking = {i: names for i in range(len(pairs)) if (names := [n for n in keys if values[n][i] is None])}
    computed = map_chunks(check_chunk, [(pairs[i][0], sentences[i], names) for i, names in lacking.items()],
                          parallel or ParallelConfig(), progress=progress,
                          desc=f"checking ({', '.join(dict.fromkeys(n for ns in lacking.values() for n in ns))})")
    for (i, names), per_checker in zip(lacking.items(), computed):
        for name, value in zip(names, per_checker):
            cache.put(keys[name][i], value)
            values[name][i] = value
    if len(pairs) > 1:
        for name in keys:
            batches.put(batch_keys[name], values[name])
    return {name: [[(float(score), bool(supported)) for score, supported in value] for value in values[name]]
            for name in checker_names}


def sentence_verdicts(checker_name: str, pairs: list[tuple[str, str]], progress: bool = False,
                      parallel: ParallelConfig | None = None) -> list[list[tuple[float, bool]]]:
    """``checkers_verdicts`` of one checker."""
    return checkers_verdicts([checker_name], pairs, progress, parallel)[checker_name]


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
