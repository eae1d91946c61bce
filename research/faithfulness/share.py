"""Share of unsupported summary sentences by a checker, with a bootstrap interval over summaries.

Verdicts are cached on disk per (checker, source, sentences, code: this module's
closure, which builds every checker, with its libraries' versions), so the
summarization report and ``research evaluate --sources`` judge each sentence
once (and per batch of summaries, so a warm benchmark reads one file). The
share pools sentences (unsupported / all); the interval resamples summaries
(articles) with replacement, seeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from research.cache import CodeIdentity, JsonCache, cache_key, canonical_json, file_sha256, text_sha256
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


def check_chunk(items: list[tuple[str, list[str], list[dict]]]) -> list[list[list[list]]]:
    """Per (source, sentences, checkers as ``{name, <options>}``): [[score, supported], ...] by each checker (a Ray
    task). Every checker judges a source before the next one, so they meet its parse together."""
    built: dict[str, Any] = {}
    for system in (system for _, _, systems in items for system in systems):
        if canonical_json(system) not in built:
            built[canonical_json(system)] = build_checker(**system)
    return [[[[v.score, v.supported] for v in built[canonical_json(system)].check(source, sentences)]
             for system in systems] for source, sentences, systems in items]


def _key(system: dict, inputs: dict, code: CodeIdentity) -> dict:
    """A verdict's key: the checker as ``{name, <options>}``, its inputs (the combined checker's: the judgments its
    weights are fitted on too) and the code that judges (this module's closure, the checkers' included)."""
    if system["name"] == "combined":
        inputs = {"judgments": file_sha256(JUDGMENTS), **inputs}
    return cache_key(system, inputs, code)


def checkers_verdicts(checkers: Sequence[str] | Mapping[str, dict], pairs: list[tuple[str, str]],
                      progress: bool = False,
                      parallel: ParallelConfig | None = None) -> dict[str, list[list[tuple[float, bool]]]]:
    """(score, supported?) per sentence of each (source, summary) by each checker, cached per checker and pair.

    ``checkers``: names (default options), or row name -> ``{name, <options>}``; the result is keyed the same
    way. What the cache lacks is computed on the ``parallel`` backend (default: in this process) in one pass
    over the pairs, each pair judged by all the checkers that lack it (on FRANK, half the time of one pass per
    checker: they share its parses and windows)."""
    systems = dict(checkers) if isinstance(checkers, Mapping) else {name: {"name": name} for name in checkers}
    cache = JsonCache("faithfulness-sentence-verdicts")
    # a whole batch seen before is one file (a warm benchmark reads one, not one per summary, and splits no
    # sentences: issue 38); its key holds what each pair's key holds, the summary's text for its sentences
    batches = JsonCache("faithfulness-verdict-batches")
    code, hashes = CodeIdentity.of([__name__]), [[text_sha256(source), text_sha256(summary)] for source, summary in pairs]
    batch_keys = {row: _key(system, {"pairs": hashes}, code) for row, system in systems.items()}
    values = {row: batches.get(batch_keys[row]) if len(pairs) > 1 else None for row in systems}
    keys: dict[str, list[dict]] = {}
    sentences = [line_sentences(summary) for _, summary in pairs] if None in values.values() else []
    for row in (r for r in systems if values[r] is None):
        keys[row] = [_key(systems[row], {"source": source, "sentences": s}, code)
                     for (source, _), s in zip(hashes, sentences)]
        values[row] = [cache.get(key) for key in keys[row]]
    lacking = {i: rows for i in range(len(pairs)) if (rows := [r for r in keys if values[r][i] is None])}
    computed = map_chunks(check_chunk, [(pairs[i][0], sentences[i], [systems[r] for r in rows])
                                        for i, rows in lacking.items()],
                          parallel or ParallelConfig(), progress=progress,
                          desc=f"checking ({', '.join(dict.fromkeys(r for rows in lacking.values() for r in rows))})")
    for (i, rows), per_checker in zip(lacking.items(), computed):
        for row, value in zip(rows, per_checker):
            cache.put(keys[row][i], value)
            values[row][i] = value
    if len(pairs) > 1:
        for row in keys:
            batches.put(batch_keys[row], values[row])
    return {row: [[(float(score), bool(supported)) for score, supported in value] for value in values[row]]
            for row in systems}


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
