"""``research reproduce`` cold (empty cache: GGUF conversion, every summary and fit) and warm (full cache).

Each run is a fresh process (``research reproduce --check --quiet``, imports included), the time a user waits
for ``make reproduce`` once set up. ``--check`` writes nothing to results/; while ``make bench`` rewrites the
benchmark JSON, it may report that results/benchmarks*.md differ (exit 1), which is expected here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import write_json

ROOT = Path(__file__).resolve().parent.parent
WARM_RUNS = 3
WARM_TARGET_S = 30.0


def _reproduce(cache: str) -> float:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RESEARCH_CACHE_DIR": cache}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "research", "reproduce", "--check", "--quiet"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"research reproduce failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def test_reproduce_cold_and_warm(benchmark):
    with tempfile.TemporaryDirectory() as cache:
        print("reproduce benchmark: cold run", file=sys.stderr, flush=True)
        cold = _reproduce(cache)
        warm: list[float] = []
        benchmark.pedantic(lambda: warm.append(_reproduce(cache)), rounds=WARM_RUNS, iterations=1)
    write_json("reproduce.json", {"cold_s": cold, "warm_s": sorted(warm)[len(warm) // 2], "warm_runs_s": warm,
                                  "warm_target_s": WARM_TARGET_S})
