"""Scaling: the corpus replicated 1, 10, 100 and 1000 times (each copy's paragraphs shuffled with a seed).

Each (stage, size) runs in a fresh process (``_scale_child.py``) so that peak memory (VmHWM) is its own.
A size is skipped, and the skip recorded, when the time extrapolated linearly from the previous size exceeds
BUDGET_S.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _common import write_json

COPIES = (1, 10, 100, 1000)
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
    for stage in ("load", "tfidf", "rouge"):
        previous = None
        for copies in COPIES:
            if previous is not None:
                predicted = previous["seconds"] * copies / previous["copies"]
                if predicted > BUDGET_S:
                    rows.append({"stage": stage, "copies": copies, "skipped": True, "predicted_seconds": predicted})
                    continue
            previous = {"stage": stage, "copies": copies, "skipped": False, **_measure(stage, copies)}
            rows.append(previous)
    write_json("scaling.json", {"seed": SEED, "budget_s": BUDGET_S, "scaling": rows})
    benchmark.pedantic(_measure, args=("tfidf", 1), rounds=1)  # so --benchmark-only keeps this test
