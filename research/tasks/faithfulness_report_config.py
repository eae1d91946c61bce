"""The faithfulness report's config: the checkers to score, the combination's members and C, the bootstrap and
the table name, each checker name checked before anything runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from research.config import suggest
from research.faithfulness import checker_names
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig

SINGLE = ("names", "numbers", "entities", "alignment", "relations", "units")


class FaithfulnessReportConfig(ScoredExperimentConfig):
    experiment: Literal["faithfulness_report"]
    checkers: Annotated[list[str], Field(min_length=1)] = list(SINGLE) + ["combined"]
    members: Annotated[list[str], Field(min_length=1)] = ["units"]
    # more combinations as ablation rows after the checkers: row name -> its members (refitted like combined's)
    combinations: dict[str, Annotated[list[str], Field(min_length=1)]] = {}
    C: Annotated[float, Field(gt=0)] = 1.0
    bootstrap: BootstrapConfig = BootstrapConfig(samples=2000)
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "faithfulness"

    @field_validator("checkers", "members")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in checker_names():
                raise ValueError(f"unknown checker '{name}'{suggest(name, checker_names())}")
        return value

    @field_validator("combinations")
    @classmethod
    def _known_members(cls, value: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        for row, members in value.items():
            if row in info.data.get("checkers", []):
                raise ValueError(f"combination '{row}' has a listed checker's name; give the row a name of its own")
            for name in members:
                if name == "combined" or name not in checker_names():
                    raise ValueError(f"combination '{row}': unknown member checker '{name}'"
                                     f"{suggest(name, [c for c in checker_names() if c != 'combined'])}")
        return value
