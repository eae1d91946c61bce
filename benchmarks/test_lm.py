"""LM inference (chat_lm, SmolLM2-135M-Instruct, backend transformers) on CPU: load, prefill, decode, the bandwidth bound, variants.

Cold load: a fresh process with an empty RESEARCH_CACHE_DIR (the GGUF is de-quantised and saved once);
warm load: a fresh process with that cache filled. Decode speed is compared with the memory-bandwidth bound
(measured copy bandwidth / bytes of weights read per decoding step, times the batch). Variants (bf16, dynamic
int8, static KV cache, torch.compile, several articles in one batch) summarize the first ARTICLES seed articles
(default five) with the chat_lm config; each is compared with float32 on speed and on whether the greedy
summaries stay identical (ROUGE-1/L F1 otherwise). Warm-up (where torch.compile compiles) is timed apart.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import prefill_decode_seconds, write_json

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parent / "configs" / "summarize-chat-lm.yaml"
DECODE_TOKENS = 64
ARTICLES = int(os.environ.get("BENCH_LM_ARTICLES", "5"))  # seed articles summarized per variant


def _load_child(cache: str) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RESEARCH_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, str(HERE / "_lm_child.py")], capture_output=True, text=True, env=env,
                          timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _copy_bandwidth() -> float:
    """Bytes moved per second by a 512 MiB float32 tensor copy (read + write), best of 5."""
    import torch

    src = torch.ones(128 * 1024 * 1024)
    dst = torch.empty_like(src)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        dst.copy_(src)
        best = min(best, time.perf_counter() - start)
    return 2 * src.numel() * src.element_size() / best


def _weight_bytes(model) -> int:
    """Bytes of weights read per decoded token: every parameter once (tied embeddings counted once)."""
    import torch

    total = sum(p.numel() * p.element_size() for p in model.parameters())
    for module in model.modules():  # dynamically quantised Linear layers keep packed int8 weights outside parameters
        if type(module).__name__ == "Linear" and hasattr(module, "weight") and callable(module.weight):
            weight = module.weight()
            total += weight.numel() * (1 if weight.dtype == torch.qint8 else weight.element_size())
    return total


def _prefill_decode(generator, conversations: list[list[dict]]) -> dict:
    """Prefill and decode speed for one prompt, or for several decoded together (left-padded batch).

    Prefill and decode as ``prefill_decode_seconds`` measures them, decode over DECODE_TOKENS - 1 steps.
    """
    inputs = generator.encode_many(conversations)
    n_prompt = int(inputs["attention_mask"].sum())
    batch = len(conversations)
    prefill, decode = prefill_decode_seconds(generator, inputs, DECODE_TOKENS)
    steps = DECODE_TOKENS - 1
    return {"batch": batch, "prompt_tokens": n_prompt, "prefill_s": prefill, "prefill_tok_s": n_prompt / prefill,
            "decode_tokens": steps * batch, "decode_s": decode, "decode_tok_s": steps * batch / decode}


def _one_by_one(summarizer, texts: list[str]) -> list[str]:
    start, out = time.perf_counter(), []
    for text in texts:
        out.append(summarizer.summarize_one(text))
        print(f"  article {len(out)}/{len(texts)}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return out


def _batched(summarizer, texts: list[str]) -> list[str]:
    """chat_lm with every article in one batch: those whose prompt fits are generated together."""
    return summarizer.summarize(texts)


def _variants(summarizer, texts: list[str], references: list[list[str]]) -> list[dict]:
    import torch

    from research.evaluation.rouge import rouge
    from research.text.sentences import text_sentences
    from research.summarization.prompting import prompt_messages

    generator = summarizer.generator()
    base_model = generator.model

    def static(model):
        model = copy.deepcopy(model)
        original = model.generate
        model.generate = lambda **kw: original(**kw, cache_implementation="static")
        return model

    def compiled(model):
        model = copy.deepcopy(model)
        model.forward = torch.compile(model.forward, dynamic=True)
        return model

    # name: (model, how the articles are summarized, how many prompts prefill/decode are measured on)
    variants = {
        "float32 (default)": (lambda: base_model, _one_by_one, 1),
        "bfloat16": (lambda: copy.deepcopy(base_model).to(torch.bfloat16), _one_by_one, 1),
        "dynamic int8 (Linear)": (lambda: torch.ao.quantization.quantize_dynamic(
            copy.deepcopy(base_model), {torch.nn.Linear}, dtype=torch.qint8), _one_by_one, 1),
        "static KV cache": (lambda: static(base_model), _one_by_one, 1),
        "torch.compile (dynamic shapes)": (lambda: compiled(base_model), _one_by_one, 1),
        "batched (one generate call for the articles that fit one prompt)": (lambda: base_model, _batched, 4),
    }
    conversations = [prompt_messages(summarizer.params, " ".join(text_sentences(t)), summarizer.budget) for t in texts]
    short = sorted(conversations, key=generator.count_tokens)  # prefill/decode on the shortest prompts
    rows, baseline = [], None
    for name, (make, summarize, batch) in variants.items():
        row: dict = {"variant": name}
        print(f"lm benchmark: variant {name}", file=sys.stderr, flush=True)
        try:
            generator.model = make()
            start = time.perf_counter()  # first call: torch.compile compiles here
            _prefill_decode(generator, short[:1])
            row["warmup_s"] = time.perf_counter() - start
            row.update(_prefill_decode(generator, short[:batch]))
            row["weight_bytes"] = _weight_bytes(generator.model)
            start = time.perf_counter()
            summaries = summarize(summarizer, texts)
            row["summarize_s"] = time.perf_counter() - start
            scores = [rouge(s, refs).flat() for s, refs in zip(summaries, references)]
            row["rouge1_f"] = sum(s["rouge1_f"] for s in scores) / len(scores)
            row["rougeL_f"] = sum(s["rougeL_f"] for s in scores) / len(scores)
            if baseline is None:
                baseline = summaries
            row["identical_outputs"] = sum(a == b for a, b in zip(summaries, baseline))
            row["articles"] = len(texts)
        except Exception as exc:  # a variant this torch build cannot run is reported, not fatal
            row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        finally:
            generator.model = base_model
        rows.append(row)
    return rows


def test_lm_inference(benchmark):
    import torch

    from research.tasks import load_config
    from research.data import load_articles
    from research.summarization.base import Runtime
    from research.summarization.registry import build_summarizer

    with tempfile.TemporaryDirectory() as cache:
        print("lm benchmark: cold and warm loads", file=sys.stderr, flush=True)
        cold = _load_child(cache)
        warm = [_load_child(cache) for _ in range(3)]
    config = load_config(CONFIG, ["system.backend=transformers"])  # these variants are transformers'
    summarizer = build_summarizer(config.system, config.budget, Runtime(device="cpu", dtype="float32",
                                                                          batch_size=ARTICLES, seed=config.seed))
    generator = summarizer.generator()
    articles = load_articles()
    bandwidth = _copy_bandwidth()
    chosen = list(articles)[:ARTICLES]
    variants = _variants(summarizer, [a["text"] for a in chosen], [a["summaries"] for a in chosen])
    for row in variants:
        if "decode_tok_s" in row:  # a decoding step reads every weight once for the whole batch
            row["bound_tok_s"] = row["batch"] * bandwidth / row["weight_bytes"]
            row["bound_ratio"] = row["decode_tok_s"] / row["bound_tok_s"]
    write_json("lm.json", {
        "model": "SmolLM2-135M-Instruct", "device": "cpu", "torch_threads": torch.get_num_threads(),
        "cold_load": cold, "warm_load": min(warm, key=lambda r: r["total_s"]), "warm_load_target_s": 5.0,
        "copy_bandwidth_gb_s": bandwidth / 1e9, "variants": variants,
    })
    messages = [{"role": "user", "content": "Summarize: " + articles[0]["text"][:2000]}]
    benchmark.pedantic(lambda: _prefill_decode(generator, [messages]), rounds=1)
