"""Verified: draft, verify, repair, select. The chat LM writes only what a faithfulness checker then accepts.

1. Drafts: the chat LM's summary (the ``chat_lm`` system with these settings,
   through its summary cache, so ``research reproduce`` computes it once), any
   further prompts, the sentences the extractive systems pick, and an LM
   compression of every picked sentence longer than ``compress_words``.
2. Verify: every candidate sentence is judged against the article by a
   faithfulness checker (``research.faithfulness``; its default unless the
   config names one) and by the ``guards`` (by default ``deletion``: the
   sentence must be a deletion of one article sentence, so the LM can shorten
   but not rewrite; ``research.summarization.deletion`` says why), keeping
   the checker's evidence.
3. Repair: an unsupported sentence is rewritten by the LM from its evidence
   and judged again; if still unsupported it is replaced by an evidence
   sentence that passes, else dropped. Nothing unsupported is kept.
4. Select: the summary is chosen from the verified pool by a reference-free
   objective (``research.summarization.selection``): coverage of the article's
   salient sentences minus redundancy, within the budget, in article order.

``stage`` stops early for the ablation: ``draft`` (the LM draft), ``verify``
(that draft without its unsupported sentences), ``repair`` (that draft
repaired), ``select`` (everything). Decoding is greedy (deterministic; the
seed is not used); LM answers are cached per prompt in ``lm-answers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from research.cache import JsonCache, cache_key, file_sha256
from research.encoder import encode
from research.faithfulness import DEFAULT_CHECKER, build_checker
from research.faithfulness.judgments import JUDGMENTS
from research.summarization.base import Runtime, Summarizer
from research.summarization.budget import Budget, count_words
from research.text.sentences import text_sentences
from research.summarization.chat_lm import ChatLM
from research.summarization.deletion import Deletion
from research.summarization.prompting import (
    LMParams,
    clean_answer,
    lm_fingerprint,
    lm_runtime_identity,
    load_lm,
    messages_for,
)
from research.summarization.registry import get_system, summarize_cached
from research.summarization.selection import greedy_select, salience
from research.summarization.verified_params import VerifiedParams
from research.text.sentences import line_sentences

FINISHED = re.compile(r"[.!?][\"”’')\]]*$")  # a whole sentence, not one cut off by max_new_tokens


@dataclass
class Trace:
    """What the pipeline did to one article (for tests and reading)."""

    candidates: dict[str, list[str]] = field(default_factory=dict)
    unsupported: list[str] = field(default_factory=list)  # candidate sentences the checks rejected
    repaired: dict[str, str] = field(default_factory=dict)  # rejected sentence -> its supported replacement
    summary: str = ""


class Verified(Summarizer):
    name = "verified"
    uses_seed = False  # greedy decoding
    Params = VerifiedParams

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.checkers: list | None = None  # [checker, *guards], built on first use (tests put stubs here)
        self.encoder: Callable[[list[str]], np.ndarray] | None = None  # None: research.encoder (MiniLM)

    def fingerprint(self) -> dict:
        # the default checker's weights are fitted on the hand-written judgments: new judgments, new verdicts
        # the code (this module's closure: checkers and LM included) is in the base class's cache identity
        return {**lm_fingerprint(self.params),
                "judgments_sha256": file_sha256(JUDGMENTS),
                "extractors": {e: self._extractor(e).fingerprint() for e in self.params.extractors}}

    def runtime_identity(self) -> dict:
        return lm_runtime_identity(self.params, self.runtime)

    # -- parts -------------------------------------------------------------------------------------------------
    def _extractor(self, name: str) -> Summarizer:
        return get_system(name)(budget=self.params.extract_budget, runtime=self.runtime)

    def generate(self, user: str, max_new_tokens: int) -> str:
        """One greedy LM answer, cached on disk by model, prompt, generation settings, runtime and the code that
        prompts, loads and runs the LM (``research.summarization.prompting``'s closure) with its libraries."""
        params = self.params.model_copy(update={"max_new_tokens": max_new_tokens})
        key = cache_key({"system_prompt": params.system_prompt, "max_new_tokens": max_new_tokens,
                         "repetition_penalty": params.repetition_penalty,
                         "no_repeat_ngram_size": params.no_repeat_ngram_size, "runtime": self.runtime_identity()},
                        {**lm_fingerprint(params), "user": user}, [load_lm.__module__])
        cache = JsonCache("lm-answers")
        answer = cache.get(key)
        if not isinstance(answer, str):
            answer = load_lm(params, self.runtime).generate(messages_for(params.system_prompt, user),
                                                            params.generation())
            cache.put(key, answer)
        return answer

    def lm_drafts(self, text: str) -> list[str]:
        """Whole-article LM summaries: chat_lm with these settings, one per prompt, through its summary cache."""
        settings = {f: getattr(self.params, f) for f in LMParams.model_fields if f not in ("name", "prompt")}
        # batch_size 1: the identity of the shipped chat_lm config, so reproduce computes each draft once
        runtime = Runtime(self.runtime.device, self.runtime.dtype, batch_size=1, seed=self.runtime.seed,
                          threads=self.runtime.threads)
        prompts = ([self.params.prompt] if self.params.lm_draft else []) + self.params.draft_prompts
        return [summarize_cached(ChatLM(budget=self.budget, runtime=runtime, prompt=p, **settings), [text])[0]
                for p in prompts]

    def _one_sentence(self, answer: str, words: int) -> str | None:
        sentences = text_sentences(clean_answer(answer, Budget(words=2 * words)))
        return sentences[0] if sentences else None

    def compress(self, sentence: str) -> str | None:
        """A shorter LM version of a long sentence; None for a short sentence, or an answer cut off by the token
        limit or less than a fifth shorter (it would add words to the pool, not room in the budget)."""
        words = self.params.compress_words
        if count_words(sentence) <= words:
            return None
        short = self._one_sentence(self.generate(
            self.params.compress_prompt.format(text=sentence, length=f"{words} words"), 2 * words + 16), words)
        if not short or not FINISHED.search(short) or count_words(short) > 0.8 * count_words(sentence):
            return None
        return short

    def judge(self, source: str, sentences: list[str]) -> list:
        """One Verdict per sentence: supported only when it is finished and the checker and every guard accept it."""
        if self.checkers is None:
            checker = self.params.checker or {"name": DEFAULT_CHECKER}
            self.checkers = [build_checker(checker["name"], **{k: v for k, v in checker.items() if k != "name"}),
                             *(Deletion() if g == "deletion" else build_checker(g) for g in self.params.guards)]
        if not sentences:
            return []
        verdicts = self.checkers[0].check(source, sentences)
        # an unfinished sentence (cut by max_new_tokens) can be neither judged alone nor joined to the next one
        verdicts = [v if FINISHED.search(s) else replace(v, supported=False) for s, v in zip(sentences, verdicts)]
        for guard in self.checkers[1:]:
            verdicts = [v if g.supported else replace(v, supported=False)
                        for v, g in zip(verdicts, guard.check(source, sentences))]
        return verdicts

    def repair(self, source: str, sentence: str, evidence: tuple[str, ...]) -> str | None:
        """A supported LM rewrite from the evidence, else the first evidence sentence that passes, else None."""
        limit = self.budget.words if self.budget.words is not None else count_words(sentence)
        if evidence:
            words = self.params.compress_words  # short: a long rewrite costs seconds and rarely passes the guards
            text = "Evidence:\n" + "\n".join(evidence) + f"\n\nSentence: {sentence}"
            rewrite = self._one_sentence(self.generate(
                self.params.repair_prompt.format(text=text, length=f"{words} words"), 2 * words + 16), words)
            if rewrite and count_words(rewrite) <= limit and self.judge(source, [rewrite])[0].supported:
                return rewrite
        for candidate in evidence:
            if count_words(candidate) <= limit and self.judge(source, [candidate])[0].supported:
                return candidate
        return None

    # -- pipeline ----------------------------------------------------------------------------------------------
    def candidates(self, text: str) -> dict[str, list[str]]:
        """Candidate sentences by origin: ``draft:<i>``, ``extract:<name>``, ``compress``."""
        found = {f"draft:{i}": text_sentences(d) for i, d in enumerate(self.lm_drafts(text))}
        extracted: list[str] = []
        for name in self.params.extractors:
            found[f"extract:{name}"] = text_sentences(self._extractor(name).summarize([text])[0])
            extracted += [s for s in found[f"extract:{name}"] if s not in extracted]
        if self.params.compress:
            found["compress"] = [c for c in map(self.compress, extracted) if c]
        return found

    def verified(self, text: str, sentences: list[str], trace: Trace, repair: bool) -> list[str]:
        """``sentences`` (deduplicated) with every unsupported one repaired (``repair``) or dropped."""
        kept: list[str] = []
        for sentence, verdict in zip(sentences, self.judge(text, sentences)):
            if not verdict.supported:
                trace.unsupported.append(sentence)
                sentence = self.repair(text, sentence, verdict.evidence) if repair else None
                if sentence is not None:
                    trace.repaired[trace.unsupported[-1]] = sentence
            if sentence is not None and sentence not in kept:
                kept.append(sentence)
        return kept

    def select(self, text: str, pool: list[str]) -> list[str]:
        """The pool sentences the reference-free objective picks, in article order."""
        if not pool:
            return []
        embed = self.encoder or encode
        article_vectors, pool_vectors = embed(text_sentences(text)), embed(pool)
        chosen = greedy_select(article_vectors, salience(article_vectors, self.params.position_decay), pool_vectors,
                               [count_words(s) for s in pool], self.budget.words, self.params.max_similarity,
                               self.budget.sentences).indices
        # article order: by the position of each sentence's closest article sentence
        position = (pool_vectors[list(chosen)] @ article_vectors.T).argmax(axis=1).tolist() if chosen else []
        return [pool[i] for _, i in sorted(zip(position, chosen))]

    def _fit(self, sentences: list[str]) -> list[str]:
        """Whole sentences in order while they fit the budget (a repair can be longer than what it replaced)."""
        kept, used = [], 0
        for sentence in sentences:
            if self.budget.sentences is not None and len(kept) == self.budget.sentences:
                break
            if self.budget.words is None or used + count_words(sentence) <= self.budget.words:
                kept.append(sentence)
                used += count_words(sentence)
        return kept

    def run(self, text: str) -> Trace:
        """The pipeline on one article, up to the configured ``stage``."""
        trace, stage = Trace(), self.params.stage
        if stage == "select":
            trace.candidates = self.candidates(text)
            pool = list(dict.fromkeys(s for sentences in trace.candidates.values() for s in sentences))
            chosen = self.select(text, self.verified(text, pool, trace, repair=True))
        else:
            draft = text_sentences(self.lm_drafts(text)[0])
            trace.candidates = {"draft:0": draft}
            if stage == "draft":
                trace.summary = " ".join(draft)
                return trace
            chosen = self._fit(self.verified(text, draft, trace, repair=stage == "repair"))
        # judged again as the evaluation splits the joined summary: nothing unsupported can slip through a join
        final = line_sentences(" ".join(chosen))
        trace.summary = " ".join(s for s, v in zip(final, self.judge(text, final)) if v.supported)
        return trace

    def summarize_one(self, text: str) -> str:
        return self.run(text).summary
