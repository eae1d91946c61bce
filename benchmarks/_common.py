"""Shared helpers for the benchmarks: the machine's description, side-by-side timing, JSON output.

Benchmarks are never part of ``make test``; ``make bench`` runs them and leaves JSON in benchmarks/results/,
from which ``configs/benchmark-report.yaml`` renders results/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import time
from pathlib import Path
from typing import Callable

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict:
    """CPU model, cores, Python, torch, numpy and BLAS versions, recorded when the numbers are measured."""
    import numpy
    import sklearn
    import torch
    from threadpoolctl import threadpool_info

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = sorted({f"{i.get('internal_api')} {i.get('version')}" for i in threadpool_info()
                   if i.get("user_api") == "blas"})
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "numpy": numpy.__version__,
        "sklearn": sklearn.__version__,
        "blas": ", ".join(blas) or "unknown",
        "torch_blas": ", ".join(re.findall(r"BLAS_INFO=(\w+)", torch.__config__.show())) or "unknown",
    }


def side_by_side(first: Callable[[], object], second: Callable[[], object], rounds: int) -> dict:
    """Median seconds of each, alternating calls so drift and cache effects hit both alike; ratio first/second."""
    first(), second()  # warm up (imports, lazily built objects)
    times: dict[str, list[float]] = {"first": [], "second": []}
    for _ in range(rounds):
        for name, fn in (("first", first), ("second", second)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    a, b = statistics.median(times["first"]), statistics.median(times["second"])
    return {"research_s": a, "raw_s": b, "ratio": a / b, "rounds": rounds}


def write_json(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"machine": machine(), **payload}, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)
    return path


def prefill_decode_seconds(generator, inputs, decode_tokens: int) -> tuple[float, float]:
    """A transformers chat model's (``research.lm``) prefill and decode seconds on encoded ``inputs``.

    Prefill: a generate call for one new token; decode: the time a ``decode_tokens`` call takes beyond that,
    for its other ``decode_tokens - 1`` steps (both calls prefill the same prompt, so it cancels).
    """
    import torch

    def generate(tokens: int) -> float:
        start = time.perf_counter()
        generator.model.generate(**inputs, do_sample=False, max_new_tokens=tokens, min_new_tokens=tokens,
                                 pad_token_id=generator.tokenizer.eos_token_id)
        return time.perf_counter() - start

    with torch.inference_mode():
        generate(2)  # warm-up
        prefill = generate(1)  # the prompt and the first new token
        decode = max(generate(decode_tokens) - prefill, 1e-9)
    return prefill, decode
