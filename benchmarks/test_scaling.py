"""Scaling: the corpus replicated 1, 10, 100 and 1000 times (each copy's paragraphs shuffled with a seed).

Each (stage, size) runs in a fresh process (``_scale_child.py``) so that peak memory (VmHWM) is its own.
A size is skipped, and the skip recorded, when the time extrapolated linearly from the previous size exceeds
BUDGET_S; a size that runs past twice BUDGET_S is stopped and recorded as timed out. The loader runs on identical paragraphs (``load``), on distinct ones (``load-distinct``) and, as the
baseline, on distinct ones split by pysbd alone (``load-pysbd``, up to MAX_COPIES: about 7 ms per article).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _common import write_json

COPIES = (1, 10, 100, 1000)
STAGES = ("load", "load-distinct", "load-pysbd", "tfidf", "rouge")
MAX_COPIES = {"load-pysbd": 100}
SEED = 0
BUDGET_S = 300.0
CHILD = Path(__file__).resolve().parent / "_scale_child.py"


def _measure(stage: str, copies: int) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, str(CHILD), stage, str(copies), str(SEED)], capture_output=True,
                          text=True, env=env, timeout=2 * BUDGET_S, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_scaling(benchmark):
    rows = []
    for stage in STAGES:
        previous = None
        for copies in (c for c in COPIES if c <= MAX_COPIES.get(stage, COPIES[-1])):
            if previous is not None:
                predicted = previous["seconds"] * copies / previous["copies"]
                if predicted > BUDGET_S:
                    rows.append({"stage": stage, "copies": copies, "skipped": True, "predicted_seconds": predicted})
                    continue
            try:
                previous = {"stage": stage, "copies": copies, "skipped": False, **_measure(stage, copies)}
            except subprocess.TimeoutExpired:  # superlinear beyond the prediction: record it, go on
                rows.append({"stage": stage, "copies": copies, "skipped": True, "timed_out_s": 2 * BUDGET_S,
                             "predicted_seconds": predicted if previous is not None else 0.0})
                break
            rows.append(previous)
    write_json("scaling.json", {"seed": SEED, "budget_s": BUDGET_S, "scaling": rows})
    benchmark.pedantic(_measure, args=("tfidf", 1), rounds=1)  # so --benchmark-only keeps this test
