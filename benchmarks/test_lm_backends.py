"""chat_lm on each backend against a plain llama-cpp-python script, as whole processes, on the five seeds.

Every run is a fresh process (``_lm_backend_child.py``) with an empty RESEARCH_CACHE_DIR: the plain script
(load the GGUF, one ``create_chat_completion`` per article, greedy, the same prompt and token budget), and
``research run`` of configs/summarize-chat-lm.yaml on llama_cpp and on transformers (empty cache: the GGUF is
de-quantised first; warm weights: the de-quantised weights cached, no summaries). So that both sides do the
same generations, the comparison runs use ``context_tokens`` 2048 (every seed in one prompt, as in the plain
script); the shipped config's 1024 (the longest seed summarized by map-reduce) is one more row. The llama.cpp
pair runs ROUNDS times, alternating; the fastest of each is compared (the machine is shared).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from _common import write_json

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent / "configs" / "summarize-chat-lm.yaml"
CHILD = HERE / "_lm_backend_child.py"
SAME_WORK = ["system.context_tokens=2048"]  # every seed fits one prompt: one generation per article, like the script
ROUNDS = int(os.environ.get("BENCH_LM_ROUNDS", "2"))
TARGET_RATIO, LOAD_TARGET_S = 1.10, 0.5


def _child(args: list[str], cache: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "RESEARCH_CACHE_DIR": cache or empty}
        print(f"lm backends benchmark: {' '.join(args[:3])}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(CHILD), *args], capture_output=True, text=True, env=env,
                              timeout=1200)
        wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{args}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process_s": wall}


def _spec(threads: int) -> dict:
    """The plain script's inputs: the exact chat messages chat_lm sends for each seed, GGUF, budget, threads."""
    from research.tasks import load_config
    from research.lm import resolve_model
    from research.text.sentences import text_sentences
    from research.summarization.prompting import prompt_messages
    from research.tasks.summarization import _articles

    config = load_config(CONFIG, SAME_WORK)
    params = config.system
    return {"gguf": str(resolve_model(params.model, "llama_cpp")), "n_ctx": params.context_tokens,
            "threads": threads, "seed": config.seed, "max_tokens": params.max_new_tokens,
            "prompts": [prompt_messages(params, " ".join(text_sentences(a["text"])), config.budget)
                        for a in _articles(config)]}


def _row(name: str, run: dict, **extra) -> dict:
    keep = ("import_s", "load_s", "generate_s", "process_s", "peak_mib", "prompt_tokens", "prefill_tok_s",
            "new_tokens", "decode_tok_s", "calls")
    return {"run": name, **{k: run[k] for k in keep if k in run}, **extra}


def _measure() -> dict:
    from research.lm import physical_cores
    from research.tasks import load_config
    from research.summarization.prompting import clean_answer, strip_preamble

    threads = physical_cores()
    common = [f"runtime.threads={threads}"]
    llama = ["system.backend=llama_cpp", *common]
    config = load_config(CONFIG)
    with tempfile.TemporaryDirectory() as folder:
        prompts = Path(folder) / "prompts.json"
        prompts.write_text(json.dumps(_spec(threads)))
        plain_runs, package_runs = [], []
        for _ in range(ROUNDS):
            plain_runs.append(_child(["plain", str(prompts)]))
            package_runs.append(_child(["package", str(CONFIG), *SAME_WORK, *llama]))
    plain = min(plain_runs, key=lambda r: r["process_s"])
    package = min(package_runs, key=lambda r: r["process_s"])
    shipped = _child(["package", str(CONFIG), *llama])
    transformers = ["system.backend=transformers", "runtime.device=cpu", "runtime.dtype=float32", *common]
    with tempfile.TemporaryDirectory() as cache:
        tf_cold = _child(["package", str(CONFIG), *SAME_WORK, *transformers], cache)
        tf_speed = _child(["speed", str(CONFIG), *SAME_WORK, *transformers], cache)
        with tempfile.TemporaryDirectory() as summaries:  # weights cached, summaries not: copy only the weights
            import shutil

            shutil.copytree(Path(cache) / "gguf-weights", Path(summaries) / "gguf-weights")
            tf_warm = _child(["package", str(CONFIG), *SAME_WORK, *transformers], summaries)
    cleaned = [clean_answer(strip_preamble(a), config.budget) for a in plain["answers"]]
    same_as_plain = sum(a == b for a, b in zip(cleaned, package["summaries"]))
    same_backends = sum(a == b for a, b in zip(package["summaries"], tf_cold["summaries"]))
    ratio = package["process_s"] / plain["process_s"]
    rows = [
        _row("plain llama-cpp-python script", plain),
        _row("chat_lm, backend llama_cpp (empty cache)", package, identical_to_plain=same_as_plain),
        _row("chat_lm, backend llama_cpp, shipped context_tokens 1024 (map-reduce for the longest seed)", shipped),
        _row("chat_lm, backend transformers (empty cache: GGUF de-quantised first)", tf_cold,
             identical_to_llama_cpp=same_backends),
        _row("chat_lm, backend transformers (de-quantised weights cached, no summaries)", tf_warm,
             **{k: tf_speed[k] for k in ("prompt_tokens", "prefill_tok_s", "new_tokens", "decode_tok_s")}),
    ]
    return {
        "model": "SmolLM2-135M-Instruct (Q4_1 GGUF)", "threads": threads, "articles": len(plain["answers"]),
        "max_new_tokens": config.system.max_new_tokens, "rounds": ROUNDS,
        "plain_runs_s": [r["process_s"] for r in plain_runs], "package_runs_s": [r["process_s"] for r in package_runs],
        "ratio": ratio, "target_ratio": TARGET_RATIO, "load_target_s": LOAD_TARGET_S, "rows": rows,
        "llama_cpp_python": version("llama-cpp-python"),
    }


def test_lm_backends(benchmark):
    """One round of every process (the whole measurement is the benchmarked call); JSON to lm-backends.json."""
    payload = benchmark.pedantic(_measure, rounds=1, iterations=1)
    assert all(row.get("calls", 5) >= 5 for row in payload["rows"])  # every seed was generated, none cached
    write_json("lm-backends.json", payload)
