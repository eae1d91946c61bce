"""The verified summarizer's pipeline on a tiny inline article, with a stub checker, a fake LM and a word encoder.

The stubs make every decision checkable: the checker rejects exactly the sentences in ``FALSE`` (with a fixed
evidence sentence), the LM answers from a table, and sentence vectors are bags of words. The real LM and
checker run in tests/summarization/test_every_system.py and in `research reproduce`.
"""

import re

import numpy as np
import pytest

from research.tasks import load_config
from research.errors import ConfigError
from research.faithfulness.base import Verdict
from research.summarization import Runtime, get_system
from research.summarization.verified_params import COMPRESS_PROMPT, REPAIR_PROMPT

ARTICLE = ("Soldiers seized power in Niamey on 26 July and detained President Bazoum in his residence.\n\n"
           "ECOWAS threatened to use force unless the junta reinstated Bazoum.\n\n"
           "Volunteers in Niamey signed up to defend the country against an intervention.\n\n"
           "Markets stayed open.")
S1, S2, S3, S4 = (s.replace("\n", "") for s in ARTICLE.split("\n\n"))
FALSE_DRAFT = "Volunteers signed up to fight against the junta."
DRAFT = f"Soldiers seized power in Niamey on 26 July. {FALSE_DRAFT}"
SHORT_S1 = "Soldiers seized power in Niamey and detained Bazoum."
FALSE_REWRITE = "Volunteers signed up to fight ECOWAS."
FALSE = {FALSE_DRAFT, FALSE_REWRITE}


class StubChecker:
    """Rejects the sentences in FALSE; the evidence is always the volunteers sentence of the article."""

    def __init__(self):
        self.calls = []

    def check(self, source, sentences):
        self.calls.append(list(sentences))
        return [Verdict(0.0 if s in FALSE else 1.0, s not in FALSE, (S3,)) for s in sentences]


def fake_lm(rewrite: str):
    def generate(user: str, max_new_tokens: int) -> str:
        if user == COMPRESS_PROMPT.format(text=S1, length="8 words"):
            return f"Sure! Here is the shortened sentence: {SHORT_S1}"
        if user.startswith(REPAIR_PROMPT.split("{")[0]):
            return rewrite
        return S1  # any other compression: no shorter, so not kept
    return generate


def encode(texts):
    """Bag-of-words unit vectors over the article's vocabulary (a stand-in for MiniLM)."""
    vocabulary = sorted(set(re.findall(r"\w+", ARTICLE.lower())) | {"fight", "against", "ecowas"})
    rows = np.array([[re.findall(r"\w+", t.lower()).count(w) for w in vocabulary] for t in texts], dtype=float)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


def build(budget=None, rewrite=FALSE_REWRITE, **params):
    params = {"extractors": ["lead"], "extract_budget": {"sentences": 2}, "compress_words": 8, "guards": [],
              **params}
    system = get_system("verified")(budget=budget or {"words": 30}, runtime=Runtime(device="cpu"), **params)
    system.checkers = [StubChecker()]
    system.encoder = encode
    system.generate = fake_lm(rewrite)
    system.lm_drafts = lambda text: [DRAFT]
    return system


def test_candidates_are_the_draft_the_extracts_and_the_kept_compressions():
    assert build().candidates(ARTICLE) == {
        "draft:0": ["Soldiers seized power in Niamey on 26 July.", FALSE_DRAFT],
        "extract:lead": [S1, S2],
        "compress": [SHORT_S1],  # S2's answer (S1 again) is no shorter than S2: dropped
    }


def test_select_keeps_no_unsupported_sentence_and_repairs_from_the_evidence():
    system = build()
    trace = system.run(ARTICLE)
    # the false draft sentence and the LM's false rewrite are both rejected: the evidence sentence replaces it
    assert trace.unsupported == [FALSE_DRAFT]
    assert trace.repaired == {FALSE_DRAFT: S3}
    assert trace.summary == f"{SHORT_S1} {S2} {S3}"
    assert [s for s in FALSE if s in trace.summary] == []


