"""Chat LM: an instruction-tuned language model asked for a summary (SmolLM2-135M-Instruct by default).

Greedy decoding, the prompt from the config, the answer's chat preamble
stripped ("Here is a summary:") and the result cut to the budget at a sentence
boundary. An article whose prompt exceeds ``context_tokens`` is summarised by
map-reduce. With ``batch_size`` > 1, the articles of a batch that fit one
prompt are generated together (left-padded): about twice as fast on CPU and
identical on the seeds, but padding can change the numerics, so a summary
could depend on its neighbours; the shipped config keeps one article at a time.
"""

from __future__ import annotations

from typing import Literal

from research.summarization.base import Summarizer, resolve_device, resolve_dtype, split_text
from research.summarization.lm import (
    LMParams, clean_answer, fits_one_prompt, load_generator, map_reduce, model_fingerprint, prompt_messages,
    strip_preamble,
)

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
        identity = {"device": device, "dtype": resolve_dtype(self.runtime.dtype, device)}
        if self.runtime.batch_size > 1:  # batched answers are cached apart from one-at-a-time ones
            identity["batch_size"] = self.runtime.batch_size
        return identity

    def generator(self):
        return load_generator(self.params.model, self.runtime.device, self.runtime.dtype)

    def summarize_one(self, text: str) -> str:
        answer = map_reduce(self.generator(), self.params, split_text(text), self.budget)
        return clean_answer(answer, self.budget)

    def _summarize(self, texts: list[str]) -> list[str]:
        if len(texts) == 1:
            return [self.summarize_one(texts[0])]
        generator = self.generator()
        prompts = [prompt_messages(self.params, " ".join(split_text(t)), self.budget) for t in texts]
        single = [i for i, messages in enumerate(prompts) if fits_one_prompt(generator, self.params, messages)]
        answers = dict(zip(single, generator.generate_many([prompts[i] for i in single], self.params))) if single else {}
        return [clean_answer(strip_preamble(answers[i]), self.budget) if i in answers else self.summarize_one(text)
                for i, text in enumerate(texts)]
