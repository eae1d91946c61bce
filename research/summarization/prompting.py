"""What ``chat_lm`` and ``extract_then_rewrite`` share: LM parameters, prompts, map-reduce, answer cleaning.

The model itself lives in ``research.lm`` (one module per backend); this module only talks to its
``ChatModel`` interface, so both systems run on either backend.
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Literal

from pydantic import Field, field_validator

from research.lm import BUNDLED_LM, ChatModel, GenerationSettings, load_chat_model, model_fingerprint
from research.lm.loading import build_key, resolve_runtime
from research.summarization.base import Runtime, SystemParams
from research.summarization.budget import Budget, drop_unfinished, fit_budget

PLACEHOLDERS = {"text", "length"}


def check_template(value: str) -> str:
    """A prompt is a str.format template using {text} (required) and {length} (e.g. '60 words')."""
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    except ValueError as exc:
        raise ValueError(f"not a valid template ({exc}); write literal braces as {{{{ and }}}}") from None
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} (use {{text}} and {{length}})")
    if "text" not in names:
        raise ValueError("the template must contain {text}")
    return value


class LMParams(SystemParams):
    """Generation settings shared by the chat-model systems (greedy decoding only: deterministic)."""

    model: str = BUNDLED_LM  # the bundled GGUF, a path to a .gguf file, or a local transformers folder
    # transformers: de-quantised, any torch device; llama_cpp: the GGUF run natively on the CPU (research.lm)
    backend: Literal["transformers", "llama_cpp"] = "transformers"
    system_prompt: str | None = None  # None: the chat template's own system message
    prompt: str
    reduce_prompt: str = (
        "The texts below summarise consecutive parts of one news article. Combine them into one summary of "
        "at most {length}. Keep names and numbers exactly as given.\n\n{text}"
    )
    max_new_tokens: Annotated[int, Field(gt=0, le=4096)] = 128
    context_tokens: Annotated[int, Field(gt=0)] = 2048  # prompt + answer; longer articles go through map-reduce
    # In a decoder-only model both also count the prompt's tokens, so they push the model away from the
    # article's wording (towards invention); 1.0 and 0 switch them off.
    repetition_penalty: Annotated[float, Field(ge=1.0)] = 1.0
    no_repeat_ngram_size: Annotated[int, Field(ge=0)] = 0

    @field_validator("prompt", "reduce_prompt")
    @classmethod
    def _template(cls, value: str) -> str:
        return check_template(value)

    @field_validator("context_tokens")
    @classmethod
    def _room_for_prompt(cls, value: int, info) -> int:
        new = info.data.get("max_new_tokens")
        if new is not None and value < 2 * new + 64:
            raise ValueError(f"must be at least 2 * max_new_tokens + 64 = {2 * new + 64} so a prompt fits, got {value}")
        return value

    @field_validator("no_repeat_ngram_size")
    @classmethod
    def _backend_supports(cls, value: int, info) -> int:
        if value and info.data.get("backend") == "llama_cpp":
            raise ValueError(f"must be 0 on backend 'llama_cpp' (llama.cpp has no such option), got {value}")
        return value

    def generation(self) -> GenerationSettings:
        return GenerationSettings(self.max_new_tokens, self.repetition_penalty, self.no_repeat_ngram_size)


def lm_fingerprint(params: LMParams) -> dict:
    return {"model_sha256": model_fingerprint(params.model, params.backend)}


def lm_runtime_identity(params: LMParams, runtime: Runtime) -> dict:
    """Backend, device and dtype (llama_cpp: the CPU, the GGUF's own quantisation and the build) for the cache key."""
    device, dtype = resolve_runtime(params.backend, runtime.device, runtime.dtype)
    return {"backend": params.backend, "device": device, "dtype": dtype, **build_key(params.backend)}


def load_lm(params: LMParams, runtime: Runtime) -> ChatModel:
    """The configured chat model (loaded once per process)."""
    return load_chat_model(params.model, params.backend, runtime.device, runtime.dtype, threads=runtime.threads,
                           seed=runtime.seed, context_tokens=params.context_tokens)


_PREAMBLE_LINE = re.compile(
    r"^(?:(?:sure|certainly|okay|ok|of course)\b.*|here(?:'s|’s| is| are)\b.*"
    r"|.{0,60}\bsummar(?:y|ies|ised|ized)\b.{0,40}:)$",
    re.IGNORECASE,
)
_PREAMBLE_PREFIX = re.compile(
    r"^(?:(?:sure|certainly|okay|ok|of course)[!,.]?\s+)?"
    r"(?:here(?:'s|’s| is| are)[^:\n]{0,80}:|(?:(?:a|the)\s+)?(?:[\w-]+\s+){0,3}summary(?:\s+of[^:\n]{0,60})?:)\s*",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def strip_preamble(text: str) -> str:
    """The answer without chat filler: 'Here is a summary:', 'Sure! ...:', 'Summary:', bullets, markdown."""
    text = text.replace("**", "").replace("__", "")
    lines = [line.strip().lstrip("#").strip() for line in text.strip().splitlines()]
    while lines and (not lines[0] or (_PREAMBLE_LINE.match(lines[0]) and len(lines[0].split()) <= 15
                                      and len(lines) > 1)):
        lines.pop(0)
    text = " ".join(_BULLET.sub("", line) for line in lines if line)
    text = _PREAMBLE_PREFIX.sub("", text, count=1)
    text = " ".join(text.split())
    if len(text) >= 2 and text[0] in "\"“" and text[-1] in "\"”" and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    return text


def clean_answer(text: str, budget: Budget) -> str:
    text = drop_unfinished(strip_preamble(text))
    return fit_budget(text, budget) if text else ""


def messages_for(system_prompt: str | None, user: str) -> list[dict]:
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return messages + [{"role": "user", "content": user}]


def prompt_messages(params: LMParams, text: str, budget: Budget, template: str | None = None) -> list[dict]:
    """The chat messages asking for a summary of ``text`` (``template`` defaults to the config's prompt)."""
    return messages_for(params.system_prompt, (template or params.prompt).format(text=text, length=budget.describe()))


def fits_one_prompt(generator: ChatModel, params: LMParams, messages: list[dict]) -> bool:
    """Whether the prompt leaves room for ``max_new_tokens`` inside ``context_tokens``."""
    return generator.count_tokens(messages) <= params.context_tokens - params.max_new_tokens


def map_reduce(generator: ChatModel, params: LMParams, sentences: list[str], budget: Budget,
               prompt: str | None = None, depth: int = 0) -> str:
    """One answer for ``sentences``; when the prompt would not fit ``context_tokens``, summarize chunks
    that fit (map) and then combine their summaries with ``reduce_prompt`` (reduce), recursively."""
    prompt = prompt or params.prompt
    room = params.context_tokens - params.max_new_tokens

    def build(text: str, template: str) -> list[dict]:
        return prompt_messages(params, text, budget, template)

    whole = " ".join(sentences)
    if fits_one_prompt(generator, params, build(whole, prompt)):
        return strip_preamble(generator.generate(build(whole, prompt), params.generation()))
    overhead = generator.count_tokens(build("", prompt))
    chunks: list[list[str]] = [[]]
    for sentence in sentences:
        if chunks[-1] and generator.count_tokens(build(" ".join(chunks[-1] + [sentence]), prompt)) > room:
            chunks.append([])
        if not chunks[-1] and generator.count_tokens(build(sentence, prompt)) > room:
            sentence = generator.truncate(sentence, max(1, room - overhead - 8))  # one huge "sentence"
        chunks[-1].append(sentence)
    partials = [strip_preamble(generator.generate(build(" ".join(chunk), prompt), params.generation()))
                for chunk in chunks]
    partials = [p for p in partials if p]
    if depth >= 3:  # the partial summaries keep not fitting: keep what fits rather than loop
        return strip_preamble(generator.generate(
            build(generator.truncate(" ".join(partials), room - overhead - 8), params.reduce_prompt),
        params.generation()))
    return map_reduce(generator, params, partials, budget, params.reduce_prompt, depth + 1)

