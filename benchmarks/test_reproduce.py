"""``research reproduce`` cold (empty cache: GGUF conversion, every summary and fit) and warm (full cache).

Each run is a fresh process doing what ``research reproduce --check --quiet`` does (imports included), the
time a user waits for ``make reproduce`` once set up, over every config in the manifest but the benchmark
report, which renders the JSON this benchmark writes (it would need its own output; it only reads files).
``--check`` writes nothing to results/; its differences are not this benchmark's concern.
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


EXCLUDED = "benchmark-report.yaml"
SCRIPT = ("from research.reproduce import manifest, reproduce; "
          f"reproduce(check=True, progress=False, configs=[c for c in manifest() if c.name != {EXCLUDED!r}])")


def _reproduce(cache: str) -> float:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RESEARCH_CACHE_DIR": cache, "TQDM_DISABLE": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600,
                   check=True)
    return time.perf_counter() - start


def test_reproduce_cold_and_warm(benchmark):
    with tempfile.TemporaryDirectory() as cache:
        print("reproduce benchmark: cold run", file=sys.stderr, flush=True)
        cold = _reproduce(cache)
        warm: list[float] = []
        benchmark.pedantic(lambda: warm.append(_reproduce(cache)), rounds=WARM_RUNS, iterations=1)
    write_json("reproduce.json", {"cold_s": cold, "warm_s": sorted(warm)[len(warm) // 2], "warm_runs_s": warm,
                                  "warm_target_s": WARM_TARGET_S, "excluded": [f"configs/{EXCLUDED}"]})
