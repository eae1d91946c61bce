"""Chat LM: an instruction-tuned language model asked for a summary (SmolLM2-135M-Instruct by default).

Greedy decoding, the prompt from the config, the answer's chat preamble
stripped ("Here is a summary:") and the result cut to the budget at a sentence
boundary. An article whose prompt exceeds ``context_tokens`` is summarized by
map-reduce. The model runs on the configured ``backend`` (``research.lm``).
With ``batch_size`` > 1 on transformers, the articles of a batch that fit one
prompt are generated together (left-padded): about twice as fast on CPU and
identical on the seeds, but padding can change the numerics, so a summary
could depend on its neighbours; llama_cpp generates them one after the other
from an empty KV cache, so a batch changes nothing there.
"""

from __future__ import annotations

from research.summarization.base import Summarizer
from research.text.sentences import text_sentences
from research.summarization.prompting import (
    LMParams, clean_answer, fits_one_prompt, lm_fingerprint, lm_runtime_identity, load_lm,
    map_reduce, prompt_messages, strip_preamble,
)

# The prompts keep British "Summarise": they are model input, and a changed word changes the summaries
# (and the frozen faithfulness judgments of them); names and prose in the package use "summarize".
DEFAULT_PROMPT = ("Summarise the following news article in at most {length}. Keep names, places and numbers "
                  "exactly as they appear in the article.\n\nArticle:\n{text}")


class ChatLMParams(LMParams):
    prompt: str = DEFAULT_PROMPT


class ChatLM(Summarizer):
    name = "chat_lm"
    uses_seed = False  # greedy decoding
    Params = ChatLMParams

    def fingerprint(self) -> dict:
        return lm_fingerprint(self.params)

    def runtime_identity(self) -> dict:
        identity = lm_runtime_identity(self.params, self.runtime)
        # batched transformers answers are cached apart from one-at-a-time ones (padding changes numerics)
        if self.runtime.batch_size > 1 and self.params.backend == "transformers":
            identity["batch_size"] = self.runtime.batch_size
        return identity

    def generator(self):
        return load_lm(self.params, self.runtime)

    def summarize_one(self, text: str) -> str:
        answer = map_reduce(self.generator(), self.params, text_sentences(text), self.budget)
        return clean_answer(answer, self.budget)

    def _summarize(self, texts: list[str]) -> list[str]:
        if len(texts) == 1:
            return [self.summarize_one(texts[0])]
        generator = self.generator()
        prompts = [prompt_messages(self.params, " ".join(text_sentences(t)), self.budget) for t in texts]
        single = [i for i, messages in enumerate(prompts) if fits_one_prompt(generator, self.params, messages)]
        answers = dict(zip(single, generator.generate_many([prompts[i] for i in single], self.params.generation()))
                       ) if single else {}
        return [clean_answer(strip_preamble(answers[i]), self.budget) if i in answers else self.summarize_one(text)
                for i, text in enumerate(texts)]
