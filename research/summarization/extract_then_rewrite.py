"""Extract then rewrite: an extractive system picks the key sentences, the chat LM rewrites them.

A 135M model asked to summarize a whole article drifts and invents facts;
given only a few selected sentences and told to use nothing else, it has far
less room to. The extractive step uses its own (larger) budget; the rewrite
is cut to the summary budget. The LM runs on the configured ``backend``.
"""

from __future__ import annotations

from research.summarization.base import Summarizer
from research.summarization.budget import Budget
from research.text.sentences import text_sentences
from research.summarization.registry import Extractor, get_system
from research.summarization.prompting import (
    LMParams, clean_answer, lm_fingerprint, lm_runtime_identity, load_lm, map_reduce,
)

DEFAULT_PROMPT = ("Rewrite these sentences from a news article as one short summary of at most {length}. "
                  "Use only facts stated in the sentences and keep names and numbers exactly as given."
                  "\n\nSentences:\n{text}")


class ExtractThenRewriteParams(LMParams):
    prompt: str = DEFAULT_PROMPT
    extractor: Extractor = "textrank"
    extract_budget: Budget = Budget(sentences=4)


class ExtractThenRewrite(Summarizer):
    name = "extract_then_rewrite"
    uses_seed = False  # greedy decoding
    Params = ExtractThenRewriteParams


    def _extractor(self) -> Summarizer:
        return get_system(self.params.extractor)(budget=self.params.extract_budget, runtime=self.runtime)

    def fingerprint(self) -> dict:
        return {**lm_fingerprint(self.params), "extractor": self._extractor().fingerprint()}

    def runtime_identity(self) -> dict:
        return lm_runtime_identity(self.params, self.runtime)

    def extract(self, texts: list[str]) -> list[str]:
        """The extractive step alone (the sentences the LM will see)."""
        return self._extractor().summarize(texts)

    def _summarize(self, texts: list[str]) -> list[str]:
        generator = load_lm(self.params, self.runtime)
        return [clean_answer(map_reduce(generator, self.params, text_sentences(extract), self.budget), self.budget)
                for extract in self.extract(texts)]
