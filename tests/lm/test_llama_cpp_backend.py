"""The llama.cpp backend on the bundled GGUF: its chat template, greedy decoding, batching, next-token scores."""

import math

import pytest

from research.errors import UserError
from research.lm import GenerationSettings, load_chat_model
from research.summarization.prompting import messages_for

QUESTION = messages_for("Answer briefly.", "Name the capital of Niger.")


def test_the_prompt_is_the_gguf_chat_template_tokenised_like_transformers(llama_generator, chat_generator, texts):
    assert llama_generator.render(QUESTION) == chat_generator.tokenizer.apply_chat_template(
        QUESTION, add_generation_prompt=True, tokenize=False)
    article = messages_for(None, "Summarize:\n" + texts[1])  # the template's own system message
    assert llama_generator.encode(article) == chat_generator.encode(article)
    assert llama_generator.encode(QUESTION) == chat_generator.encode(QUESTION)


def test_threads_seed_and_context_come_from_the_call(llama_generator):
    llama = llama_generator.llama
    assert (llama.n_threads, llama.n_threads_batch, llama.n_ctx()) == (1, 1, 1024)
    assert llama._seed == 13


def test_greedy_generation_is_deterministic_and_stops_at_the_end_token(llama_generator):
    settings = GenerationSettings(max_new_tokens=40)
    tokens = llama_generator.generate_tokens(QUESTION, settings)
    assert 0 < len(tokens) < 40  # stopped by <|im_end|>, which is not part of the answer
    assert llama_generator.generate(QUESTION, settings) == llama_generator.decode(tokens)
    assert llama_generator.generate_tokens(QUESTION, settings) == tokens
    assert llama_generator.decode(tokens) == ("Niger is a country located in West Africa, bordered by several other "
                                              "countries in the continent of Africa.")  # a 135M model's answer
    assert len(llama_generator.generate_tokens(QUESTION, GenerationSettings(max_new_tokens=2))) == 2


def test_many_conversations_give_the_answers_of_one_at_a_time(llama_generator, texts):
    settings = GenerationSettings(max_new_tokens=12)
    conversations = [messages_for(None, "Summarize:\n" + t[:600]) for t in texts[:3]] + [QUESTION]
    alone = [llama_generator.generate(c, settings) for c in conversations]
    before = llama_generator.calls
    assert llama_generator.generate_many(conversations, settings) == alone
    assert llama_generator.calls == before + 1
    assert llama_generator.generate_many(conversations[::-1], settings) == alone[::-1]  # no dependence on order


def test_next_token_logprobs_are_the_model_distribution(llama_generator):
    greedy = llama_generator.generate_tokens(QUESTION, GenerationSettings(max_new_tokens=2))
    first = llama_generator.decode(greedy[:1])
    two = llama_generator.decode(greedy)
    scores = llama_generator.next_token_logprobs(QUESTION, [first, "Paris", two])
    assert list(scores) == [first, "Paris", two]
    assert all(score < 0 for score in scores.values())
    assert scores[first] > scores["Paris"]  # the greedy token has the highest probability
    assert scores[two] < scores[first]  # a longer answer adds its second token's (negative) log-probability
    assert scores == llama_generator.next_token_logprobs(QUESTION, [first, "Paris", two])


def test_next_token_logprobs_agree_across_backends(llama_generator, chat_generator):
    candidates = ["Yes", "No", "Niamey", "The capital"]
    quantised = llama_generator.next_token_logprobs(QUESTION, candidates)
    dequantised = chat_generator.next_token_logprobs(QUESTION, candidates)
    assert max(quantised, key=quantised.get) == max(dequantised, key=dequantised.get)
    for candidate in candidates:  # 8-bit activations against float32: close, not equal
        assert math.isclose(quantised[candidate], dequantised[candidate], abs_tol=0.5), candidate


def test_continuation_logprobs_agree_across_backends(llama_generator, chat_generator):
    prefix = llama_generator.tokenize("Article: Niamey is the capital of Niger.\nSummary sentence:")
    continuations = [llama_generator.tokenize(s) for s in (" Niamey is the capital of Niger.", " Paris is big.")]
    assert chat_generator.tokenize(" Paris is big.") == continuations[1]  # one tokenizer, two libraries
    quantised = llama_generator.continuation_logprobs(prefix, continuations)
    dequantised = chat_generator.continuation_logprobs(prefix, continuations)
    assert [len(q) for q in quantised] == [len(d) for d in dequantised] == [len(c) for c in continuations]
    for q, d in zip(quantised, dequantised):  # 8-bit activations against float32: close, not equal
        assert max(abs(a - b) for a, b in zip(q, d)) < 0.5
    assert sum(quantised[0]) / len(quantised[0]) > sum(quantised[1]) / len(quantised[1])


@pytest.mark.parametrize("candidates, message", [
    ([], "candidates: give at least one candidate answer"),
    (["Yes", ""], "candidates: every candidate must be a non-empty string, got ''"),
])
def test_candidates_are_checked(llama_generator, candidates, message):
    with pytest.raises(ValueError) as error:
        llama_generator.next_token_logprobs(QUESTION, candidates)
    assert str(error.value) == message


def test_a_file_that_is_not_a_gguf_is_a_user_error(tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"not a model")
    with pytest.raises(UserError) as error:
        load_chat_model(str(bad), "llama_cpp", threads=1)
    assert str(error.value).startswith(f"{bad}: llama.cpp cannot load this GGUF (backend 'llama_cpp'): ")
    assert "\n" not in str(error.value)


def test_llama_cpp_runs_on_the_cpu_only():
    with pytest.raises(UserError) as error:
        load_chat_model("SmolLM2-135M-Instruct", "llama_cpp", device="cuda")
    assert str(error.value) == ("backend 'llama_cpp' runs on the CPU in this build; use device: auto or cpu, "
                                "or backend: transformers")


def test_the_thread_count_does_not_change_the_answer(llama_generator, texts):
    """Why threads are not in the summary cache key: each output value is computed by one thread."""
    two_threads = load_chat_model("SmolLM2-135M-Instruct", "llama_cpp", threads=2, seed=13, context_tokens=1024)
    assert two_threads is not llama_generator and two_threads.llama.n_threads == 2
    messages = messages_for(None, "Summarize:\n" + texts[3][:600])
    settings = GenerationSettings(max_new_tokens=6)
    assert two_threads.generate_tokens(messages, settings) == llama_generator.generate_tokens(messages, settings)
