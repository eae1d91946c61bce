"""A run killed with SIGKILL leaves no partial output, and the rerun reuses what the cache holds."""

import json
import os
import signal
import subprocess
import sys
import time

from research.cache import CACHE_ENV
from research.paths import CONFIGS, PROJECT_ROOT


def _cache_entries(folder):
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*.json")} if folder.exists() else {}


def test_sigkill_mid_run_then_rerun(tmp_path, session_cache, articles):
    paragraphs = articles[2]["paragraphs"][:4]  # four short texts: each is one chat_lm generation
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"id": f"p{i}", "text": t}) + "\n" for i, t in enumerate(paragraphs)))
    command = [sys.executable, "-m", "research", "summarize", "--config", str(CONFIGS / "summarize-chat-lm.yaml"),
               "--input", str(source), "--output", str(output), "--set", "system.max_new_tokens=40",
               "--set", "budget.words=30", "--quiet"]
    env = {**os.environ, CACHE_ENV: str(session_cache)}
    summaries = session_cache / "summaries"
    before = _cache_entries(summaries)

    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
    deadline = time.monotonic() + 600
    while len(_cache_entries(summaries)) == len(before) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    finished = {p: m for p, m in _cache_entries(summaries).items() if p not in before}
    assert 1 <= len(finished) < len(paragraphs)  # killed mid-way, after at least one summary was stored
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no output, no temporary file

    rerun = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["p0", "p1", "p2", "p3"]
    assert all(row["summary"] for row in rows)
    after = _cache_entries(summaries)
    assert len(after) == len(before) + len(paragraphs)
    assert all(after[p] == m for p, m in finished.items())  # the summaries done before the kill were reused
