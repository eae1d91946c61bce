"""The one interface every chat-model backend implements (``research.lm.transformers_backend``, ``.llama_cpp_backend``).

A ``ChatModel`` takes chat messages (``[{"role": ..., "content": ...}]``), formats them with the model's own
chat template and then: counts or encodes the prompt, generates greedily (one conversation or several), or
scores candidate answers as the next tokens. Decoding is always greedy, so outputs are deterministic. Apart from
chats, ``continuation_logprobs`` scores plain token sequences: each continuation's tokens after one shared prefix.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

Messages = list[dict]


@dataclass(frozen=True)
class GenerationSettings:
    """Greedy decoding limits: ``max_new_tokens``; 1.0 and 0 switch the two repetition controls off."""

    max_new_tokens: int = 128
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0


class ChatModel(ABC):
    """A loaded chat model. ``calls`` counts generation calls (one per ``generate`` or ``generate_many``)."""

    backend: ClassVar[str]

    def __init__(self) -> None:
        self.calls = 0

    @abstractmethod
    def encode(self, messages: Messages) -> list[int]:
        """Token ids of the prompt: the chat template applied, with the assistant's generation prompt."""

    def count_tokens(self, messages: Messages) -> int:
        return len(self.encode(messages))

    @abstractmethod
    def tokenize(self, text: str) -> list[int]:
        """Token ids of plain text (no special tokens, no chat template)."""

    def truncate(self, text: str, max_tokens: int) -> str:
        """``text`` cut to its first ``max_tokens`` tokens."""
        return self.decode(self.tokenize(text)[:max_tokens])

    @abstractmethod
    def generate_tokens(self, messages: Messages, settings: GenerationSettings) -> list[int]:
        """The greedy answer's token ids (end-of-generation token excluded)."""

    @abstractmethod
    def decode(self, tokens: list[int]) -> str:
        """Text of generated token ids, special tokens skipped."""

    def generate(self, messages: Messages, settings: GenerationSettings) -> str:
        """The greedy answer to one conversation."""
        answer = self.decode(self.generate_tokens(messages, settings))
        self.calls += 1
        return answer

    def generate_many(self, conversations: list[Messages], settings: GenerationSettings) -> list[str]:
        """One greedy answer per conversation (in one call where the backend batches)."""
        answers = [self.decode(self.generate_tokens(m, settings)) for m in conversations]
        self.calls += 1
        return answers

    @abstractmethod
    def next_token_logprobs(self, messages: Messages, candidates: list[str]) -> dict[str, float]:
        """Natural-log probability of each candidate answer right after the prompt.

        A candidate is tokenised as the start of the answer; its score is the sum of its tokens' log
        probabilities (teacher-forced), so a one-token candidate ("Yes", "No") gets the next token's log
        probability over the whole vocabulary.
        """

    @abstractmethod
    def continuation_logprobs(self, prefix: list[int], continuations: list[list[int]]) -> list[list[float]]:
        """Per continuation, the natural-log probability of each of its tokens given ``prefix`` and the
        continuation's earlier tokens (teacher-forced; no chat template, token ids as given).

        The continuations are scored independently of each other and of their order.
        """


def check_continuations(prefix: list[int], continuations: list[list[int]]) -> None:
    if not prefix:
        raise ValueError("prefix: give at least one token (the first continuation token is predicted from it)")
    for tokens in continuations:
        if not tokens:
            raise ValueError("continuations: every continuation must have at least one token, got []")


def check_candidates(candidates: list[str]) -> None:
    if not candidates:
        raise ValueError("candidates: give at least one candidate answer")
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate:
            raise ValueError(f"candidates: every candidate must be a non-empty string, got {candidate!r}")
