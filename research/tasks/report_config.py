"""The config sections every report shares: the bootstrap, and variants (ablation rows).

A report lists system configs and scores them under one protocol. Its ablation rows have one shape in every
report, ``variants: [{name, system, set}]``: a listed system (by name) run again with ``--set``-style
overrides. Its intervals have one: ``bootstrap: {samples, confidence}``. ``research.tasks.report_runner`` turns
the systems and variants into the report's rows and runs them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from research.config import ExperimentConfig, StrictModel


class BootstrapConfig(StrictModel):
    samples: Annotated[int, Field(ge=20)] = 1000
    confidence: Annotated[float, Field(gt=0, lt=1)] = 0.95

    @property
    def level(self) -> str:
        """The interval's level as tables print it: '95%'."""
        return f"{self.confidence * 100:g}%"


class Variant(StrictModel):
    name: Annotated[str, Field(min_length=1)]  # the row's name, e.g. "verified: drafts only"
    system: Annotated[str, Field(min_length=1)]  # a system of the report (the name one of its configs runs)
    set: list[str] = []  # key.path=value overrides of that system's config


def check_variant_names(variants: list[Variant], systems: list[str]) -> None:
    """Each variant names a listed system and a new row name; a ValueError says which variant is wrong."""
    seen = set(systems)
    for index, variant in enumerate(variants):
        if variant.system not in systems:
            raise ValueError(f"variant {index} ('{variant.name}'): unknown system '{variant.system}' "
                             f"(choose from: {', '.join(systems)})")
        if variant.name in seen:
            raise ValueError(f"variant {index}: the name '{variant.name}' is already a row")
        seen.add(variant.name)


class ScoredExperimentConfig(ExperimentConfig):
    """An experiment scored with bootstrap intervals (every report, and a classifier's run): an older shape of its
    sections fails with one line showing the new one, rather than 'unknown key'."""

    @model_validator(mode="before")
    @classmethod
    def _no_old_shape(cls, data: Any) -> Any:
        if isinstance(data, dict) and "bootstrap_resamples" in data:
            raise ValueError(f"write bootstrap: {{samples: {data['bootstrap_resamples']}}} "
                             f"(the one bootstrap section of every report; 'bootstrap_resamples' is not read)")
        if isinstance(data, dict) and "ablation" in data:
            raise ValueError("write variants: [{name: ROW, system: LISTED SYSTEM, set: [KEY=VALUE, ...]}] (the one "
                             "shape of ablation rows in every report; 'ablation' is not read)")
        return data