def test_verify_drops_and_repair_replaces_before_the_final_check():
    """The verify step itself, not only the final check behind it, keeps no rejected sentence."""
    from research.summarization.verified import Trace

    assert build().verified(ARTICLE, [S1, FALSE_DRAFT, S2], Trace(), repair=False) == [S1, S2]
    assert build().verified(ARTICLE, [S1, FALSE_DRAFT, S2], Trace(), repair=True) == [S1, S3, S2]
    assert build(rewrite=FALSE_REWRITE).repair(ARTICLE, FALSE_DRAFT, ()) is None  # no evidence: dropped


def test_a_guard_rejects_what_the_checker_accepts():
    """A checker that accepts everything, plus the deletion guard: the draft's invented role is still rejected."""
    from research.summarization.deletion import Deletion

    class AcceptAll:
        def check(self, source, sentences):
            return [Verdict(1.0, True, (S3,)) for _ in sentences]

    system = build(stage="verify")
    system.checkers = [AcceptAll(), Deletion()]
    trace = system.run(ARTICLE)
    assert trace.unsupported == [FALSE_DRAFT]  # "fight against the junta" is in no article sentence
    assert trace.summary == "Soldiers seized power in Niamey on 26 July."  # a deletion of the first sentence


def test_a_supported_rewrite_replaces_the_false_sentence():
    rewrite = "Volunteers signed up to defend the country."
    trace = build(stage="repair", rewrite=rewrite).run(ARTICLE)
    assert trace.repaired == {FALSE_DRAFT: rewrite}
    assert trace.summary == f"Soldiers seized power in Niamey on 26 July. {rewrite}"


@pytest.mark.parametrize("stage, summary", [
    ("draft", DRAFT),  # the LM draft as it is: the false sentence included
    ("verify", "Soldiers seized power in Niamey on 26 July."),  # dropped
    ("repair", f"Soldiers seized power in Niamey on 26 July. {S3}"),  # the rewrite is false too: the evidence
])
def test_ablation_stages(stage, summary):
    assert build(stage=stage).run(ARTICLE).summary == summary


def test_an_unfinished_sentence_is_never_kept():
    """A draft cut by max_new_tokens: joined to the next sentence it would turn a true sentence into a false one."""
    system = build(stage="verify")
    system.lm_drafts = lambda text: ["Soldiers seized power in Niamey on 26 July. Volunteers signed up to"]
    trace = system.run(ARTICLE)
    assert trace.unsupported == ["Volunteers signed up to"]
    assert trace.summary == "Soldiers seized power in Niamey on 26 July."


def test_the_word_budget_holds_and_a_repair_too_long_for_it_is_dropped():
    for words in (8, 12, 20, 30, 45):
        summary = build(budget={"words": words}).summarize([ARTICLE])[0]
        assert 0 < len(summary.split()) <= words
    assert build(budget={"words": 8}).summarize([ARTICLE])[0] == SHORT_S1
    # S3 (13 words) does not fit 12 words next to the draft's first sentence: the repair stage drops it
    assert build(budget={"words": 12}, stage="repair").summarize([ARTICLE])[0] == (
        "Soldiers seized power in Niamey on 26 July.")
    assert build(budget={"sentences": 1}).summarize([ARTICLE])[0] == SHORT_S1


def test_a_sentence_the_final_check_rejects_is_dropped():
    """Whatever reaches the end is judged again as the evaluation splits it; a late rejection still drops it."""
    system = build()
    stub = system.checkers[0]
    original = stub.check
    stub.check = lambda source, sentences: [
        Verdict(0.0, False, ()) if len(stub.calls) > 1 and s == S2 else v
        for s, v in zip(sentences, original(source, sentences))]
    assert system.run(ARTICLE).summary == f"{SHORT_S1} {S3}"


