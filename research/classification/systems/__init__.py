"""Classification systems, one small module each, looked up by name.

Every module defines ``SYSTEM``: a name, a family, an options model (fixed
settings, plus lists that are searched as a grid inside the training folds)
and ``build(options, seed, definitions) -> (estimator, grid)``. The estimator
takes raw texts and topic names; the grid maps its parameter paths to the
values to try.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any, Callable

from pydantic import Field
from sklearn.base import BaseEstimator

from research.config import StrictModel
from research.data.annotations import TOPICS

FAMILIES = ("baseline", "tfidf", "embedding", "zero_shot")

SYSTEM_MODULES = (
    "majority", "stratified",
    "tfidf_logreg", "tfidf_svm", "tfidf_cnb", "tfidf_ridge", "tfidf_char_svm", "tfidf_union_svm",
    "embedding_logreg", "zero_shot",
)


@dataclass(frozen=True)
class System:
    name: str
    family: str
    summary: str
    options: type[StrictModel]
    build: Callable[[Any, int, dict[str, str]], tuple[BaseEstimator, "Grid"]]


def grid_of(values_type: Any, default: list) -> Any:
    """A list option that the nested grid search tries value by value (at least one value)."""
    return Annotated[list[values_type], Field(min_length=1, default_factory=lambda: list(default))]


class NoOptions(StrictModel):
    """Systems without settings."""


Grid = dict[str, list] | list[dict[str, list]]  # as sklearn's ParameterGrid takes it


def with_definitions(estimator: BaseEstimator, grid: Grid, copies: list[int],
                     definitions: dict[str, str]) -> tuple[BaseEstimator, Grid]:
    """Add copies of each label definition to the training texts; ``copies`` is a grid ([0]: no change)."""
    if list(copies) == [0]:
        return estimator, grid
    from research.classification.estimators import WithExtraTexts

    wrapped = WithExtraTexts(estimator, tuple(definitions[t] for t in TOPICS), TOPICS, copies[0])

    def prefix(part: dict[str, list]) -> dict[str, list]:
        return {"copies": list(copies), **{f"estimator__{key}": values for key, values in part.items()}}

    return wrapped, [prefix(part) for part in grid] if isinstance(grid, list) else prefix(grid)


def _registry() -> dict[str, System]:
    systems = [importlib.import_module(f"{__name__}.{module}").SYSTEM for module in SYSTEM_MODULES]
    return {system.name: system for system in systems}


SYSTEMS: dict[str, System] = _registry()


def get_system(name: str) -> System:
    """The system called ``name``; a ValueError listing the choices otherwise."""
    from research.config import suggest

    if name not in SYSTEMS:
        raise ValueError(f"unknown system {name!r}{suggest(name, sorted(SYSTEMS))} "
                         f"(choose from: {', '.join(SYSTEMS)})")
    return SYSTEMS[name]
