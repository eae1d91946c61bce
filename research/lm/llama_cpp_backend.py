"""The chat model on llama.cpp (``llama-cpp-python``): a GGUF file run natively, quantised weights and all.

The prompt is the GGUF's own chat template (``tokenizer.chat_template`` in its metadata) rendered by
llama-cpp-python's ``Jinja2ChatFormatter``, the same Jinja settings transformers uses. Decoding is greedy
(llama.cpp's greedy sampler); every generation starts from an empty KV cache, so an answer never depends on
what was generated before it (reusing a cached prefix would change the prefill's batch shapes, hence the
last digits). The thread count and seed come from the config. ``continuation_logprobs`` is the exception: it
evaluates its prefix from an empty KV cache once and decodes each continuation on top of it (then drops it); a
next call with the same prefix, the KV cache untouched since, starts from that prefix again (the same numbers: it
was evaluated the same way), so one article serves all its summaries' sentences.
"""

from __future__ import annotations

import atexit
from pathlib import Path

import numpy as np

from research.errors import UserError
from research.lm.base import ChatModel, GenerationSettings, Messages, check_candidates, check_continuations


class LlamaCppChatModel(ChatModel):
    """A ``llama_cpp.Llama`` with a context of ``n_ctx`` tokens on ``threads`` CPU threads."""

    backend = "llama_cpp"

    def __init__(self, llama):
        super().__init__()
        from llama_cpp import llama_chat_format

        self.llama = llama
        template = llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise UserError(f"{llama.model_path}: the GGUF has no tokenizer.chat_template (backend 'llama_cpp')")
        model = llama._model
        self._eos = model.token_get_text(llama.token_eos()) if llama.token_eos() != -1 else ""
        bos = model.token_get_text(llama.token_bos()) if llama.token_bos() != -1 else ""
        self.formatter = llama_chat_format.Jinja2ChatFormatter(template=template, eos_token=self._eos,
                                                               bos_token=bos, add_generation_prompt=True)
        # continuation_logprobs' last prefix and the log-probabilities after it
        self._prefix: tuple[list[int], np.ndarray] | None = None

    @classmethod
    def load(cls, gguf: Path, n_ctx: int, threads: int, seed: int) -> "LlamaCppChatModel":
        import llama_cpp

        try:
            llama = llama_cpp.Llama(model_path=str(gguf), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                                    seed=seed, verbose=False)
        except (ValueError, RuntimeError) as exc:
            raise UserError(f"{gguf}: llama.cpp cannot load this GGUF (backend 'llama_cpp'): {exc}") from None
        # freed before the interpreter tears down llama_cpp's C bindings (else __del__ prints a TypeError at exit)
        atexit.register(llama.close)
        return cls(llama)

    def render(self, messages: Messages) -> str:
        """The prompt text: the chat template with the assistant's generation prompt."""
        return self.formatter(messages=messages).prompt

    def encode(self, messages: Messages) -> list[int]:
        # The template writes any special tokens itself (like transformers' apply_chat_template, no extra BOS).
        return self.llama.tokenize(self.render(messages).encode("utf-8"), add_bos=False, special=True)

    def tokenize(self, text: str) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def decode(self, tokens: list[int]) -> str:
        return self.llama.detokenize(tokens).decode("utf-8", errors="replace")

    def _is_end(self, token: int) -> bool:
        import llama_cpp

        return bool(llama_cpp.llama_vocab_is_eog(self.llama._model.vocab, token))

    def _check_fits(self, prompt: list[int], extra: int) -> None:
        if len(prompt) + extra > self.llama.n_ctx():
            raise ValueError(f"prompt of {len(prompt)} tokens + {extra} new tokens exceeds the llama.cpp context "
                             f"of {self.llama.n_ctx()} tokens")

    def generate_tokens(self, messages: Messages, settings: GenerationSettings) -> list[int]:
        if settings.no_repeat_ngram_size:
            raise ValueError(f"no_repeat_ngram_size must be 0 on backend 'llama_cpp', got "
                             f"{settings.no_repeat_ngram_size}")
        prompt = self.encode(messages)
        self._check_fits(prompt, settings.max_new_tokens)
        self.llama.reset()  # an empty KV cache: the answer does not depend on earlier prompts
        answer: list[int] = []
        for token in self.llama.generate(prompt, top_k=1, top_p=1.0, min_p=0.0, temp=0.0,
                                         repeat_penalty=settings.repetition_penalty, reset=True):
            if self._is_end(token):
                break
            answer.append(token)
            if len(answer) >= settings.max_new_tokens:
                break
        return answer

    def _last_logprobs(self) -> np.ndarray:
        logits = np.ctypeslib.as_array(self.llama._ctx.get_logits_ith(-1), shape=(self.llama.n_vocab(),))
        return _log_softmax(logits)

    def next_token_logprobs(self, messages: Messages, candidates: list[str]) -> dict[str, float]:
        check_candidates(candidates)
        prompt = self.encode(messages)
        answers = {c: self.tokenize(c) for c in candidates}
        self._check_fits(prompt, max(len(a) for a in answers.values()))
        self.llama.reset()
        self.llama.eval(prompt)
        first = self._last_logprobs()
        scores = {}
        for candidate, answer in answers.items():
            self.llama.n_tokens = len(prompt)  # back to the prompt: eval drops the KV cache past n_tokens
            total, logprobs = 0.0, first
            for i, token in enumerate(answer):
                total += float(logprobs[token])
                if i + 1 < len(answer):
                    self.llama.eval([token])
                    logprobs = self._last_logprobs()
            scores[candidate] = total
        return scores

    def continuation_logprobs(self, prefix: list[int], continuations: list[list[int]]) -> list[list[float]]:
        """The prefix is evaluated once from an empty KV cache (or kept from the previous call, when it was the same
        prefix and nothing has used the model since); each continuation is then decoded on top of it in batches of
        ``n_batch`` tokens with logits for every token, and its KV entries are dropped before the next, so a
        continuation's scores do not depend on the others. Only a continuation's tokens but its last are decoded:
        the prefix's last logits predict its first token."""
        check_continuations(prefix, continuations)
        if not continuations:
            return []
        llama, n_vocab = self.llama, self.llama.n_vocab()
        self._check_fits(prefix, max(len(tokens) for tokens in continuations) - 1)
        first = self._prefix_logprobs(prefix)
        out = []
        for tokens in continuations:
            llama._ctx.kv_cache_seq_rm(-1, len(prefix), -1)  # the prefix alone
            scores = [float(first[tokens[0]])]
            for start in range(0, len(tokens) - 1, llama.n_batch):
                chunk = tokens[start:min(len(tokens) - 1, start + llama.n_batch)]
                llama._batch.set_batch(batch=chunk, n_past=len(prefix) + start, logits_all=True)
                llama._ctx.decode(llama._batch)
                logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(len(chunk) * n_vocab,))
                rows = _log_softmax(logits.reshape(len(chunk), n_vocab))
                targets = tokens[start + 1:start + 1 + len(chunk)]
                scores += [float(rows[i, token]) for i, token in enumerate(targets)]
            out.append(scores)
        llama._ctx.kv_cache_seq_rm(-1, len(prefix), -1)
        return out

    def _prefix_logprobs(self, prefix: list[int]) -> np.ndarray:
        """The next-token log-probabilities after ``prefix``, with the KV cache holding the prefix: evaluated from an
        empty cache, unless the last call left exactly this prefix (``n_tokens`` and ``input_ids`` are llama-cpp-
        python's record of the cache, which every other use of the model changes)."""
        llama = self.llama
        if self._prefix is not None and self._prefix[0] == prefix and llama.n_tokens == len(prefix) \
                and llama.input_ids[:len(prefix)].tolist() == prefix:
            return self._prefix[1]
        self._prefix = None
        llama.reset()
        llama.eval(prefix)  # built without logits_all: llama.cpp keeps the last token's logits only
        self._prefix = (list(prefix), self._last_logprobs())
        return self._prefix[1]


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    """Natural-log probabilities along the last axis, in float64."""
    logits = logits.astype(np.float64)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
