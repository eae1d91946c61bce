"""chat_lm and extract_then_rewrite with the bundled SmolLM2-135M-Instruct GGUF (short generations)."""

import pytest

from research.cache import file_sha256
from research.errors import UserError
from research.models import smollm2_gguf
from research.summarization import Runtime, get_system, summarize_cached
from research.lm import resolve_model, transformers_backend
from research.lm.transformers_backend import TransformersChatModel
from research.summarization import prompting as lm
from research.text.sentences import text_sentences

CPU = Runtime(device="cpu", dtype="float32")


@pytest.mark.parametrize("raw, clean", [
    ("Here is a summary of the article:\n\nNiger closed its airspace.", "Niger closed its airspace."),
    ("Sure! Here's a 60-word summary: Niger closed its airspace.", "Niger closed its airspace."),
    ("**Summary:** Niger closed its airspace.", "Niger closed its airspace."),
    ("Summary of the news article:\n- Niger closed its airspace.\n- ECOWAS met.",
     "Niger closed its airspace. ECOWAS met."),
    ('"Niger closed its airspace."', "Niger closed its airspace."),
    ("Niger closed its airspace. Here is why: fear.", "Niger closed its airspace. Here is why: fear."),
])
def test_strip_preamble(raw, clean):
    assert lm.strip_preamble(raw) == clean


@pytest.mark.parametrize("prompt, message", [
    ("Summarize this.", "ChatLM: parameter 'prompt': the template must contain {text}"),
    ("{text} in {words}", "ChatLM: parameter 'prompt': unknown placeholder {words} (use {text} and {length})"),
    ("{text} {", "ChatLM: parameter 'prompt': not a valid template (Single '{' encountered in format string); "
                 "write literal braces as {{ and }}"),
])
def test_prompt_templates_are_checked(prompt, message):
    with pytest.raises(ValueError) as error:
        get_system("chat_lm")(prompt=prompt)
    assert str(error.value) == message


def test_context_budget_must_leave_room_for_a_prompt():
    with pytest.raises(ValueError) as error:
        get_system("chat_lm")(max_new_tokens=100, context_tokens=200)
    assert str(error.value) == ("ChatLM: parameter 'context_tokens': must be at least 2 * max_new_tokens + 64 = 264 "
                                "so a prompt fits, got 200")


def test_unknown_model_path_is_a_user_error():
    with pytest.raises(UserError) as error:
        get_system("chat_lm")(model="nowhere.gguf").cache_identity()
    assert str(error.value) == ("chat model 'nowhere.gguf' (backend 'transformers') is neither "
                                "'SmolLM2-135M-Instruct', an existing .gguf file, nor a local folder with config.json")


def test_gguf_is_converted_once_then_loaded_from_the_cache(chat_generator, session_cache, monkeypatch):
    folder = transformers_backend.weights_folder(resolve_model("SmolLM2-135M-Instruct"))
    assert folder.parent == session_cache / "gguf-weights"
    assert {"model.safetensors", "config.json", "tokenizer.json", "chat_template.jinja"} <= {
        p.name for p in folder.iterdir()}

    def no_conversion(gguf, target):
        raise AssertionError("the GGUF was de-quantised again")

    monkeypatch.setattr(transformers_backend, "convert_gguf", no_conversion)
    assert transformers_backend.weights_folder(resolve_model("SmolLM2-135M-Instruct")) == folder
    reloaded = TransformersChatModel.load(str(folder), "cpu", "float32")  # a fresh load from the safetensors folder
    original = chat_generator.model.state_dict()
    for name, tensor in reloaded.model.state_dict().items():
        assert tensor.equal(original[name]), name
    assert reloaded.tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False) == (
        chat_generator.tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False))


def test_chat_lm_cache_key_has_the_gguf_hash_and_runtime():
    identity = get_system("chat_lm")(runtime=CPU).cache_identity()
    assert identity["inputs"]["fingerprint"] == {"model_sha256": file_sha256(smollm2_gguf())}
    assert identity["config"]["runtime"] == {"backend": "transformers", "device": "cpu", "dtype": "float32",
                                             "batch_size": 8}
    assert {"transformers", "torch"} <= set(identity["versions"])
    one_at_a_time = get_system("chat_lm")(runtime=Runtime(device="cpu", dtype="float32", batch_size=1))
    assert one_at_a_time.cache_identity()["config"]["runtime"] == {"backend": "transformers", "device": "cpu",
                                                                   "dtype": "float32"}


