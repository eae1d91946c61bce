"""Where libraries' warnings and log lines go: the running experiment's run.log, not the terminal.

The CLI runs every command inside ``library_warnings_to_run_log`` unless ``--verbose``. Python warnings
and the loggers in ``LIBRARY_LOGGERS`` are sent to the run's log file (dropped outside a run); Ray clears
its logger's handlers in ``ray.init``, so the run's handler sits on the root logger, not on theirs. Ray also
writes from native code and from the processes it starts, straight to file descriptor 2;
``native_stderr_to_run_log`` (around a Ray session) points that descriptor at run.log while Python's
own ``sys.stderr`` (tqdm's progress bars, error messages) keeps the terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import ContextManager, Iterator

WARNINGS = logging.getLogger("py.warnings")  # where logging.captureWarnings sends Python warnings
# Python warnings and the loggers of the libraries that talk during a run; Ray's INFO lines included
LIBRARY_LOGGERS = (WARNINGS, logging.getLogger("ray"), logging.getLogger("ray.data"),
                   logging.getLogger("transformers"), logging.getLogger("sentence_transformers"),
                   logging.getLogger("datasets"), logging.getLogger("huggingface_hub"))

_quiet = [False]  # inside library_warnings_to_run_log
_routing = [False]  # inside either: library loggers pass their lines to the root logger
RUN_LOGS: list[Path] = []  # run.log of each running experiment, innermost last (run_experiment sets it)


@contextmanager
def _library_lines_to_root(root_handler: logging.Handler, level: int | None) -> Iterator[None]:
    """The loggers in ``LIBRARY_LOGGERS`` lose the terminal handlers their libraries gave them and pass their
    lines up to the root logger, which gets ``root_handler`` (and ``level``); all undone on exit."""
    root = logging.getLogger()
    root_level = root.level
    root.addHandler(root_handler)
    if level is not None:
        root.setLevel(level)
    saved = [(lg, lg.propagate, lg.level, list(lg.handlers)) for lg in LIBRARY_LOGGERS]
    for lg in LIBRARY_LOGGERS:
        for own in list(lg.handlers):
            lg.removeHandler(own)
        lg.propagate = True
    logging.getLogger("ray").setLevel(logging.INFO)  # its start and stop lines are worth keeping
    _routing[0] = True
    try:
        yield
    finally:
        _routing[0] = False
        root.removeHandler(root_handler)
        root.setLevel(root_level)
        for lg, propagate, level_, handlers in saved:
            lg.propagate, lg.level = propagate, level_
            for own in handlers:
                if own not in lg.handlers:
                    lg.addHandler(own)


@contextmanager
def library_warnings_to_run_log() -> Iterator[None]:
    """Within: Python warnings from libraries (scikit-learn's folds, Ray's deprecations) and the libraries'
    log lines go to the running experiment's run.log (``run_experiment`` puts its file handler on the root
    logger) instead of the terminal; outside a run the root logger's NullHandler drops them (logging's last
    resort, which prints, is used only when no handler is found)."""
    logging.captureWarnings(True)
    _quiet[0] = True
    try:
        with _library_lines_to_root(logging.NullHandler(), None):
            yield
    finally:
        _quiet[0] = False
        logging.captureWarnings(False)


def library_logs_to_terminal() -> ContextManager[None]:
    """Within (``--verbose``): the libraries' INFO lines and warnings print on the terminal (and run.log)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    return _library_lines_to_root(handler, logging.INFO)


def drop_terminal_handlers(name: str) -> None:
    """Remove the terminal handlers a library gave its logger when imported (``ray`` and ``ray.data`` do, at
    import) and let its lines flow up to the root logger, whose handlers are run.log and, with --verbose,
    the terminal. Outside the CLI's routing the library keeps its own."""
    if not _routing[0]:
        return
    logger = logging.getLogger(name)
    for handler in list(logger.handlers):
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            logger.removeHandler(handler)
    logger.propagate = True


def native_stderr_to_run_log() -> ContextManager[None]:
    """Within: file descriptor 2 appends to the running experiment's run.log (quiet CLI runs only)."""
    return _redirect_fd2(RUN_LOGS[-1]) if _quiet[0] and RUN_LOGS else nullcontext()


@contextmanager
def _redirect_fd2(path: Path) -> Iterator[None]:
    sys.stderr.flush()
    terminal = os.dup(2)
    python_stderr = sys.stderr
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    sys.stderr = open(os.dup(terminal), "w", encoding=python_stderr.encoding or "utf-8",  # noqa: SIM115
                      errors="backslashreplace", buffering=1)
    try:
        yield
    finally:
        sys.stderr.flush()
        sys.stderr.close()
        sys.stderr = python_stderr
        os.dup2(terminal, 2)
        os.close(terminal)
