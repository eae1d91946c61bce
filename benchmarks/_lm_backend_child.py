"""One whole-process run for ``test_lm_backends.py``; prints one JSON line.

``python _lm_backend_child.py plain PROMPTS.json``: a plain llama-cpp-python script (load the GGUF, one
``create_chat_completion`` per prompt, greedy, the same token budget).
``python _lm_backend_child.py package CONFIG [KEY=VALUE ...]``: ``research run`` of a chat_lm config (the
cache is $RESEARCH_CACHE_DIR, the run folder a temporary one); the model is loaded first on its own to time it.
``python _lm_backend_child.py speed CONFIG [KEY=VALUE ...]``: transformers prefill and decode speed.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()


def peak_mib() -> float:
    """Peak resident memory of this process (VmHWM: reset by exec, unlike the rusage of a forked child)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def llama_perf(llama) -> dict:
    import llama_cpp

    perf = llama_cpp.llama_perf_context(llama.ctx)
    return {"prompt_tokens": perf.n_p_eval, "prefill_s": perf.t_p_eval_ms / 1000, "new_tokens": perf.n_eval,
            "decode_s": perf.t_eval_ms / 1000, "prefill_tok_s": perf.n_p_eval / max(perf.t_p_eval_ms / 1000, 1e-9),
            "decode_tok_s": perf.n_eval / max(perf.t_eval_ms / 1000, 1e-9)}


def plain(prompts_path: str) -> dict:
    spec = json.loads(Path(prompts_path).read_text())
    import llama_cpp

    imported = time.perf_counter()
    llm = llama_cpp.Llama(model_path=spec["gguf"], n_ctx=spec["n_ctx"], n_threads=spec["threads"],
                          n_threads_batch=spec["threads"], seed=spec["seed"], verbose=False)
    loaded = time.perf_counter()
    answers = [llm.create_chat_completion(messages=messages, max_tokens=spec["max_tokens"], temperature=0.0,
                                          top_k=1, repeat_penalty=1.0)["choices"][0]["message"]["content"]
               for messages in spec["prompts"]]
    done = time.perf_counter()
    return {"import_s": imported - START, "load_s": loaded - imported, "generate_s": done - loaded,
            "answers": answers, **llama_perf(llm)}


def package(config_path: str, overrides: list[str]) -> dict:
    from research.tasks import load_config
    from research.runs import run_experiment
    from research.summarization.prompting import load_lm
    from research.tasks.summarization import _runtime

    config = load_config(config_path, overrides)
    imported = time.perf_counter()
    model = load_lm(config.system, _runtime(config))  # run_experiment reuses it (loaded once per process)
    loaded = time.perf_counter()
    with tempfile.TemporaryDirectory() as runs:
        record = run_experiment(config_path, overrides, experiments_dir=Path(runs), progress=False)
    done = time.perf_counter()
    out = {"import_s": imported - START, "load_s": loaded - imported, "generate_s": done - loaded,
           "summaries": [row["summary"] for row in record.output.predictions], "calls": model.calls,
           "computed": record.output.metrics.get("computed")}
    if model.backend == "llama_cpp":
        out.update(llama_perf(model.llama))
    return out


def speed(config_path: str, overrides: list[str]) -> dict:
    """transformers prefill and decode tok/s on the first seed's prompt (it has no counters like llama.cpp's)."""
    from _common import prefill_decode_seconds

    from research.tasks import load_config
    from research.text.sentences import text_sentences
    from research.summarization.prompting import load_lm, prompt_messages
    from research.tasks.summarization import _articles, _runtime

    config = load_config(config_path, overrides)
    model = load_lm(config.system, _runtime(config))
    text = _articles(config)[0]["text"]
    inputs = model.encode_many([prompt_messages(config.system, " ".join(text_sentences(text)), config.budget)])
    steps = 64
    prefill, decode = prefill_decode_seconds(model, inputs, steps)
    n = int(inputs["input_ids"].shape[1])
    return {"prompt_tokens": n, "prefill_s": prefill, "prefill_tok_s": n / prefill, "new_tokens": steps - 1,
            "decode_s": decode, "decode_tok_s": (steps - 1) / decode}


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    modes = {"plain": lambda: plain(rest[0]), "package": lambda: package(rest[0], rest[1:]),
             "speed": lambda: speed(rest[0], rest[1:])}
    result = modes[mode]()
    result["in_process_s"] = time.perf_counter() - START
    result["peak_mib"] = peak_mib()
    print(json.dumps(result))