def test_a_batch_generates_the_articles_that_fit_together(chat_generator, texts):
    params = {"max_new_tokens": 24, "budget": {"words": 40}}
    batched = get_system("chat_lm")(**params, runtime=CPU)  # batch_size 8
    alone = get_system("chat_lm")(**params, runtime=Runtime(device="cpu", dtype="float32", batch_size=1))
    chosen = [texts[0], texts[2], texts[4]]
    before = chat_generator.calls
    summaries = batched.summarize(chosen)
    assert chat_generator.calls == before + 1  # one left-padded generate call for the three
    assert summaries == alone.summarize(chosen)  # greedy float32: padding did not change an answer here


def test_chat_lm_summarizes_an_article(chat_generator, texts):
    system = get_system("chat_lm")(max_new_tokens=24, budget={"words": 60}, runtime=CPU)
    before = chat_generator.calls
    stats: dict = {}
    (summary,) = summarize_cached(system, texts[4:5], stats=stats)
    assert chat_generator.calls == before + 1  # the article fits the context budget: one generation
    assert 0 < len(summary.split()) <= 60
    assert not summary.lower().startswith(("here", "sure", "summary"))
    assert summarize_cached(system, texts[4:5], stats=stats) == [summary]
    assert stats == {"cached": 1, "computed": 0} and chat_generator.calls == before + 1


def test_greedy_generation_is_deterministic(chat_generator):
    settings = get_system("chat_lm")(max_new_tokens=6).params.generation()
    messages = lm.messages_for("Answer briefly.", "Name the capital of Niger.")
    assert chat_generator.generate(messages, settings) == chat_generator.generate(messages, settings)


def test_long_articles_go_through_map_reduce(chat_generator, texts, monkeypatch):
    system = get_system("chat_lm")(
        max_new_tokens=16, context_tokens=400, system_prompt="You summarize news.",
        prompt="Summarize in at most {length}:\n{text}", runtime=CPU)
    prompts = []
    generate = chat_generator.generate

    def recording(messages, params):
        prompts.append((chat_generator.count_tokens(messages), messages[-1]["content"]))
        return generate(messages, params)

    monkeypatch.setattr(chat_generator, "generate", recording)
    (summary,) = system.summarize(texts[4:5])
    assert chat_generator.count_tokens(lm.messages_for("You summarize news.", texts[4])) > 400
    assert len(prompts) >= 3  # at least two chunks, then the reduce step
    assert all(tokens <= 400 - 16 for tokens, _ in prompts)
    assert prompts[-1][1].startswith("The texts below summarise consecutive parts of one news article.")
    first_sentence = text_sentences(texts[4])[0]
    assert first_sentence in prompts[0][1] and first_sentence not in prompts[1][1]
    assert 0 < len(summary.split()) <= 60


def test_extract_then_rewrite_shows_the_model_only_the_extract(chat_generator, texts, monkeypatch):
    system = get_system("extract_then_rewrite")(extractor="textrank", extract_budget={"sentences": 2},
                                                max_new_tokens=24, budget={"words": 40}, runtime=CPU)
    (extract,) = system.extract(texts[2:3])
    assert extract == get_system("textrank")(budget={"sentences": 2}).summarize(texts[2:3])[0]
    seen = []
    generate = chat_generator.generate
    monkeypatch.setattr(chat_generator, "generate", lambda messages, params: seen.append(messages) or generate(
        messages, params))
    (summary,) = system.summarize(texts[2:3])
    assert len(seen) == 1
    user = seen[0][-1]["content"]
    assert user.startswith("Rewrite these sentences from a news article as one short summary of at most 40 words.")
    assert user.endswith("Sentences:\n" + extract)
    assert 0 < len(summary.split()) <= 40
