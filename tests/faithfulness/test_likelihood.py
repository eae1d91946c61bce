"""The ``likelihood`` checker and the LM layer's ``continuation_logprobs`` under it (the bundled GGUF, one thread)."""

import math

import numpy as np
import pytest

from research.errors import UserError
from research.faithfulness import build_checker, checker_names
from research.faithfulness.likelihood import (CONTEXT_TOKENS, HEAD, TAIL, Likelihood, prefix_tokens, prompt_text,
                                              sentence_logprobs)
from research.faithfulness.registry import get_checker
from research.lm import BUNDLED_LM, GenerationSettings, load_chat_model

SOURCE = ("Volunteers in Niamey are registering to defend the junta against a possible ECOWAS intervention.\n\n"
          "ECOWAS threatened to use force unless the junta reinstates President Bazoum.\n\n"
          "The junta closed Niger's airspace because of the threat of military intervention.")
COPIED = "The junta closed Niger's airspace because of the threat of military intervention."
SHUFFLED = "Airspace the military Niger's because intervention closed threat junta of the of."
ELSEWHERE = "The football club signed a new striker from Brazil for a record fee."


@pytest.fixture(scope="module")
def lm():
    """The model as the checker loads it (one thread; the same cached instance)."""
    return load_chat_model(BUNDLED_LM, "llama_cpp", threads=1, context_tokens=CONTEXT_TOKENS)


@pytest.fixture(scope="module")
def checker():
    return build_checker("likelihood", threads=1)


def from_scratch(lm, prefix: list[int], continuation: list[int]) -> list[float]:
    """log p of each continuation token from prefix + continuation decoded from position 0, chunk by chunk from the
    start with logits for every token (no prefix evaluated on its own, no KV cache kept from before)."""
    llama, sequence, rows = lm.llama, prefix + continuation, []
    llama.reset()
    llama._ctx.kv_cache_seq_rm(-1, 0, -1)
    for start in range(0, len(sequence), llama.n_batch):
        chunk = sequence[start:start + llama.n_batch]
        llama._batch.set_batch(batch=chunk, n_past=start, logits_all=True)
        llama._ctx.decode(llama._batch)
        logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(len(chunk) * llama.n_vocab(),))
        rows.append(logits.reshape(len(chunk), -1).astype(np.float64))
    logits = np.concatenate(rows)
    logprobs = logits - logits.max(axis=1, keepdims=True)
    logprobs -= np.log(np.exp(logprobs).sum(axis=1, keepdims=True))
    llama.reset()
    llama._ctx.kv_cache_seq_rm(-1, 0, -1)
    return [float(logprobs[len(prefix) - 1 + i, token]) for i, token in enumerate(continuation)]


def test_prefix_reuse_gives_the_log_probs_of_evaluating_everything_from_scratch(lm):
    prefix = lm.tokenize("Article: " + SOURCE.lower() + "\nSummary sentence:")
    other = lm.tokenize("Article: nothing happened.\nSummary sentence:")
    continuations = [lm.tokenize(" " + s.lower()) for s in (COPIED, SHUFFLED)] + [lm.tokenize(" ok")]
    longer = lm.tokenize(" " + " ".join([SOURCE] * 9))  # more than one batch of llama.cpp (n_batch tokens)
    assert len(longer) > lm.llama.n_batch
    expected = [from_scratch(lm, prefix, c) for c in continuations]
    first = lm.continuation_logprobs(prefix, continuations)
    again = lm.continuation_logprobs(prefix, continuations[::-1])  # the prefix kept from the call before
    lm.continuation_logprobs(other, continuations[:1])
    after_other = lm.continuation_logprobs(prefix, continuations[1:])  # the prefix evaluated again
    for got in (first, again[::-1], [first[0]] + after_other):
        assert [len(g) for g in got] == [len(c) for c in continuations]
        for g, e in zip(got, expected):
            assert np.allclose(g, e, rtol=0, atol=1e-3)
    # the model used otherwise in between: the KV cache no longer holds the prefix, which is evaluated again
    lm.generate_tokens([{"role": "user", "content": "Say yes."}], GenerationSettings(max_new_tokens=2))
    assert np.allclose(lm.continuation_logprobs(prefix, continuations[:1])[0], expected[0], rtol=0, atol=1e-3)
    lm.llama.reset()
    lm.llama.eval(other)  # exactly the next call's prefix, but not evaluated by continuation_logprobs
    assert np.allclose(lm.continuation_logprobs(other, continuations[:1])[0],
                       from_scratch(lm, other, continuations[0]), rtol=0, atol=1e-3)
    assert np.allclose(lm.continuation_logprobs(other, [longer])[0], from_scratch(lm, other, longer), rtol=0,
                       atol=1e-3)
    assert lm.continuation_logprobs(prefix, []) == []
    with pytest.raises(ValueError, match=r"continuations: every continuation must have at least one token, got \[\]"):
        lm.continuation_logprobs(prefix, [[]])