def test_two_runs_are_equal():
    texts = [ARTICLE, ARTICLE + "\n\nMore."]
    first, second = build().summarize(texts), build().summarize(texts)
    assert first == second and first[0] == f"{SHORT_S1} {S2} {S3}"


def test_two_runs_with_the_real_checker_and_encoder_are_equal(articles):
    """No LM (no draft, no compression): the real extractors, alignment checker, deletion guard and MiniLM."""
    from research.text.sentences import text_sentences

    def run():
        system = get_system("verified")(budget={"words": 75}, runtime=Runtime(device="cpu"), lm_draft=False,
                                        compress=False)
        return system.summarize([articles[4]["text"]])[0]

    first = run()
    assert first == run()
    sentences = text_sentences(first)
    assert 0 < len(first.split()) <= 75 and set(sentences) <= set(text_sentences(articles[4]["text"]))


def test_lm_answers_are_cached(monkeypatch):
    calls = []

    class FakeGenerator:
        def generate(self, messages, settings):
            calls.append(messages[-1]["content"])
            return "An answer."

    monkeypatch.setattr("research.summarization.verified.load_lm", lambda *a: FakeGenerator())
    monkeypatch.setattr("research.summarization.verified.lm_fingerprint", lambda params: {"model_sha256": "sha"})
    system = get_system("verified")(runtime=Runtime(device="cpu"))
    assert [system.generate("Say it.", 10), system.generate("Say it.", 10), system.generate("Say it.", 11)] == \
        ["An answer."] * 3
    assert calls == ["Say it.", "Say it."]  # the second call with the same prompt and limit: from the cache


def _config(tmp_path, system: str):
    path = tmp_path / "v.yaml"
    path.write_text(f"experiment: summarization\nseed: 1\nsystem: {{name: verified, {system}}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("system, message", [
    ("checker: {name: alignmnt}", "key 'system.checker': unknown checker \"alignmnt\" (did you mean 'alignment'?) (choose "
                          "from: alignment, combined, copying, entities, factcc, likelihood, lm_judge, names, numbers, "
                          "relations, units)"),
    ("checker: {name: combined, threshold: 2}", "key 'system.checker': checker 'combined': got an unexpected "
                                                "keyword argument 'threshold'"),
    ("checker: alignment", "key 'system.checker': write checker: {name: alignment} (one mapping: the name and its "
                           "parameters)"),
    ("checker_options: {threshold: 2}", "key 'system': write checker: {name: NAME, <options>} for system 'verified' "
                                        "(its options go inside it; 'checker_options' is not read)"),
    ("guards: [names, nmbers]", "key 'system.guards.1': input should be 'deletion', 'names', 'numbers' or "
                                "'entities', got string \"nmbers\""),
    ("lm_draft: false, stage: verify", "key 'system.stage': stage 'verify' keeps the LM draft, so it needs "
                                       "lm_draft: true"),
    ("lm_draft: false, extractors: []", "key 'system.extractors': no candidates: give extractors, lm_draft: true "
                                        "or draft_prompts"),
    ("max_similarity: 0", "key 'system.max_similarity': input should be greater than 0, got integer 0"),
    ("compress_prompt: 'Shorten.'", "key 'system.compress_prompt': the template must contain {text}"),
    # the chat LM's own templates stay checked beside the pipeline's
    ("prompt: 'Summarize.'", "key 'system.prompt': the template must contain {text}"),
    ("draft_prompts: ['Summarize {text}.', 'Again.']", "key 'system.draft_prompts': the template must contain {text}"),
    ("extractors: [lead, oracle]", "key 'system.extractors.1': expected an extractive system (embedding_centroid, "
                                   "lead, lexrank, textrank), got \"oracle\""),
])
def test_config_errors_name_the_key(tmp_path, system, message):
    path = _config(tmp_path, system)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


def test_shipped_config_loads():
    config = load_config("configs/summarize-verified.yaml")
    assert config.system.name == "verified" and config.budget.words == 75 and config.system.stage == "select"
