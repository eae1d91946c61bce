"""``load_chat_model``: the backend's ``ChatModel`` for a model setting, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from research.errors import UserError
from research.lm.base import ChatModel
from research.lm.source import physical_cores, resolve_model
from research.models import resolve_device, resolve_dtype


def resolve_runtime(backend: str, device: str, dtype: str) -> tuple[str, str]:
    """The device and dtype a backend runs with: torch's resolution, or CPU and the GGUF's own quantisation."""
    if backend == "llama_cpp":
        if device == "cuda":
            raise UserError("backend 'llama_cpp' runs on the CPU in this build; use device: auto or cpu, "
                            "or backend: transformers")
        return "cpu", "gguf"
    device = resolve_device(device)
    return device, resolve_dtype(dtype, device)


@lru_cache(maxsize=2)
def build_identity(backend: str) -> str:
    """What a cached answer depends on beyond the package versions: for llama_cpp, the instruction sets its build
    was compiled for (``llama_print_system_info``). A build for another CPU (``-march=native`` on an AVX-512
    machine, say) computes other last digits, hence other greedy answers, under the same version number."""
    if backend != "llama_cpp":
        return ""
    import llama_cpp

    return llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()


def build_key(backend: str) -> dict[str, str]:
    """``build_identity`` as a cache-key entry: ``{"build": ...}`` on llama_cpp, nothing on transformers (its
    kernels are keyed by torch's version and device), so the transformers keys stay as they were."""
    build = build_identity(backend)
    return {"build": build} if build else {}


@lru_cache(maxsize=2)
def _transformers(folder: str, device: str, dtype: str) -> ChatModel:
    # each backend module imports its heavy library (torch and transformers; llama_cpp) when a model loads
    from research.lm.transformers_backend import TransformersChatModel

    return TransformersChatModel.load(folder, device, dtype)


@lru_cache(maxsize=2)
def _llama_cpp(gguf: str, n_ctx: int, threads: int, seed: int) -> ChatModel:
    from research.lm.llama_cpp_backend import LlamaCppChatModel  # heavy: llama_cpp (see _transformers)

    return LlamaCppChatModel.load(Path(gguf), n_ctx, threads, seed)


def load_chat_model(model: str, backend: str = "transformers", device: str = "auto", dtype: str = "auto",
                    threads: int | None = None, seed: int = 0, context_tokens: int = 2048) -> ChatModel:
    """The chat model ``model`` (the bundled name, a .gguf path or a transformers folder) on ``backend``.

    transformers: on ``device`` in ``dtype`` (GGUF files de-quantised once into the cache); llama_cpp: on
    ``threads`` CPU threads (default: the physical cores) with a context of ``context_tokens``.
    """
    path = resolve_model(model, backend)
    device, dtype = resolve_runtime(backend, device, dtype)
    if backend == "llama_cpp":
        return _llama_cpp(str(path), context_tokens, threads or physical_cores(), seed)
    from research.lm.transformers_backend import weights_folder  # heavy: torch (see _transformers)

    return _transformers(str(weights_folder(path)), device, dtype)
