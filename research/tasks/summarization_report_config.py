"""The summarization report's config: the listed summarizer configs, the baseline, labels and ablation rows,
each checked against the listed systems before anything runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from research.faithfulness.registry import known_checker
from research.parallel import ParallelConfig
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig, Variant
from research.tasks.summarization_variants import check_variants
from research.tasks.summarizer_configs import resolve, system_name

DEFAULT_RESAMPLES = 10_000


class SummarizationReportConfig(ScoredExperimentConfig):
    experiment: Literal["summarization_report"]
    systems: Annotated[list[str], Field(min_length=1)]  # summarizer configs, one per system
    baseline: str = "lead"  # the system every other is tested against (Lead-3)
    labels: dict[str, str] = {}  # system -> what it is, shown after its name (e.g. oracle: extractive ceiling)
    human_ceiling: bool = True
    bootstrap: BootstrapConfig = BootstrapConfig(samples=DEFAULT_RESAMPLES)  # also the permutation test's draws
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "summarization"
    parallel: ParallelConfig = ParallelConfig()  # for every system it runs (their own `parallel` is not used)
    faithfulness_checker: str | None = None  # share of unsupported sentences by this checker (None: the default)
    variants: list[Variant] = []  # ablation rows: a listed system with overrides, right after that system's row

    @field_validator("systems")
    @classmethod
    def _systems_exist_once(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for path in value:
            if not resolve(path).is_file():
                raise ValueError(f"no such summarizer config '{path}'")
            name = system_name(path)
            if name in seen:
                raise ValueError(f"system '{name}' is listed twice ({path}; compare settings of one system "
                                 f"with variants)")
            seen.add(name)
        return value

    @field_validator("faithfulness_checker")
    @classmethod
    def _known_checker(cls, value: str | None) -> str | None:
        return value if value is None else known_checker(value)

    @field_validator("baseline")
    @classmethod
    def _baseline_is_a_system(cls, value: str, info: ValidationInfo) -> str:
        names = [system_name(p) for p in info.data.get("systems", [])]
        if names and value not in names:
            raise ValueError(f"unknown system '{value}' (choose from: {', '.join(names)})")
        return value

    @field_validator("variants")
    @classmethod
    def _variants_name_systems(cls, value: list[Variant], info: ValidationInfo) -> list[Variant]:
        return check_variants(value, info.data.get("systems", []))

    @field_validator("labels")
    @classmethod
    def _labels_name_systems(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        names = [system_name(p) for p in info.data.get("systems", [])]
        for name in value:
            if names and name not in names:
                raise ValueError(f"unknown system '{name}' (choose from: {', '.join(names)})")
        return value
