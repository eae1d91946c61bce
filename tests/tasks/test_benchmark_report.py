"""The benchmark report renders tables and the figure from saved benchmark JSON (tiny inline fixture)."""

import json

import pytest
import yaml

from research.errors import DataError
from research.runs import run_experiment

MACHINE = {"cpu": "Test CPU", "cores": 2, "python": "3.11.7", "torch": "2.13.0+cpu", "torch_blas": "mkl",
           "torch_threads": 2, "numpy": "2.4.6", "blas": "openblas 0.3.30", "sklearn": "1.9.1"}
OVERHEAD = {"machine": MACHINE, "target_ratio": 1.1, "overhead": {
    "rouge_evaluate": {"research_s": 0.125, "raw_s": 0.1, "ratio": 1.25, "rounds": 3, "n_summaries": 5},
    "tfidf_logreg": {"research_s": 0.021, "raw_s": 0.02, "ratio": 1.05, "rounds": 3, "n_texts": 57},
}}
SCALING = {"machine": MACHINE, "seed": 0, "budget_s": 300.0, "scaling": [
    {"stage": "tfidf", "copies": 10, "skipped": False, "items": 570, "unit": "paragraphs", "seconds": 0.2,
     "peak_mib": 7.0},
    {"stage": "load", "copies": 1, "skipped": False, "items": 5, "unit": "articles", "seconds": 0.05,
     "peak_mib": 0.125, "dedup_seconds": 0.001},
    {"stage": "load", "copies": 10, "skipped": True, "predicted_seconds": 512.4},
    {"stage": "load-distinct", "copies": 1, "skipped": False, "items": 5, "unit": "articles", "seconds": 0.004,
     "cpu_seconds": 0.002, "load_average": 1.5, "peak_mib": 0.5, "dedup_seconds": 0.001},
    {"stage": "load-distinct", "copies": 10, "skipped": True, "timed_out_s": 600.0, "predicted_seconds": 8.0},
    {"stage": "tfidf", "copies": 1, "skipped": False, "items": 57, "unit": "paragraphs", "seconds": 0.04,
     "peak_mib": 6.5},
]}
LM = {"machine": MACHINE, "model": "SmolLM2-135M-Instruct", "device": "cpu", "torch_threads": 2,
      "cold_load": {"import_s": 2.0, "load_s": 10.0, "total_s": 12.0},
      "warm_load": {"import_s": 2.0, "load_s": 1.5, "total_s": 3.5}, "warm_load_target_s": 5.0,
      "copy_bandwidth_gb_s": 10.0, "variants": [
          {"variant": "float32 (default)", "summarize_s": 20.0, "prefill_tok_s": 500.0, "decode_tok_s": 25.0,
           "bound_tok_s": 18.5, "bound_ratio": 1.35, "identical_outputs": 5, "articles": 5, "rouge1_f": 0.4,
           "rougeL_f": 0.3},
          {"variant": "batched", "summarize_s": 10.0, "warmup_s": 1.25, "batch": 4, "prefill_tok_s": 900.0,
           "decode_tok_s": 60.0, "bound_tok_s": 74.0, "bound_ratio": 0.81, "identical_outputs": 5, "articles": 5,
           "rouge1_f": 0.4, "rougeL_f": 0.3},
          {"variant": "torch.compile", "error": "RuntimeError: no compiler"}]}
BACKENDS = {"machine": MACHINE, "model": "SmolLM2", "threads": 2, "articles": 5, "max_new_tokens": 120,
            "rounds": 2, "plain_runs_s": [20.0, 21.0], "package_runs_s": [21.5, 21.0], "ratio": 1.05,
            "target_ratio": 1.1, "load_target_s": 0.5, "llama_cpp_python": "0.3.36", "rows": [
                {"run": "plain", "process_s": 20.0, "load_s": 0.25, "prefill_tok_s": 900.0, "decode_tok_s": 80.0,
                 "new_tokens": 500, "peak_mib": 300.0},
                {"run": "chat_lm llama_cpp", "process_s": 21.0, "load_s": 0.3, "prefill_tok_s": 890.0,
                 "decode_tok_s": 79.0, "new_tokens": 500, "peak_mib": 700.0, "identical_to_plain": 5},
                {"run": "chat_lm transformers", "process_s": 40.0, "load_s": 20.0, "peak_mib": 1500.0,
                 "identical_to_llama_cpp": 1}]}
REPRODUCE = {"machine": MACHINE, "cold_s": 130.04, "warm_s": 16.25, "warm_runs_s": [16.25, 17.0, 15.5],
             "warm_target_s": 30.0}


@pytest.fixture()
def config(tmp_path):
    paths = {}
    for name, payload in (("overhead", OVERHEAD), ("scaling", SCALING), ("lm", LM), ("reproduce", REPRODUCE),
                          ("lm_backends", BACKENDS)):
        paths[name] = tmp_path / f"{name}.json"
        paths[name].write_text(json.dumps(payload))
    path = tmp_path / "benchmark-report.yaml"
    path.write_text(yaml.safe_dump({"experiment": "benchmark_report", "seed": 0, "table": "bench",
                                    "inputs": {k: str(v) for k, v in paths.items()}}))
    return path, paths


MACHINE_NOTE = ("- machine: Test CPU, 2 cores; Python 3.11.7, torch 2.13.0+cpu (BLAS mkl, 2 threads), numpy 2.4.6 "
                "(BLAS openblas 0.3.30), scikit-learn 1.9.1")