def test_the_prefix_is_evaluated_once_for_all_continuations_and_the_next_call_with_it(lm, monkeypatch):
    evaluated, eval_ = [], lm.llama.eval
    monkeypatch.setattr(lm.llama, "eval", lambda tokens: evaluated.append(list(tokens)) or eval_(tokens))
    prefix = lm.tokenize("Article: a short one.\nSummary sentence:")
    continuations = [lm.tokenize(s) for s in (" a short one.", " a long one.", " none.")]
    forward = lm.continuation_logprobs(prefix, continuations)
    assert forward == lm.continuation_logprobs(prefix, continuations[::-1])[::-1]
    assert evaluated == [prefix]


def test_a_sentence_copied_from_the_article_scores_higher_than_shuffled_words_or_another_topic(checker):
    copied, shuffled, elsewhere = checker.check(SOURCE, [COPIED, SHUFFLED, ELSEWHERE])
    assert 0 < shuffled.score < copied.score <= 1 and 0 < elsewhere.score < copied.score
    assert (copied.supported, shuffled.supported, elsewhere.supported) == (True, False, False)  # threshold 0.25
    assert copied.evidence == ()
    means = checker.mean_logprobs(SOURCE, [COPIED, SHUFFLED])
    assert [v.score for v in (copied, shuffled)] == pytest.approx([math.exp(m) for m in means])
    assert checker.check(SOURCE, []) == []


def test_article_and_sentence_are_lower_cased_unless_told_not_to(checker):
    assert prompt_text("The  Junta\n\nclosed\tNiger's airspace. ") == "the junta closed niger's airspace."
    assert prompt_text("The  Junta\n\nclosed", lowercase=False) == "The Junta closed"
    shouted = SOURCE.upper()
    base = checker.mean_logprobs(SOURCE, [COPIED])
    assert checker.mean_logprobs(shouted, [COPIED.upper()]) == base
    rows = sentence_logprobs(" ".join(SOURCE.lower().split()), [COPIED.lower()], threads=1)
    assert base == [sum(rows[0]) / len(rows[0])]
    cased = Likelihood(lowercase=False, threads=1)
    assert cased.mean_logprobs(SOURCE, [COPIED]) != base
    assert cased.mean_logprobs(SOURCE, [COPIED]) != cased.mean_logprobs(shouted, [COPIED.upper()])


def test_the_article_is_cut_to_article_tokens_and_further_when_a_sentence_would_not_fit(lm):
    article = " ".join(SOURCE.lower().split())
    body = lm.tokenize(" " + article)
    head, tail = lm.tokenize(HEAD), lm.tokenize(TAIL)
    assert prefix_tokens(lm, article, 1800, 20) == head + body + tail
    assert prefix_tokens(lm, article, 7, 20) == head + body[:7] + tail
    room = CONTEXT_TOKENS - len(head) - len(tail) - 5
    assert prefix_tokens(lm, article, 1800, room) == head + body[:5] + tail
    # what is cut away is not read: the sentence copied from the article's end loses its support
    full = Likelihood(threads=1).mean_logprobs(SOURCE, [COPIED])
    cut = Likelihood(article_tokens=20, threads=1).mean_logprobs(SOURCE, [COPIED])
    assert cut[0] < full[0] - 0.5


@pytest.mark.parametrize("options, message", [
    ({"article_tokens": 0}, "likelihood: article_tokens must be an integer from 1 to 1920, got 0"),
    ({"article_tokens": 1800.0}, "likelihood: article_tokens must be an integer from 1 to 1920, got 1800.0"),
    ({"lowercase": "yes"}, "likelihood: lowercase must be true or false, got 'yes'"),
    ({"threshold": 1.5}, "likelihood: threshold must be a number in [0, 1], got 1.5"),
    ({"threads": 0}, "likelihood: threads must be an integer >= 1 or null (OMP_NUM_THREADS or the physical cores), got 0"),
    ({"model": ""}, "likelihood: model must be 'SmolLM2-135M-Instruct' or a .gguf path, got ''"),
    ({"prompt": "x"}, "checker 'likelihood': got an unexpected keyword argument 'prompt'"),
])
def test_bad_options_are_one_line_naming_the_option_the_allowed_values_and_the_value(options, message):
    with pytest.raises(UserError) as error:
        build_checker("likelihood", **options)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_registry_builds_it_by_name_with_its_defaults():
    assert "likelihood" in checker_names()
    assert get_checker("likelihood") is Likelihood
    checker = build_checker("likelihood")
    assert isinstance(checker, Likelihood) and checker.name == "likelihood"
    assert (checker.model, checker.article_tokens, checker.lowercase, checker.threshold, checker.threads) == \
        (BUNDLED_LM, 1800, True, 0.25, None)
    assert build_checker("likelihood", detokenise=False).detokenise is False


def test_null_threads_follow_omp_num_threads(monkeypatch):
    from research.faithfulness.likelihood import thread_count

    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # what Ray sets in a task of one CPU
    assert thread_count(None) == 1 and thread_count(3) == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert thread_count(None) is None  # the loader's default: the physical cores
