"""Where the heavy loops run: in this process (``local``) or on a Ray cluster (``ray``).

A config's ``parallel`` section picks the backend. With ``ray``, summarization
runs as a Ray Data ``map_batches`` with one summarizer (one model) per actor,
cross-validation folds and grid searches go through joblib's Ray backend, and
per-item work (faithfulness verdicts) goes through ``map_chunks``, one Ray task
per chunk of consecutive items.
Results are the same as ``local``: every summary depends only on its text (and
the seed), and every fold is fitted exactly as it would be in one process.

``address``: ``null`` starts a private Ray instance on this machine for the
run; ``auto`` joins the cluster started here with ``ray start``;
``ray://host:port`` connects through Ray Client. Ray is imported only when a
config asks for it.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import TYPE_CHECKING, Annotated, Callable, Iterator, Literal

import numpy as np
from pydantic import Field, field_validator

from research.config import StrictModel
from research.logs import drop_terminal_handlers, native_stderr_to_run_log

if TYPE_CHECKING:
    from research.summarization.base import Summarizer

_ADDRESS = re.compile(r"^(auto|(ray://)?[A-Za-z0-9.\-]+:[0-9]{1,5})$")


class ParallelConfig(StrictModel):
    """``{backend: local|ray, address: null|auto|ray://host:port, workers: N}``."""

    backend: Literal["local", "ray"] = "local"
    address: str | None = None  # ray only: null = a private local instance
    workers: Annotated[int, Field(gt=0)] = 2  # ray only: summarizer actors / concurrent folds

    @field_validator("address")
    @classmethod
    def _address_form(cls, value: str | None) -> str | None:
        if value is not None and not _ADDRESS.match(value):
            raise ValueError(f"expected null, 'auto', 'host:port' or 'ray://host:port', got '{value}'")
        return value


@contextlib.contextmanager
def ray_session(config: ParallelConfig) -> Iterator[None]:
    """Connect to (or start) Ray for the duration of a run; leaves an already running session alone."""
    import ray

    if ray.is_initialized():  # the caller (a report, a test) owns the session
        yield
        return
    options = {"num_cpus": config.workers} if config.address is None else {}
    # Ray's own lines go where the CLI sends library logs (run.log, or the terminal with --verbose):
    # configure_logging=False adds no terminal handler; native code and Ray's processes write to fd 2
    drop_terminal_handlers("ray")  # importing ray gave its logger a terminal handler
    with native_stderr_to_run_log():
        ray.init(address=config.address, include_dashboard=False, log_to_driver=False, configure_logging=False,
                 **options)
        import ray.data  # noqa: F401  (configures its logger on import: see drop_terminal_handlers)

        drop_terminal_handlers("ray.data")
        try:
            yield
        finally:
            ray.shutdown()


def session(config: ParallelConfig) -> contextlib.AbstractContextManager:
    """One Ray session around several runs (a report's systems); nothing for ``local``."""
    return ray_session(config) if config.backend == "ray" else contextlib.nullcontext()


@contextlib.contextmanager
def joblib_jobs(config: ParallelConfig) -> Iterator[int | None]:
    """``n_jobs`` for scikit-learn / joblib: ``None`` (in process) for local, ``workers`` on Ray's joblib backend."""
    if config.backend == "local":
        yield None
        return
    import joblib
    from ray.util.joblib import register_ray

    register_ray()
    with ray_session(config), joblib.parallel_backend("ray", n_jobs=config.workers):
        yield config.workers


class _SummarizerActor:
    """One summarizer per Ray actor, built once and reused for every batch it is given."""

    def __init__(self, system, budget, runtime):
        from research.summarization.registry import build_summarizer

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


def summarize_parallel(summarizer: "Summarizer", system, budget, runtime, config: ParallelConfig,
                       texts: list[str], cache=None, progress: bool = False, stats: dict | None = None) -> list[str]:
    """``summarize_cached`` (or a plain run when ``cache`` is None) on the configured backend, in input order."""
    from research.summarization.registry import summarize_cached

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


CHUNKS_PER_WORKER = 4  # enough chunks to even out the workers, few enough that each keeps its articles together
LOCAL_CHUNK = 16  # items per call in this process: a progress step, and one set-up (a checker's build) per 16


def map_chunks(function: Callable[..., list], items: list, config: ParallelConfig, *args, progress: bool = False,
               desc: str = "") -> list:
    """``function(*args, chunk)`` over consecutive chunks of ``items``, the results concatenated in input order.

    ``local``: in this process, ``LOCAL_CHUNK`` items per call. ``ray``: ``workers * 4`` chunks as Ray tasks;
    consecutive items stay together, so an article shared by several summaries is mostly read by one worker,
    which keeps its parses and encodings for the process. ``function`` must be a module-level function.
    """
    from tqdm import tqdm

    local = config.backend == "local" or len(items) < 2
    size = LOCAL_CHUNK if local else -(-len(items) // (config.workers * CHUNKS_PER_WORKER))
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    if local:
        return [r for chunk in tqdm(chunks, desc=desc, unit="chunk", disable=not progress)
                for r in function(*args, chunk)]
    import ray

    with ray_session(config):
        task = ray.remote(num_cpus=1)(function)
        pending = [task.remote(*args, chunk) for chunk in chunks]
        return [r for ref in tqdm(pending, desc=desc, unit="chunk", disable=not progress) for r in ray.get(ref)]
