"""chat_lm and extract_then_rewrite on the llama_cpp backend: cache keys, batching, agreement with transformers."""

import json
from importlib.metadata import version

import pytest

from research.cli import main
from research.lm import build_identity, loading
from research.paths import CONFIGS
from research.summarization import Runtime, get_system, summarize_cached
from research.tasks.lm_agreement import compare

CPU = Runtime(device="cpu", threads=1, seed=13)


def test_the_cache_key_has_the_backend_and_the_llama_cpp_python_version():
    llama = get_system("chat_lm")(backend="llama_cpp", runtime=CPU).cache_identity()
    assert llama["config"]["runtime"] == {"backend": "llama_cpp", "device": "cpu", "dtype": "gguf",
                                          "build": build_identity("llama_cpp")}
    assert llama["versions"]["llama-cpp-python"] == version("llama-cpp-python")
    assert llama["config"]["params"]["backend"] == "llama_cpp"
    rewrite = get_system("extract_then_rewrite")(backend="llama_cpp", runtime=CPU).cache_identity()
    assert {"llama-cpp-python", "sumy", "nltk", "sentence-transformers"} <= set(rewrite["versions"])
    transformers = get_system("chat_lm")(runtime=Runtime(device="cpu", dtype="float32")).cache_identity()
    assert transformers["config"]["runtime"]["backend"] == "transformers"
    assert llama["inputs"]["fingerprint"] == transformers["inputs"]["fingerprint"]


def test_the_llama_cpp_build_is_the_pinned_one_and_in_the_cache_key(monkeypatch):
    # the Makefile builds with GGML_NATIVE=OFF: AVX2, FMA and F16C, never AVX-512, on every x86-64 machine
    build = build_identity("llama_cpp")
    assert "AVX2 = 1" in build and "FMA = 1" in build and "AVX512" not in build
    assert build_identity("transformers") == ""
    before = get_system("chat_lm")(backend="llama_cpp", runtime=CPU).cache_identity()
    monkeypatch.setattr(loading, "build_identity", lambda backend: "CPU : AVX512 = 1 |")
    after = get_system("chat_lm")(backend="llama_cpp", runtime=CPU).cache_identity()
    assert after["config"]["runtime"]["build"] == "CPU : AVX512 = 1 |" and after != before


def test_llama_cpp_has_no_no_repeat_ngram_size():
    with pytest.raises(ValueError) as error:
        get_system("chat_lm")(backend="llama_cpp", no_repeat_ngram_size=3)
    assert str(error.value) == ("ChatLM: parameter 'no_repeat_ngram_size': must be 0 on backend 'llama_cpp' "
                                "(llama.cpp has no such option), got 3")


def test_a_batch_on_llama_cpp_gives_the_summaries_of_one_at_a_time(llama_generator, texts):
    params = {"backend": "llama_cpp", "max_new_tokens": 24, "context_tokens": 1024, "budget": {"words": 40}}
    batched = get_system("chat_lm")(**params, runtime=Runtime(device="cpu", threads=1, seed=13, batch_size=8))
    alone = get_system("chat_lm")(**params, runtime=Runtime(device="cpu", threads=1, seed=13, batch_size=1))
    assert batched.generator() is llama_generator
    chosen = [texts[0][:600], texts[2][:600], texts[4][:600]]  # short prompts: one thread prefills slowly
    before = llama_generator.calls
    summaries = batched.summarize(chosen)
    assert llama_generator.calls == before + 1  # one generate_many call for the three
    assert summaries == alone.summarize(chosen)
    assert batched.cache_identity() == alone.cache_identity()  # so they share cache entries


def test_backends_agree_on_the_seeds(chat_generator, llama_generator, texts):
    """Short summaries of three seeds on both backends: two are identical. The third differs from its first token:
    the two backends rank the top first tokens in a different order (a near tie, as measured on 2026-12-02), which
    the agreement report shows rather than hides."""
    params = {"max_new_tokens": 24, "context_tokens": 1024, "budget": {"words": 40}}
    llama = get_system("chat_lm")(backend="llama_cpp", **params, runtime=CPU)
    transformers = get_system("chat_lm")(backend="transformers", **params,
                                         runtime=Runtime(device="cpu", dtype="float32", batch_size=1))
    chosen = [texts[0], texts[2], texts[4]]
    pairs = list(zip(summarize_cached(transformers, chosen), summarize_cached(llama, chosen)))
    agreements = [compare(a, b, llama_generator.tokenize) for a, b in pairs]
    assert [c["identical"] for c in agreements] == [True, True, False], agreements
    assert agreements[2]["rougeL_f"] > 0.1, agreements  # the same article, told in other words


def test_a_broken_gguf_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Niger closed its airspace. ECOWAS met in Abuja."}) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["summarize", "--config", str(CONFIGS / "summarize-chat-lm.yaml"), "--input", str(source),
                 "--output", str(out), "--set", f"system.model={bad}", "--set", "system.backend=llama_cpp",
                 "--set", "cache=false", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.startswith(f"error: {bad}: llama.cpp cannot load this GGUF (backend 'llama_cpp'): ")
    assert err.count("\n") == 1
