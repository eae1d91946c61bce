"""The parameters of the verified summarizer (``research.summarization.verified``) and their checks.

Every check names its key (``system.<parameter>``) in the one-line config error.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from research.faithfulness.registry import checker_section
from research.summarization.budget import Budget
from research.summarization.chat_lm import DEFAULT_PROMPT
from research.summarization.prompting import LMParams, check_template
from research.summarization.registry import Extractor

COMPRESS_PROMPT = ("Shorten this sentence from a news article to at most {length}. Keep who does what to whom, "
                   "and keep names and numbers exactly. Write only the shortened sentence.\n\nSentence: {text}")
REPAIR_PROMPT = ("Rewrite the sentence so that it states only what the evidence states, in at most {length}. "
                 "Write only the rewritten sentence.\n\n{text}")
GUARDS = Literal["deletion", "names", "numbers", "entities"]  # deletion: research.summarization.deletion


class VerifiedParams(LMParams):
    prompt: str = DEFAULT_PROMPT  # the LM draft; with chat_lm's settings it is chat_lm's (cached) summary
    lm_draft: bool = True  # draft with ``prompt`` (the draft the draft/verify/repair stages keep)
    draft_prompts: list[str] = []  # further greedy LM drafts (each a whole summary: seconds per article)
    extractors: list[Extractor] = ["lead", "textrank", "embedding_centroid"]
    extract_budget: Budget = Budget(sentences=4)
    compress: bool = True  # add an LM compression of every extracted sentence longer than compress_words
    compress_prompt: str = COMPRESS_PROMPT
    compress_words: Annotated[int, Field(gt=0)] = 20
    repair_prompt: str = REPAIR_PROMPT
    # {name: CHECKER, <options>}: a research.faithfulness checker, as a config's `system` names a system;
    # None: its DEFAULT_CHECKER
    checker: dict[str, Any] | None = None
    guards: list[GUARDS] = ["deletion"]  # checks that must pass too (deletion: no invented word, name or number)
    stage: Literal["draft", "verify", "repair", "select"] = "select"
    position_decay: Annotated[float, Field(ge=0)] = 1.0
    # a closer candidate repeats a chosen sentence: just above the most similar pair of distinct sentences in any
    # seed article (0.743 by all-MiniLM-L6-v2), below most LM compressions against their source (0.67-0.99)
    max_similarity: Annotated[float, Field(gt=0, le=1)] = 0.75

    # its own name: a validator named like LMParams' ``_template`` would replace it, leaving ``prompt`` and
    # ``reduce_prompt`` unchecked
    @field_validator("draft_prompts", "compress_prompt", "repair_prompt")
    @classmethod
    def _pipeline_templates(cls, value: str | list[str]) -> str | list[str]:
        return [check_template(v) for v in value] if isinstance(value, list) else check_template(value)

    @field_validator("checker", mode="before")
    @classmethod
    def _known_checker(cls, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        return checker_section(value, key="checker")

    @field_validator("extractors")
    @classmethod
    def _some_candidates(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not (value or info.data.get("lm_draft") or info.data.get("draft_prompts")):
            raise ValueError("no candidates: give extractors, lm_draft: true or draft_prompts")
        return value

    @field_validator("stage")
    @classmethod
    def _stage_has_a_draft(cls, value: str, info: ValidationInfo) -> str:
        if value != "select" and info.data.get("lm_draft") is False:
            raise ValueError(f"stage '{value}' keeps the LM draft, so it needs lm_draft: true")
        return value
