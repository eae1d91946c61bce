"""The chat model on Hugging Face ``transformers`` (any device torch has; GGUF files de-quantised).

transformers de-quantises a GGUF on every load (tens of seconds), so the first load saves the de-quantised
weights and tokenizer with ``save_pretrained`` (safetensors) into the cache, keyed by the GGUF's sha256;
later loads read that folder in about a second. A transformers folder is loaded as it is.
"""

from __future__ import annotations

from pathlib import Path

from research.cache import cache_key, cached_folder, file_sha256
from research.errors import UserError
from research.lm.base import ChatModel, GenerationSettings, Messages, check_candidates, check_continuations
from research.models import require_safetensors


def convert_gguf(gguf: Path, folder: Path) -> None:
    """De-quantise a GGUF once and save it as an ordinary transformers folder (safetensors)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    # A local GGUF file (its sha256 keys the converted folder): no hub revision to pin.
    try:
        tokenizer = AutoTokenizer.from_pretrained(  # nosec B615 # a local GGUF file
            str(gguf.parent), gguf_file=gguf.name)
        loaded = AutoModelForCausalLM.from_pretrained(  # nosec B615 # a local GGUF file
            str(gguf.parent), gguf_file=gguf.name, use_safetensors=True)
    except (ValueError, OSError, KeyError, RuntimeError) as exc:
        raise UserError(f"{gguf}: transformers cannot load this GGUF (backend 'transformers'): "
                        f"{str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}") from None
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


def weights_folder(path: Path) -> Path:
    """A transformers folder for a resolved model path: itself, or the cached conversion of its GGUF."""
    if path.is_dir():
        return path
    key = cache_key({}, {"gguf_sha256": file_sha256(path)}, [__name__])  # this module's code and its libraries
    return cached_folder("gguf-weights", key, lambda folder: convert_gguf(path, folder))


class TransformersChatModel(ChatModel):
    """A causal LM and its tokenizer on ``device``; batched generation pads prompts on the left."""

    backend = "transformers"

    def __init__(self, model, tokenizer, device: str):
        super().__init__()
        self.model = model
        self.tokenizer = tokenizer
        self.device = device

    @classmethod
    def load(cls, folder: str, device: str, dtype: str) -> "TransformersChatModel":
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        require_safetensors(folder)  # a local folder (resolve_model): never one holding only pickle-based weights
        tokenizer = AutoTokenizer.from_pretrained(folder)  # nosec B615 # local folder hashed into the cache key
        model = AutoModelForCausalLM.from_pretrained(  # nosec B615 # local folder hashed into the cache key
            folder, dtype=getattr(torch, dtype), use_safetensors=True)
        return cls(model.to(device).eval(), tokenizer, device)

    def _inputs(self, messages: Messages):
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                  return_dict=True).to(self.device)

    def encode(self, messages: Messages) -> list[int]:
        return self._inputs(messages)["input_ids"][0].tolist()

    def encode_many(self, conversations: list[Messages]):
        """Several prompts as one batch, padded on the left (decoder-only: new tokens follow every prompt)."""
        side = self.tokenizer.padding_side
        self.tokenizer.padding_side = "left"
        try:
            return self.tokenizer.apply_chat_template(conversations, add_generation_prompt=True, padding=True,
                                                      return_tensors="pt", return_dict=True).to(self.device)
        finally:
            self.tokenizer.padding_side = side

    def tokenize(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def decode(self, tokens: list[int]) -> str:
        return self.tokenizer.decode(tokens, skip_special_tokens=True)

    def end_tokens(self) -> list[int]:
        eos = self.model.generation_config.eos_token_id
        eos = [eos] if isinstance(eos, int) else list(eos or [])
        if self.tokenizer.eos_token_id is not None and self.tokenizer.eos_token_id not in eos:
            eos.append(self.tokenizer.eos_token_id)
        return eos

    def generation_config(self, settings: GenerationSettings):
        """Greedy decoding with the settings' limits, stopping at any of the model's end tokens."""
        from transformers import GenerationConfig

        eos = self.end_tokens()
        return GenerationConfig(
            do_sample=False, num_beams=1, max_new_tokens=settings.max_new_tokens,
            repetition_penalty=settings.repetition_penalty, no_repeat_ngram_size=settings.no_repeat_ngram_size,
            eos_token_id=eos, pad_token_id=self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None
            else eos[0],
        )

    def _new_tokens(self, row, start: int) -> list[int]:
        tokens, ends = row[start:].tolist(), set(self.end_tokens())
        for i, token in enumerate(tokens):
            if token in ends:
                return tokens[:i]
        return tokens

    def generate_tokens(self, messages: Messages, settings: GenerationSettings) -> list[int]:
        import torch

        inputs = self._inputs(messages)
        with torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=self.generation_config(settings))
        return self._new_tokens(output[0], inputs["input_ids"].shape[1])

    def generate_many(self, conversations: list[Messages], settings: GenerationSettings) -> list[str]:
        """One answer per conversation from one batched ``generate`` (prompts padded on the left).

        Faster per prompt, but padding changes the numerics, so an answer can differ from ``generate``'s for
        the same prompt; ``benchmarks/test_lm.py`` measures both.
        """
        import torch

        inputs = self.encode_many(conversations)
        with torch.inference_mode():
            output = self.model.generate(**inputs, generation_config=self.generation_config(settings))
        self.calls += 1
        start = inputs["input_ids"].shape[1]
        return [self.decode(self._new_tokens(row, start)) for row in output]

    def next_token_logprobs(self, messages: Messages, candidates: list[str]) -> dict[str, float]:
        import torch

        check_candidates(candidates)
        prompt = self.encode(messages)
        scores = {}
        with torch.inference_mode():
            # One pass over the prompt scores every candidate's first token; a longer candidate costs one more.
            ids = torch.tensor([prompt], device=self.device)
            first = torch.log_softmax(self.model(input_ids=ids).logits[0, -1].float(), dim=-1)
            for candidate in candidates:
                answer = self.tokenize(candidate)
                total = float(first[answer[0]])
                if len(answer) > 1:  # the rest of a multi-token answer, teacher-forced
                    ids = torch.tensor([prompt + answer[:-1]], device=self.device)
                    rest = torch.log_softmax(self.model(input_ids=ids).logits[0, len(prompt):].float(), dim=-1)
                    total += float(rest[torch.arange(len(answer) - 1), torch.tensor(answer[1:])].sum())
                scores[candidate] = total
        return scores

    def continuation_logprobs(self, prefix: list[int], continuations: list[list[int]]) -> list[list[float]]:
        """One forward pass over prefix + continuation per continuation (the prefix is not reused here)."""
        import torch

        check_continuations(prefix, continuations)
        out = []
        with torch.inference_mode():
            for tokens in continuations:
                ids = torch.tensor([prefix + tokens[:-1]], device=self.device)
                rows = torch.log_softmax(self.model(input_ids=ids).logits[0, len(prefix) - 1:].float(), dim=-1)
                out.append(rows[torch.arange(len(tokens)), torch.tensor(tokens)].tolist())
        return out
