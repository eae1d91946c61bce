"""``lm_judge``: the bundled SmolLM2 asked whether the evidence supports the sentence.

The evidence is the ``k`` source sentences most similar to the claim
(MiniLM). The chat template is applied to one user message; the score is
p(yes) / (p(yes) + p(no)) from the model's probabilities of the answers
"Yes"/"yes" and "No"/"no" as its reply. All model access goes through
``answer_logprobs`` (messages, candidate answers) -> log-probabilities, which
runs ``research.lm`` on the ``backend`` option (transformers, the default, or
llama_cpp) and caches per (model, backend, prompt) on disk, with the code that
loads and runs the model (``research.lm.loading``'s closure) and its libraries.
"""

from __future__ import annotations

import math
import string
from typing import Sequence

from research.cache import JsonCache, cache_key
from research.errors import UserError
from research.faithfulness.base import Checker
from research.faithfulness.retrieval import retrieve
from research.lm import build_key, load_chat_model, model_fingerprint
from research.lm.source import BACKENDS, BUNDLED_LM
from research.text.sentences import line_sentences

PROMPT = ("Evidence: {evidence}\n\nStatement: {claim}\n\nDoes the evidence support the statement? "
          "Answer with yes or no.")
YES, NO = ("Yes", "yes"), ("No", "no")


def answer_logprobs(messages: list[dict], candidates: Sequence[str], model: str = BUNDLED_LM,
                    backend: str = "transformers") -> list[float]:
    """Log-probability that the chat model replies with each candidate (sum over the candidate's tokens).

    ``research.lm``'s ``next_token_logprobs`` on ``backend`` (transformers on the CPU, or llama_cpp): one
    forward pass over the prompt gives every candidate's first token (the next-token distribution); a
    longer candidate costs one more pass. Cached per (model, backend, prompt, candidates) on disk.
    """
    cache = JsonCache("lm-judge")
    # the code: what loads and runs the model (research.lm's loading and backends), not this checker's retrieval
    key = cache_key({"backend": backend, "candidates": list(candidates), **build_key(backend)},
                    {"model": model_fingerprint(model, backend), "messages": messages}, [load_chat_model.__module__])
    cached = cache.get(key)
    if cached is not None:
        return [float(v) for v in cached]
    scores = load_chat_model(model, backend, device="cpu").next_token_logprobs(messages, list(candidates))
    out = [scores[c] for c in candidates]
    cache.put(key, out)
    return out


def yes_probability(logprobs: Sequence[float], n_yes: int) -> float:
    """p_yes / (p_yes + p_no) from log-probabilities of the yes candidates (first ``n_yes``) and the no ones."""
    top = max(logprobs)
    weights = [math.exp(v - top) for v in logprobs]
    yes, no = sum(weights[:n_yes]), sum(weights[n_yes:])
    return yes / (yes + no)


class LMJudge(Checker):
    """Probability that the chat model answers "yes" to "does the evidence support the statement?"."""

    name = "lm_judge"

    def __init__(self, model: str = BUNDLED_LM, k: int = 3, prompt: str = PROMPT,
                 system_prompt: str | None = None, threshold: float = 0.5, backend: str = "transformers"):
        # scikit-learn's convention (as its estimators): each argument stored as given under its own name
        self.model = model
        self.backend = backend
        self.k = k
        self.prompt = prompt
        self.system_prompt = system_prompt
        self.threshold = threshold
        self._validate()

    def _validate(self) -> None:
        if not isinstance(self.model, str) or not self.model:
            raise UserError(f"lm_judge: model must be '{BUNDLED_LM}' or a path, got {self.model!r}")
        if self.backend not in BACKENDS:
            raise UserError(f"lm_judge: backend must be one of {', '.join(BACKENDS)}, got {self.backend!r}")
        if isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1:
            raise UserError(f"lm_judge: k must be an integer >= 1, got {self.k!r}")
        try:
            fields = {f for _, f, _, _ in string.Formatter().parse(self.prompt) if f is not None}
        except (ValueError, TypeError):
            raise UserError(f"lm_judge: prompt must be a str.format template, got {self.prompt!r}") from None
        if fields != {"evidence", "claim"}:
            raise UserError(f"lm_judge: prompt must use exactly {{evidence}} and {{claim}}, got "
                             f"{sorted(fields) or 'no placeholder'}")
        if self.system_prompt is not None and not isinstance(self.system_prompt, str):
            raise UserError(f"lm_judge: system_prompt must be text or null, got {self.system_prompt!r}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0 <= self.threshold <= 1:
            raise UserError(f"lm_judge: threshold must be a number in [0, 1], got {self.threshold!r}")

    def messages(self, evidence: Sequence[str], claim: str) -> list[dict]:
        user = self.prompt.format(evidence=" ".join(evidence), claim=claim)
        system = [{"role": "system", "content": self.system_prompt}] if self.system_prompt else []
        return system + [{"role": "user", "content": user}]

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        if not sentences:
            return []
        article = line_sentences(source)
        out = []
        for claim, retrieved in zip(sentences, retrieve(list(sentences), article, max_window=1)):
            evidence = tuple(w.sentences[0] for _, w in retrieved.ranked[:self.k])
            in_order = sorted(evidence, key=article.index)  # read in the article's order
            logprobs = answer_logprobs(self.messages(in_order, claim), YES + NO, self.model, self.backend)
            out.append((round(yes_probability(logprobs, len(YES)), 6), evidence))
        return out