def test_report_renders_exact_tables(config, tmp_path):
    path, _ = config
    output = run_experiment(path, experiments_dir=tmp_path / "experiments", progress=False).output
    assert sorted(output.tables) == ["bench", "bench-lm", "bench-lm-backends", "bench-reproduce", "bench-scaling"]
    assert output.tables["bench"].to_markdown() == (
        "# Overhead against the raw libraries (median ms per call, measured side by side)\n\n"
        "| comparison | research ms | raw ms | ratio | <= 1.10 |\n| --- | --- | --- | --- | --- |\n"
        "| ROUGE: research evaluate (in process) vs rouge_score loop | 125.000 | 100.000 | 1.250 | no |\n"
        "| TF-IDF + LogisticRegression fit+predict: research vs sklearn Pipeline | 21.000 | 20.000 | 1.050 | yes |\n"
        "\n" + MACHINE_NOTE + "\n"
        "- ratio: research / raw, medians of alternating calls in one process; both give identical outputs.\n"
        "- research.classification.fit limits BLAS to one thread (57 short texts); the second TF-IDF row shows the "
        "raw Pipeline with the default threads.\n")
    assert output.tables["bench-scaling"].to_csv() == (
        "stage,copies,items,seconds,peak MiB,ms per item,note\n"
        "load,1,5 articles,0.050,0.125,10.000,near-duplicate pass 0.00 s\n"
        "load,10,,,,,skipped: about 512 s predicted\n"
        "load-distinct,1,5 articles,0.004,0.500,0.800,near-duplicate pass 0.00 s; CPU 0.00 s; load average 1.5\n"
        "load-distinct,10,,,,,stopped after 600 s (about 8 s predicted)\n"
        "tfidf,1,57 paragraphs,0.040,6.500,0.702,\n"
        "tfidf,10,570 paragraphs,0.200,7.000,0.351,\n")
    assert output.tables["bench-scaling"].notes[-1] == (
        "load_articles, ms per article: identical paragraphs 10.00 at 1 copies; distinct paragraphs 0.80, 0.40 CPU "
        "at 1 copies.")
    assert output.tables["bench-lm"].to_csv() == (
        "what,seconds,warm-up s,prefill tok/s,decode tok/s,bandwidth bound tok/s,decode / bound,identical summaries,"
        "ROUGE F1\n"
        "cold load (empty cache: GGUF de-quantised and saved),12.00,,,,,,,\n"
        "warm load (cached weights; target < 5 s),3.50,,,,,,,\n"
        "float32 (default),20.00,,500.00,25.00,18.50,1.35,5/5,\"R1 40.00, RL 30.00\"\n"
        "batched; prefill and decode: a batch of 4,10.00,1.25,900.00,60.00,74.00,0.81,5/5,\"R1 40.00, RL 30.00\"\n"
        "torch.compile,,,,,,,,RuntimeError: no compiler\n")
    assert output.tables["bench-lm-backends"].to_csv() == (
        "whole process,seconds,load s,prefill tok/s,decode tok/s,new tokens,peak MiB,check\n"
        "plain,20.00,0.25,900.00,80.00,500,300.00,\n"
        "chat_lm llama_cpp,21.00,0.30,890.00,79.00,500,700.00,5/5 summaries identical to the script's\n"
        "chat_lm transformers,40.00,20.00,,,,1500.00,1/5 identical to llama_cpp's\n")
    assert output.tables["bench-lm-backends"].notes[1] == (
        "chat_lm llama_cpp / plain script: 1.050 (target <= 1.10), load 0.30 s (target < 0.5 s): met; fastest of 2 "
        "alternating runs each (script: 20.0, 21.0 s; chat_lm: 21.5, 21.0 s).")
    assert output.tables["bench-reproduce"].to_csv() == (
        "run,seconds,target\n"
        "\"cold (empty cache: GGUF converted, every summary computed, every classifier fitted)\",130.0,\n"
        "warm (full cache; median of 3),16.2,< 30 s: met\n")
    assert output.tables["bench-reproduce"].notes[-1] == "warm runs: 16.2 s, 17.0 s, 15.5 s."
    assert list(output.figures) == ["bench-scaling"] and output.figures["bench-scaling"].startswith(b"\x89PNG")


def test_report_is_byte_identical_across_runs(config, tmp_path):
    path, _ = config
    first = run_experiment(path, experiments_dir=tmp_path / "a", progress=False).output
    second = run_experiment(path, experiments_dir=tmp_path / "b", progress=False).output
    assert first.figures == second.figures
    assert {k: t.to_markdown() for k, t in first.tables.items()} == {k: t.to_markdown() for k, t in second.tables.items()}


def test_missing_results_file_is_one_line_error(config, tmp_path):
    path, paths = config
    paths["lm"].unlink()
    with pytest.raises(DataError) as info:
        run_experiment(path, experiments_dir=tmp_path / "experiments", progress=False)
    assert str(info.value) == f"{paths['lm']}: cannot read benchmark results (No such file or directory); run `make bench`"


def test_the_backends_table_waits_for_its_measurement(config, tmp_path):
    path, paths = config
    data = yaml.safe_load(path.read_text())
    del data["inputs"]["lm_backends"]
    path.write_text(yaml.safe_dump(data))
    output = run_experiment(path, experiments_dir=tmp_path / "experiments", progress=False).output
    assert sorted(output.tables) == ["bench", "bench-lm", "bench-reproduce", "bench-scaling"]
