"""Seq2seq: any encoder-decoder summarizer (BART, T5, PEGASUS) by local folder or Hugging Face model id.

No pretrained summarization weights ship with this project; point ``model`` at
a folder (e.g. a download of facebook/bart-large-cnn) or at a model id that is
in the Hugging Face cache (or run with ``--online`` once to fetch it).
Generation is deterministic (greedy or beam search; no sampling).
"""

from __future__ import annotations

import copy
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator

from research.cache import path_fingerprint
from research.errors import UserError
from research.models import require_safetensors, resolve_device, resolve_dtype
from research.summarization.base import Summarizer, SystemParams
from research.summarization.budget import drop_unfinished, fit_budget


class Seq2SeqParams(SystemParams):
    model: str  # a local folder with config.json, or a model id such as facebook/bart-large-cnn
    prefix: str = ""  # prepended to every input, e.g. "summarize: " for T5
    max_input_tokens: Annotated[int, Field(gt=0)] = 1024  # longer inputs are truncated
    max_new_tokens: Annotated[int, Field(gt=0)] = 142
    min_new_tokens: Annotated[int, Field(ge=0)] = 0
    num_beams: Annotated[int, Field(gt=0)] = 4
    length_penalty: float = 1.0
    no_repeat_ngram_size: Annotated[int, Field(ge=0)] = 3
    repetition_penalty: Annotated[float, Field(ge=1.0)] = 1.0
    early_stopping: bool = True

    @field_validator("min_new_tokens")
    @classmethod
    def _not_above_max(cls, value: int, info) -> int:
        high = info.data.get("max_new_tokens")
        if high is not None and value > high:
            raise ValueError(f"must not exceed max_new_tokens ({high}), got {value}")
        return value


def _offline() -> bool:
    from huggingface_hub import constants

    return constants.HF_HUB_OFFLINE or os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}


def _looks_like_path(model: str) -> bool:
    return model.startswith(("/", ".", "~")) or "\\" in model or model.count("/") > 1 or model.endswith("/")


def resolve_model(model: str) -> Path | None:
    """The local folder holding ``model``; None for a model id that may still be downloaded (online)."""
    path = Path(model).expanduser()
    if path.exists():
        if not (path / "config.json").is_file():
            raise UserError(f"seq2seq model folder '{model}' has no config.json")
        return path
    if _looks_like_path(model):
        raise UserError(f"seq2seq model folder '{model}' does not exist")
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(model, "config.json")
    if isinstance(cached, str):
        return Path(cached).parent  # the cached snapshot folder
    if _offline():
        raise UserError(
            f"seq2seq model '{model}' is neither a local folder nor in the Hugging Face cache, and downloads are "
            f"off (HF_HUB_OFFLINE=1): fetch it once with --online, or set system.model to a local folder")
    return None


@lru_cache(maxsize=2)
def load_model(source: str, device: str, dtype: str):
    """(model, tokenizer) from a folder or (online) a model id, once per process."""
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    require_safetensors(source)  # a folder of pickle-based weights only: refused before anything reads it
    # B615 (no revision pin): `source` is a local folder, hashed into the cache key and provenance, or a model id
    # the user named with --online (offline by default); the weights are safetensors either way.
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)  # nosec B615 # local folder or the user's --online id
        model = AutoModelForSeq2SeqLM.from_pretrained(  # nosec B615 # as above
            source, dtype=getattr(torch, dtype), use_safetensors=True)
    except (OSError, ValueError) as exc:  # not a seq2seq model, missing files, unknown id
        raise UserError(f"cannot load seq2seq model '{source}': {str(exc).splitlines()[0]}") from None
    return model.to(device).eval(), tokenizer


class Seq2Seq(Summarizer):
    name = "seq2seq"
    uses_seed = False  # beam search, no sampling
    Params = Seq2SeqParams

    def _source(self) -> str:
        folder = resolve_model(self.params.model)
        if folder is None:  # online and not cached yet: download through from_pretrained, then find it
            device = resolve_device(self.runtime.device)
            load_model(self.params.model, device, resolve_dtype(self.runtime.dtype, device))
            folder = resolve_model(self.params.model)
        return str(folder)

    def fingerprint(self) -> dict:
        return {"model_sha256": path_fingerprint(Path(self._source()))}

    def runtime_identity(self) -> dict:
        device = resolve_device(self.runtime.device)
        return {"device": device, "dtype": resolve_dtype(self.runtime.dtype, device)}

    def _generation_config(self, model):
        config = copy.deepcopy(model.generation_config)  # keeps the model's decoder start / forced BOS tokens
        p = self.params
        config.update(do_sample=False, num_beams=p.num_beams, max_new_tokens=p.max_new_tokens,
                      min_new_tokens=p.min_new_tokens, min_length=None, max_length=None, length_penalty=p.length_penalty,
                      no_repeat_ngram_size=p.no_repeat_ngram_size, repetition_penalty=p.repetition_penalty,
                      early_stopping=p.early_stopping, temperature=None, top_k=None, top_p=None)
        return config

    def _summarize(self, texts: list[str]) -> list[str]:
        import torch

        device = resolve_device(self.runtime.device)
        model, tokenizer = load_model(self._source(), device, resolve_dtype(self.runtime.dtype, device))
        config = self._generation_config(model)
        model.generation_config = config  # generate() warns when the model's own min/max_length are also set
        summaries = []
        for start in range(0, len(texts), self.runtime.batch_size):
            batch = [self.params.prefix + " ".join(t.split()) for t in texts[start:start + self.runtime.batch_size]]
            inputs = tokenizer(batch, truncation=True, max_length=self.params.max_input_tokens, padding=True,
                               return_tensors="pt").to(device)
            with torch.inference_mode():
                output = model.generate(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"],
                                        generation_config=config)
            for text in tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=True):
                text = drop_unfinished(" ".join(text.split()))
                summaries.append(fit_budget(text, self.budget))  # an empty text stays empty
        return summaries
