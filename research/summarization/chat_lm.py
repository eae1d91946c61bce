"""Chat LM: an instruction-tuned language model asked for a summary (SmolLM2-135M-Instruct by default).

Greedy decoding, the prompt from the config, the answer's chat preamble
stripped ("Here is a summary:") and the result cut to the budget at a sentence
boundary. An article whose prompt exceeds ``context_tokens`` is summarised by
map-reduce. One prompt at a time: padding a batch changes the numerics, and a
text's summary must not depend on its neighbours (the cache is per text).
"""

from __future__ import annotations

from typing import Literal

from research.summarization.base import Summarizer, resolve_device, resolve_dtype, split_text
from research.summarization.lm import LMParams, clean_answer, load_generator, map_reduce, model_fingerprint

DEFAULT_PROMPT = ("Summarise the following news article in at most {length}. Keep names, places and numbers "
                  "exactly as they appear in the article.\n\nArticle:\n{text}")


class ChatLMParams(LMParams):
    name: Literal["chat_lm"] = "chat_lm"
    prompt: str = DEFAULT_PROMPT


class ChatLM(Summarizer):
    name = "chat_lm"
    Params = ChatLMParams
    packages = ("transformers", "torch")

    def fingerprint(self) -> dict:
        return {"model_sha256": model_fingerprint(self.params.model)}

    def runtime_identity(self) -> dict:
        device = resolve_device(self.runtime.device)
        return {"device": device, "dtype": resolve_dtype(self.runtime.dtype, device)}

    def generator(self):
        return load_generator(self.params.model, self.runtime.device, self.runtime.dtype)

    def summarize_one(self, text: str) -> str:
        answer = map_reduce(self.generator(), self.params, split_text(text), self.budget)
        return clean_answer(answer, self.budget)
