"""The classification report's config: the listed classification configs, the baseline, the learning curve,
the ablation rows (``variants``) and table names, each checked against the listed systems before anything runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from research.classification.data import seed_paragraphs
from research.classification.systems import get_system
from research.config import StrictModel
from research.errors import ConfigError
from research.parallel import ParallelConfig
from research.paths import PROJECT_ROOT
from research.tasks import load_config
from research.tasks.classification import ArticleConfig, TableName
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig, Variant, check_variant_names


def _config_file(value: str) -> str:
    """Paths are relative to the project root (like the reproduce manifest)."""
    if not (PROJECT_ROOT / value).is_file():
        raise ValueError(f"no such config file '{value}'")
    return value


ConfigFile = Annotated[str, Field(min_length=1)]  # relative to the project root


class LearningCurveConfig(StrictModel):
    systems: Annotated[list[str], Field(min_length=1)]
    sizes: Annotated[list[Annotated[int, Field(gt=0)]], Field(min_length=1)]
    repeats: Annotated[int, Field(gt=0)] = 5


class ReportTables(StrictModel):
    main: TableName = "classification"
    per_class: TableName = "classification-per-class"
    articles: TableName = "classification-articles"
    learning_curve: TableName = "classification-learning-curve"
    ablation: TableName = "classification-ablation"
    calibration: TableName = "classification-calibration"


class ReportFigures(StrictModel):
    confusion: TableName = "classification-confusion"
    learning_curve: TableName = "classification-learning-curve"
    reliability: TableName = "classification-reliability"


def load_system_config(path: str, overrides: list[str] | tuple[str, ...] = ()):
    """A listed classification config, loaded with ``overrides``; a ConfigError naming it otherwise."""
    shown = Path(path)  # as written when the working folder is the project root (shorter messages)
    config = load_config(shown if shown.resolve() == (PROJECT_ROOT / path).resolve() else PROJECT_ROOT / path,
                         overrides)
    if config.experiment != "classification":
        raise ConfigError(f"{path}: key 'experiment': expected a 'classification' config, got '{config.experiment}'")
    return config


def _check_listed(wanted: list[str], info: ValidationInfo, where: str) -> None:
    """A ValueError for the first of ``wanted`` that is not a listed system (once ``systems`` is valid)."""
    if "systems" not in info.data:
        return
    names = _system_names(info.data["systems"])
    for name in wanted:
        if name not in names:
            raise ValueError(f"{where}'{name}' is not one of the systems ({', '.join(names)})")


def _system_names(paths: list[str]) -> list[str]:
    """The system of each listed config; a ValueError (shown under the report's key) on any problem."""
    names = []
    for path in paths:
        _config_file(path)
        try:
            names.append(load_system_config(path).system.name)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        if names[-1] in names[:-1]:
            raise ValueError(f"{paths[names.index(names[-1])]} and {path} both use system '{names[-1]}'")
    return names


class ClassificationReportConfig(ScoredExperimentConfig):
    experiment: Literal["classification_report"]
    systems: Annotated[list[ConfigFile], Field(min_length=1)]
    baseline: str = "majority"
    bootstrap: BootstrapConfig = BootstrapConfig()
    permutations: Annotated[int, Field(ge=99)] = 4999
    article: ArticleConfig = ArticleConfig()
    learning_curve: LearningCurveConfig
    variants: list[Variant] = []  # ablation rows: a listed system with overrides
    tables: ReportTables = ReportTables()
    figures: ReportFigures = ReportFigures()
    parallel: ParallelConfig = ParallelConfig()  # for every system it runs (their own `parallel` is not used)

    @field_validator("systems")
    @classmethod
    def _valid_systems(cls, value: list[str]) -> list[str]:
        names = _system_names(value)
        if not any(get_system(n).family == "tfidf" for n in names):
            raise ValueError("no TF-IDF system to compare against")
        return value

    @field_validator("baseline")
    @classmethod
    def _baseline_listed(cls, value: str, info: ValidationInfo) -> str:
        _check_listed([value], info, "")
        return value

    @field_validator("learning_curve")
    @classmethod
    def _curve_systems_listed(cls, value: LearningCurveConfig, info: ValidationInfo) -> LearningCurveConfig:
        _check_listed(value.systems, info, "systems: ")
        total = len(seed_paragraphs())
        for size in value.sizes:
            if size > total:
                raise ValueError(f"sizes: {size} is more than the {total} seed paragraphs")
        return value

    @field_validator("variants")
    @classmethod
    def _variants_apply(cls, value: list[Variant], info: ValidationInfo) -> list[Variant]:
        if "systems" not in info.data:
            return value
        paths = system_paths(info.data["systems"])
        check_variant_names(value, list(paths))
        for index, variant in enumerate(value):
            try:
                load_system_config(paths[variant.system], variant.set)
            except ConfigError as exc:
                raise ValueError(f"variant {index} ('{variant.name}'): {exc}") from None
        return value


def system_paths(paths: list[str]) -> dict[str, str]:
    """Each listed system's name -> its config path (the configs are valid: ``systems`` was checked first)."""
    return dict(zip(_system_names(paths), paths))
