"""The ``data:`` section of an experiment config: which corpus (the seeds, a folder of articles, or a
FRANK-format benchmark) and how to read it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from research.config import StrictModel
from research.data.loader import DEFAULT_NEAR_DUPLICATE_THRESHOLD


def _existing(value: str) -> str:
    if not Path(value).exists():
        raise ValueError(f"no such file or folder '{value}'")
    return value


ExistingPath = Annotated[str, AfterValidator(_existing)]  # a file or folder that exists when the config is read


class DataConfig(StrictModel):
    """Which corpus to load and how to group its near-duplicates."""

    source: str = "seeds"
    near_duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = DEFAULT_NEAR_DUPLICATE_THRESHOLD

    @field_validator("source")
    @classmethod
    def _source_exists(cls, value: str) -> str:
        if value != "seeds" and not Path(value).exists():
            raise ValueError(f"no such file or folder '{value}'")
        return value


class FrankDataConfig(StrictModel):
    """A FRANK-format benchmark: the JSONL form or a folder of FRANK's own files (``research.data.frank``)."""

    path: ExistingPath = "data/frank/frank-valid.jsonl"
    split: str | None = None  # only this split's summaries (FRANK's own files hold valid and test); null: all
