"""Where the heavy loops run: in this process (``local``) or on a Ray cluster (``ray``).

A config's ``parallel`` section picks the backend. With ``ray``, summarization
runs as a Ray Data ``map_batches`` with one summarizer (one model) per actor
(``research.summarization.parallel``),
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
import re
from typing import Annotated, Callable, Iterator, Literal

from pydantic import Field, field_validator

from research.config import StrictModel
from research.logs import drop_terminal_handlers, native_stderr_to_run_log

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


_OPEN_SESSIONS: list[dict] = []  # session()s entered that start Ray on first use (innermost last)


def _start_ray(config: ParallelConfig, stack: contextlib.ExitStack) -> None:
    """``ray.init`` for ``config``, with native stderr sent to the run log until ``stack`` closes (after the
    shutdown: Ray's processes write to fd 2 for as long as they run)."""
    import ray

    options = {"num_cpus": config.workers} if config.address is None else {}
    # Ray's own lines go where the CLI sends library logs (run.log, or the terminal with --verbose):
    # configure_logging=False adds no terminal handler; native code and Ray's processes write to fd 2
    drop_terminal_handlers("ray")  # importing ray gave its logger a terminal handler
    stack.enter_context(native_stderr_to_run_log())
    ray.init(address=config.address, include_dashboard=False, log_to_driver=False, configure_logging=False,
             **options)
    import ray.data  # noqa: F401  (configures its logger on import: see drop_terminal_handlers)

    drop_terminal_handlers("ray.data")


@contextlib.contextmanager
def ray_session(config: ParallelConfig) -> Iterator[None]:
    """Ray, connected (or started) for the work inside; leaves an already running session alone. Inside a
    ``session()``, Ray starts here and stays up until that session closes."""
    import ray

    if ray.is_initialized():  # the caller (a report, a test) owns the session
        yield
        return
    if _OPEN_SESSIONS:
        _start_ray(config, _OPEN_SESSIONS[-1]["stack"])
        _OPEN_SESSIONS[-1]["started"] = True  # the enclosing session() shuts it down
        yield
        return
    with contextlib.ExitStack() as stack:
        _start_ray(config, stack)
        try:
            yield
        finally:
            ray.shutdown()


@contextlib.contextmanager
def _deferred_session() -> Iterator[None]:
    state = {"started": False, "stack": contextlib.ExitStack()}
    _OPEN_SESSIONS.append(state)
    try:
        yield
    finally:
        _OPEN_SESSIONS.pop()
        with state["stack"]:  # closed after the shutdown: native stderr back to where it was
            if state["started"]:
                import ray

                ray.shutdown()


def session(config: ParallelConfig) -> contextlib.AbstractContextManager:
    """One Ray session around several runs (a report's systems), started only when one of them has work for
    Ray (a fully cached warm run never starts it: issue 38); nothing for ``local``."""
    return _deferred_session() if config.backend == "ray" else contextlib.nullcontext()


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
