"""Classification systems, one small module each, looked up by name.

Every module defines ``SYSTEM``: a name, a family, an options model (fixed
settings, plus lists that are searched as a grid inside the training folds)
and ``build(options, seed, definitions) -> (estimator, grid)``. The estimator
takes raw texts and topic names; the grid maps its parameter paths to the
values to try.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Callable, Literal

from pydantic import Field, SerializeAsAny, ValidationError, model_serializer
from sklearn.base import BaseEstimator

from research.classification.augment import Augmented
from research.classification.estimators import WithExtraTexts
from research.classification.knowledge import label_texts as knowledge
from research.config import StrictModel, describe_error, system_mapping
from research.plugins import Registry


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


def _prefixed(grid: Grid, extra: dict[str, list]) -> Grid:
    def prefix(part: dict[str, list]) -> dict[str, list]:
        return {**extra, **{f"estimator__{key}": values for key, values in part.items()}}

    return [prefix(part) for part in grid] if isinstance(grid, list) else prefix(grid)


def with_definitions(estimator: BaseEstimator, grid: Grid, copies: list[int],
                     definitions: dict[str, str], label_texts: str = "definitions") -> tuple[BaseEstimator, Grid]:
    """Add copies of the label knowledge to the training texts; ``copies`` is a grid ([0]: no change).

    ``label_texts``: each topic's definition only, or also its hand-written descriptions (and keywords),
    see ``research.classification.knowledge``.
    """
    if list(copies) == [0]:
        return estimator, grid

    texts, labels = knowledge(definitions, label_texts)
    wrapped = WithExtraTexts(estimator, texts, labels, copies[0])
    return wrapped, _prefixed(grid, {"copies": list(copies)})


Augment = Literal["none", "sentences", "windows"]  # windows: sentences and 2-sentence windows


class KnowledgeOptions(StrictModel):
    """Label knowledge and augmentation for trained systems (both only ever touch training folds)."""

    label_texts: Literal["definitions", "descriptions", "keywords"] = "definitions"
    augment: Augment = "none"


def trained(estimator: BaseEstimator, grid: Grid, options, definitions: dict[str, str]) -> tuple[BaseEstimator, Grid]:
    """``estimator`` with the options' label texts (``label_copies`` copies of them) and augmentation applied."""
    estimator, grid = with_definitions(estimator, grid, options.label_copies, definitions, options.label_texts)
    if options.augment == "none":
        return estimator, grid

    window = 2 if options.augment == "windows" else 0
    return Augmented(estimator, sentences=True, window=window), _prefixed(grid, {})


# The modules that define the built-in systems (each its ``SYSTEM``, which declares its own name), imported on
# the first lookup; plugins need no entry here.
SYSTEMS: Registry[System] = Registry("system", (
    "research.classification.systems.majority",
    "research.classification.systems.stratified",
    "research.classification.systems.tfidf_logreg",
    "research.classification.systems.tfidf_svm",
    "research.classification.systems.tfidf_cnb",
    "research.classification.systems.tfidf_ridge",
    "research.classification.systems.tfidf_char_svm",
    "research.classification.systems.tfidf_union_svm",
    "research.classification.systems.tfidf_select_logreg",
    "research.classification.systems.embedding_logreg",
    "research.classification.systems.zero_shot",
    "research.classification.systems.setfit_logreg",
    "research.classification.systems.stacking",
), lambda obj: isinstance(obj, System))


def get_system(name: str) -> System:
    """The system called ``name``; a ValueError with a did-you-mean lists the choices otherwise."""
    return SYSTEMS.lookup(name)


class ClassifierSystem(StrictModel):
    """A config's ``system`` section, ``{name: NAME, <options>}``: the name, and the options as the system's own
    model checked them. Dumped in the same flat shape it is written in."""

    name: str
    options: SerializeAsAny[StrictModel]

    @model_serializer(mode="wrap")
    def _flat(self, handler: Any) -> dict:
        dumped = handler(self)
        return {"name": dumped["name"], **dumped["options"]}


def validate_system(value: Any, options: Any = None, key: str = "system") -> ClassifierSystem:
    """A ``system`` section as the named system's checked options; a ValueError naming the option otherwise.
    ``options``: an old config's separate ``options:`` key (the error shows the one shape)."""
    if isinstance(value, ClassifierSystem):
        return value
    mapping = system_mapping(value, SYSTEMS.names(), options, key)
    name = mapping["name"]
    model = get_system(name).options
    try:
        checked = model.model_validate({k: v for k, v in mapping.items() if k != "name"})
    except ValidationError as exc:
        raise ValueError(f"system '{name}': {describe_error(exc.errors()[0], model, 'option', list_fields=True)}") \
            from None
    return ClassifierSystem(name=name, options=checked)
