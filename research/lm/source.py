"""Which model file a ``model`` setting names, whether a backend can load it, and the thread default."""

from __future__ import annotations

import os
from pathlib import Path

from research.cache import path_fingerprint
from research.errors import UserError
from research.models import smollm2_gguf

BUNDLED_LM = "SmolLM2-135M-Instruct"
BACKENDS = ("transformers", "llama_cpp")


def resolve_model(model: str, backend: str = "transformers") -> Path:
    """The GGUF file or transformers folder behind a ``model`` setting, checked against ``backend``.

    A GGUF file (the bundled one or a path) works on both backends; a transformers folder (with
    config.json) only on ``transformers``; anything else is a UserError naming the path and the backend.
    """
    if backend not in BACKENDS:
        raise UserError(f"unknown chat model backend '{backend}' (choose from: {', '.join(BACKENDS)})")
    if model == BUNDLED_LM:
        return smollm2_gguf()
    path = Path(model).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return path
    if path.is_dir() and (path / "config.json").is_file():
        if backend == "llama_cpp":
            raise UserError(f"chat model '{model}' is a transformers folder, which backend 'llama_cpp' cannot "
                            f"load; give a .gguf file or use backend: transformers")
        return path
    kinds = "an existing .gguf file" if backend == "llama_cpp" else \
        "an existing .gguf file, nor a local folder with config.json"
    raise UserError(f"chat model '{model}' (backend '{backend}') is neither '{BUNDLED_LM}', {kinds}")


def model_fingerprint(model: str, backend: str = "transformers") -> str:
    return path_fingerprint(resolve_model(model, backend))


def physical_cores() -> int:
    """Physical cores this process may use (hyper-threads share a core's arithmetic units)."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    try:
        import psutil

        physical = psutil.cpu_count(logical=False) or available
    except ImportError:
        physical = available
    return max(1, min(physical, available))
