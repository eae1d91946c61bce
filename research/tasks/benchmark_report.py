"""The benchmark report: tables and the scaling figure rendered from the JSON that ``make bench`` writes.

Nothing is measured here: the numbers (and the machine's description, recorded when they were measured) come
from committed files in benchmarks/results/, so the report renders byte-identically on any machine. Tables:
``<table>`` (overhead against the raw libraries, machine in the notes), ``<table>-scaling``, ``<table>-lm``,
``<table>-lm-backends`` (chat_lm on each backend against a plain llama-cpp-python script) and ``<table>-reproduce``;
figure ``<table>-scaling`` (log-log time and peak memory against corpus size).
Over 250 lines: one short builder per table, each reading its own JSON; they share only the machine note.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from research.config import ExperimentConfig, StrictModel
from research.errors import DataError
from research.figures import new_figure, png_bytes
from research.paths import PROJECT_ROOT
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput

OVERHEAD_LABELS = {
    "tfidf_logreg": "TF-IDF + LogisticRegression fit+predict: research vs sklearn Pipeline",
    "rouge_evaluate": "ROUGE: research evaluate (in process) vs rouge_score loop",
}


class BenchmarkInputs(StrictModel):
    overhead: str = "benchmarks/results/overhead.json"
    scaling: str = "benchmarks/results/scaling.json"
    lm: str = "benchmarks/results/lm.json"
    # benchmarks/test_lm_backends.py's output; None (the default) leaves its table out until it is measured
    lm_backends: str | None = None
    reproduce: str = "benchmarks/results/reproduce.json"
    faithfulness: str | None = None  # benchmarks/results/faithfulness.json in the shipped config
    frank_checker: str | None = None  # benchmarks/results/frank-checker.json in the shipped config


class BenchmarkReportConfig(ExperimentConfig):
    experiment: Literal["benchmark_report"]
    inputs: BenchmarkInputs = BenchmarkInputs()
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "benchmarks"


def _read(path: str) -> tuple[dict, bytes]:
    file = Path(path) if Path(path).is_absolute() or Path(path).exists() else PROJECT_ROOT / path
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read benchmark results ({exc.strerror}); run `make bench`") from None
    try:
        payload = json.loads(data)
    except ValueError as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("machine"), dict):
        raise DataError(f"{path}: expected a JSON object with a 'machine' description")
    return payload, data


def machine_line(machine: dict) -> str:
    return (f"machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores; Python {machine.get('python', '?')}"
            f", torch {machine.get('torch', '?')} (BLAS {machine.get('torch_blas', '?')}, "
            f"{machine.get('torch_threads', '?')} threads), numpy {machine.get('numpy', '?')} "
            f"(BLAS {machine.get('blas', '?')}), scikit-learn {machine.get('sklearn', '?')}")


def overhead_table(payload: dict) -> Table:
    target = payload.get("target_ratio", 1.10)
    rows = []
    for key, row in sorted(payload["overhead"].items()):
        rows.append([OVERHEAD_LABELS.get(key, key), 1000 * row["research_s"], 1000 * row["raw_s"], row["ratio"],
                     row["ratio"] <= target])
        if "raw_default_threads" in row:
            other = row["raw_default_threads"]
            rows.append([f"{OVERHEAD_LABELS.get(key, key)} (raw with default BLAS threads)",
                         1000 * other["research_s"], 1000 * other["raw_s"], other["ratio"], other["ratio"] <= target])
    return Table(
        title="Overhead against the raw libraries (median ms per call, measured side by side)",
        columns=["comparison", "research ms", "raw ms", "ratio", f"<= {target:.2f}"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               "ratio: research / raw, medians of alternating calls in one process; both give identical outputs.",
               "research.classification.fit limits BLAS to one thread (57 short texts); the second TF-IDF row "
               "shows the raw Pipeline with the default threads."],
    )


def _loader_line(rows: list[dict]) -> str:
    """Milliseconds per article at the largest measured size of each loader stage: the before/after."""
    parts = []
    for stage, label in (("load", "identical paragraphs"), ("load-distinct", "distinct paragraphs"),
                         ("load-pysbd", "distinct paragraphs, pysbd alone (before)")):
        done = [r for r in rows if r["stage"] == stage and not r.get("skipped")]
        if done:
            r = max(done, key=lambda r: r["copies"])
            cpu = f", {1000 * r['cpu_seconds'] / r['items']:.2f} CPU" if "cpu_seconds" in r else ""
            parts.append(f"{label} {1000 * r['seconds'] / r['items']:.2f}{cpu} at {r['copies']} copies")
    return "load_articles, ms per article: " + "; ".join(parts) + "." if parts else ""


def scaling_table(payload: dict) -> Table:
    rows = []
    for row in sorted(payload["scaling"], key=lambda r: (r["stage"], r["copies"])):
        if row.get("skipped"):
            why = (f"stopped after {row['timed_out_s']:.0f} s (about {row['predicted_seconds']:.0f} s predicted)"
                   if "timed_out_s" in row else f"skipped: about {row['predicted_seconds']:.0f} s predicted")
            rows.append([row["stage"], row["copies"], "", None, None, None, why])
            continue
        note = f"near-duplicate pass {row['dedup_seconds']:.2f} s" if "dedup_seconds" in row else ""
        if "cpu_seconds" in row:
            note += f"; CPU {row['cpu_seconds']:.2f} s; load average {row['load_average']:.1f}"
        rows.append([row["stage"], row["copies"], f"{row['items']} {row['unit']}", row["seconds"], row["peak_mib"],
                     1000 * row["seconds"] / row["items"], note])
    loader = _loader_line(payload["scaling"])
    return Table(
        title="Scaling with the corpus replicated (each copy's paragraphs shuffled)",
        columns=["stage", "copies", "items", "seconds", "peak MiB", "ms per item", "note"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               f"seed {payload.get('seed')}; each measurement in a fresh process; peak MiB: growth of the peak "
               f"resident memory (VmHWM) during the stage; sizes predicted to take over "
               f"{payload.get('budget_s', 0):.0f} s are skipped.",
               "load: load_articles on a JSONL file (cleaning, sentences, near-duplicate groups: each article "
               "against the groups so far through a shingle index); load-distinct: the same with each copy's "
               "words perturbed (15% of lowercase words replaced by seed words), so no paragraph repeats and no "
               "memo helps; load-pysbd: the distinct corpus split by pysbd alone, as before the plain-prose fast "
               "path (research.text.plain_sentences); tfidf: tfidf_logreg fit + predict; rouge: "
               "evaluate_summaries (lead-75-words summaries against both references, with the bootstrap interval).",
               *([loader] if loader else [])],
    )


def lm_table(payload: dict) -> Table:
    cold, warm = payload["cold_load"], payload["warm_load"]
    rows = [["cold load (empty cache: GGUF de-quantised and saved)", cold["total_s"], None, None, None, None, None,
             "", ""],
            [f"warm load (cached weights; target < {payload.get('warm_load_target_s', 5.0):.0f} s)", warm["total_s"],
             None, None, None, None, None, "", ""]]
    for row in payload["variants"]:
        if "error" in row:
            rows.append([row["variant"], None, None, None, None, None, None, "", row["error"]])
            continue
        batch = row.get("batch", 1)
        rows.append([row["variant"] + (f"; prefill and decode: a batch of {batch}" if batch > 1 else ""), row["summarize_s"],
                     row.get("warmup_s"), row["prefill_tok_s"], row["decode_tok_s"], row["bound_tok_s"],
                     row["bound_ratio"], f"{row['identical_outputs']}/{row['articles']}",
                     f"R1 {100 * row['rouge1_f']:.2f}, RL {100 * row['rougeL_f']:.2f}"])
    return Table(
        title=f"LM inference ({payload['model']}, {payload['device']})",
        columns=["what", "seconds", "warm-up s", "prefill tok/s", "decode tok/s", "bandwidth bound tok/s",
                 "decode / bound", "identical summaries", "ROUGE F1"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               "load seconds: a fresh process, imports included; variant seconds: summarizing the first "
               f"{max((r.get('articles', 0) for r in payload['variants']), default=0)} seed articles with the "
               "chat_lm config, after the warm-up (one prefill and a short generation: where torch.compile compiles).",
               f"bandwidth bound: copy bandwidth {payload['copy_bandwidth_gb_s']:.1f} GB/s divided by the bytes of "
               "weights read per decoding step, times the batch (one step reads the weights once for the batch); "
               "a batch's prefill and decode tok/s count every sequence in it.",
               "identical summaries: greedy output equal to float32's, article by article."],
        digits=2,
    )


def lm_backends_table(payload: dict) -> Table:
    target, load_target = payload.get("target_ratio", 1.10), payload.get("load_target_s", 0.5)
    rows = []
    for row in payload["rows"]:
        checks = []
        if "identical_to_plain" in row:
            checks.append(f"{row['identical_to_plain']}/{payload['articles']} summaries identical to the script's")
        if "identical_to_llama_cpp" in row:
            checks.append(f"{row['identical_to_llama_cpp']}/{payload['articles']} identical to llama_cpp's")
        rows.append([row["run"], row["process_s"], row["load_s"], row.get("prefill_tok_s"), row.get("decode_tok_s"),
                     row.get("new_tokens"), row["peak_mib"], "; ".join(checks)])
    package = next(r for r in payload["rows"] if "identical_to_plain" in r)
    met = payload["ratio"] <= target and package["load_s"] < load_target
    return Table(
        title=f"Chat LM backends against a plain llama-cpp-python script ({payload['model']}, "
              f"{payload['articles']} seeds, {payload['threads']} threads)",
        columns=["whole process", "seconds", "load s", "prefill tok/s", "decode tok/s", "new tokens", "peak MiB",
                 "check"],
        rows=rows,
        notes=[machine_line(payload["machine"]) + f"; llama-cpp-python {payload.get('llama_cpp_python', '?')}",
               f"chat_lm llama_cpp / plain script: {payload['ratio']:.3f} (target <= {target:.2f}), load "
               f"{package['load_s']:.2f} s (target < {load_target:.1f} s): {'met' if met else 'missed'}; fastest "
               f"of {payload['rounds']} alternating runs each (script: "
               + ", ".join(f"{s:.1f}" for s in payload["plain_runs_s"]) + " s; chat_lm: "
               + ", ".join(f"{s:.1f}" for s in payload["package_runs_s"]) + " s).",
               "seconds: a fresh process from start to exit with an empty cache (imports, config, seed loading, "
               "model load, generation, run folder); load s: the model load alone; peak MiB: VmHWM.",
               "same prompts and budget: chat_lm's chat messages for each seed, greedy, max_new_tokens "
               f"{payload['max_new_tokens']}, context_tokens 2048 so every seed is one generation (the shipped 1024 "
               "row summarizes the longest by map-reduce: more generations).",
               "prefill/decode tok/s: llama.cpp's own counters over the whole run; transformers: one seed's prompt, "
               "a 1-token and a 64-token greedy generation."],
        digits=2,
    )


def reproduce_table(payload: dict) -> Table:
    target, excluded = payload.get("warm_target_s", 30.0), payload.get("excluded", [])
    rows = [["cold (empty cache: GGUF converted, every summary computed, every classifier fitted)",
             payload["cold_s"], ""],
            [f"warm (full cache; median of {len(payload['warm_runs_s'])})", payload["warm_s"],
             f"< {target:.0f} s: {'met' if payload['warm_s'] < target else 'missed'}"]]
    if "cpu_reference_s" in payload:
        ratio, ratio_target = payload["warm_ratio"], payload["warm_ratio_target"]
        rows += [[f"warm, reuse off (--recompute: every config runs on the caches; median of "
                  f"{len(payload['recomputed_runs_s'])})", payload["recomputed_s"], ""],
                 ["CPU reference (10^7-iteration Python loop, median of 3, same run)", payload["cpu_reference_s"], ""],
                 ["warm / CPU reference (ratio)", ratio,
                  f"<= {ratio_target:g}x: {'met' if ratio <= ratio_target else 'missed'}"],
                 ["warm, reuse off / CPU reference (ratio)", payload["recomputed_ratio"], ""]]
    return Table(
        title="research reproduce: every table in results/, cold and warm",
        columns=["run", "seconds", "target"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               "Each run is a fresh process doing what `research reproduce --check --quiet` does (imports included) "
               "with its own RESEARCH_CACHE_DIR" + (f", every config in the manifest but {', '.join(excluded)} "
                                                   "(it renders this file)" if excluded else "") + ". A warm "
               "check reuses the whole stored run while no project file, installed library or native LM build "
               "changed (research.reproduce_memo); with that reuse off, warm runs reuse "
               "the cached summaries, de-quantised LM weights, classifier results (research.classification."
               "result_cache, whose models load only when asked for), learning curves, the faithfulness "
               "meta-evaluation, sentence verdicts and per-article summary scores (research.cache.memoised); what "
               "remains is imports, reading the caches, the bootstrap and permutation statistics, tables and figures.",
               "warm runs: " + ", ".join(f"{s:.1f} s" for s in payload["warm_runs_s"]) + "."],
        digits=1,
    )


def reproduce_profile_table(payload: dict) -> Table:
    return Table(
        title="research reproduce, warm: where the time goes (cProfile, top functions by own time)",
        columns=["function", "calls", "own s", "cumulative s"],
        rows=[[row["function"], row["calls"], row["own_s"], row["cumulative_s"]] for row in payload["profile_top"]],
        notes=["One more warm run with reuse off (--recompute) in a fresh process under cProfile (which slows it "
               "down), same cache as the table above. own: time in the function itself; cumulative: with what it "
               "calls."],
        digits=3,
    )


def faithfulness_table(payload: dict) -> Table:
    rows = [[name, r["sentences"], r["seconds"], r["sentences_per_s"]] for name, r in payload["checkers"].items()]
    return Table(
        title="Faithfulness checkers: sentences per second",
        columns=["checker", "sentences", "seconds", "sentences/s"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               f"The hand-written judgments of article {payload['article']}, judged against it; median of "
               f"{next(iter(payload['checkers'].values()))['rounds']} rounds, models loaded beforehand, per-text "
               "caches (MiniLM vectors, spaCy parses) cleared before each round (benchmarks/test_faithfulness.py)."],
        digits=2,
    )


def frank_checker_table(payload: dict) -> Table:
    rows = [[dataset, r["articles"], r["summaries"], r["sentences"], r["seconds"], r["sentences_per_s"]]
            for dataset, r in payload["datasets"].items()]
    return Table(
        title=f"The default checker ({payload['checker']}) on FRANK text: sentences per second",
        columns=["dataset", "articles", "summaries", "sentences", "seconds", "sentences/s"],
        rows=rows,
        notes=[machine_line(payload["machine"]),
               "Every summary of the first articles of each dataset in FRANK's validation file, each article "
               "parsed and encoded once for all its summaries (as the FRANK checker benchmark meets them); models "
               "loaded beforehand, per-text caches cleared before each dataset (benchmarks/test_faithfulness.py)."],
        digits=2,
    )


def scaling_figure(payload: dict) -> bytes:
    figure, axes = new_figure(9.0, 4.0)
    figure.delaxes(axes)
    time_axes, memory_axes = figure.add_subplot(1, 2, 1), figure.add_subplot(1, 2, 2)
    for stage in sorted({r["stage"] for r in payload["scaling"]}):
        rows = sorted((r for r in payload["scaling"] if r["stage"] == stage and not r.get("skipped")),
                      key=lambda r: r["copies"])
        time_axes.plot([r["copies"] for r in rows], [r["seconds"] for r in rows], marker="o", label=stage)
        memory_axes.plot([r["copies"] for r in rows], [max(r["peak_mib"], 0.1) for r in rows], marker="o",
                         label=stage)
    for ax, label in ((time_axes, "seconds"), (memory_axes, "peak MiB (growth)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("corpus copies")
        ax.set_ylabel(label)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend()
    return png_bytes(figure)


def run(config: BenchmarkReportConfig, context: RunContext) -> TaskOutput:
    overhead, a = _read(config.inputs.overhead)
    scaling, b = _read(config.inputs.scaling)
    lm, c = _read(config.inputs.lm)
    reproduce, d = _read(config.inputs.reproduce)
    backends, e = _read(config.inputs.lm_backends) if config.inputs.lm_backends else (None, b"")
    name = config.table
    tables = {name: overhead_table(overhead), f"{name}-scaling": scaling_table(scaling), f"{name}-lm": lm_table(lm),
              f"{name}-reproduce": reproduce_table(reproduce)}
    if "profile_top" in reproduce:
        tables[f"{name}-reproduce-profile"] = reproduce_profile_table(reproduce)
    f = b""
    if config.inputs.faithfulness is not None:
        faithfulness, f = _read(config.inputs.faithfulness)
        tables[f"{name}-faithfulness"] = faithfulness_table(faithfulness)
    if backends is not None:
        tables[f"{name}-lm-backends"] = lm_backends_table(backends)
    g = None
    if config.inputs.frank_checker is not None:
        frank, g = _read(config.inputs.frank_checker)
        tables[f"{name}-frank-checker"] = frank_checker_table(frank)
    # main's digest (the four inputs and faithfulness's, b"" when absent) unchanged while the others are unset
    extra = ((e,) if backends is not None else ()) + ((g,) if g is not None else ())
    digest = hashlib.sha256(b"\0".join((a, b, c, d, f) + extra)).hexdigest()
    context.logger.info("benchmark report from %s, %s, %s, %s, %s, %s", config.inputs.overhead, config.inputs.scaling,
                        config.inputs.lm, config.inputs.reproduce, config.inputs.faithfulness,
                        config.inputs.lm_backends)
    return TaskOutput(
        tables=tables, metrics={"inputs_sha256": digest}, input_hash=digest,
        figures={f"{name}-scaling": scaling_figure(scaling)},
        captions={f"{name}-scaling": "Benchmark scaling: time and peak memory against corpus copies (log-log)"},
    )


TASK = Task("benchmark_report", BenchmarkReportConfig, run)
