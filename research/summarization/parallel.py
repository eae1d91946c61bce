"""Summarization on the configured backend (``research.parallel``): in this process, or as a Ray Data
``map_batches`` with one summarizer (one model) per actor."""

from __future__ import annotations

import json
from typing import Callable, Iterator

import numpy as np

from research.parallel import ParallelConfig, ray_session
from research.summarization.base import Summarizer
from research.summarization.registry import build_summarizer, summarize_cached


class _SummarizerActor:
    """One summarizer per Ray actor, built once and reused for every batch it is given."""

    def __init__(self, system, budget, runtime):
        self.summarizer = build_summarizer(system, budget, runtime)

    def __call__(self, rows: dict) -> dict:
        # each row holds one batch of texts, exactly the batch `local` would pass (JSON: a plain string column)
        out = [json.dumps(self.summarizer.summarize(json.loads(str(texts)))) for texts in rows["texts"]]
        return {"start": rows["start"], "summaries": np.array(out, dtype=object)}


Batches = Iterator[tuple[list[int], list[str]]]  # (positions in the list of texts, their summaries)


def ray_batches(system, budget, runtime, config: ParallelConfig) -> Callable[[list[str]], Batches]:
    """A ``compute_batches`` for ``summarize_cached``: yields ``(positions, summaries)`` as Ray batches finish.

    The texts are cut into the batches ``local`` uses (``runtime.batch_size``),
    so a model whose output depends on its batch (padding) still gives the
    same summaries.
    """

    def compute(texts: list[str]) -> Batches:
        if not texts:
            return
        import ray.data

        size = max(1, runtime.batch_size)
        rows = [{"start": start, "texts": json.dumps(texts[start:start + size])}
                for start in range(0, len(texts), size)]
        with ray_session(config):
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(  # a block per batch
                _SummarizerActor, fn_constructor_args=(system, budget, runtime), batch_size=1, batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=min(config.workers, len(rows))),  # no idle model loads
            )
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                for start, summaries in zip(batch["start"], batch["summaries"]):
                    summaries = json.loads(str(summaries))
                    yield list(range(int(start), int(start) + len(summaries))), summaries

    return compute


def summarize_parallel(summarizer: Summarizer, system, budget, runtime, config: ParallelConfig,
                       texts: list[str], cache=None, progress: bool = False, stats: dict | None = None) -> list[str]:
    """``summarize_cached`` (or a plain run when ``cache`` is None) on the configured backend, in input order."""
    compute = ray_batches(system, budget, runtime, config) if config.backend == "ray" else None
    if cache is None:
        if compute is None:
            return summarizer.summarize(texts)
        summaries: list[str | None] = [None] * len(texts)
        for positions, batch in compute(texts):
            for position, summary in zip(positions, batch):
                summaries[position] = summary
        return summaries  # type: ignore[return-value]
    return summarize_cached(summarizer, texts, cache, progress=progress, stats=stats, compute_batches=compute)
