"""The summarizer configs a report lists: where each file is, which system it runs, each one loaded and
checked (the summarization report, its variants, the LM agreement report)."""

from __future__ import annotations

from pathlib import Path

from research.errors import ConfigError
from research.paths import PROJECT_ROOT
from research.tasks import load_config
from research.tasks.summarization import SummarizationConfig

_NAMES: dict[tuple, str] = {}


def resolve(config_path: str) -> Path:
    """A listed config path: as given when it exists (or is absolute), else relative to the project root."""
    path = Path(config_path)
    return path if path.is_absolute() or path.exists() else PROJECT_ROOT / path


def system_name(config_path: str) -> str:
    """The name of the system a listed summarizer config runs (its ``system.name``; the file name does not
    matter): the report's identity for its row."""
    path = resolve(config_path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)  # the validators ask once per listed config each
    if key not in _NAMES:
        _NAMES[key] = load_systems([config_path])[0].system.name
    return _NAMES[key]


def load_systems(paths: list[str]) -> list[SummarizationConfig]:
    """Every listed config, validated before anything runs; each must be a summarizer config."""
    return [load_summarizer(path) for path in paths]


def load_summarizer(path: str, overrides: list[str] | tuple[str, ...] = ()) -> SummarizationConfig:
    """A listed summarizer config loaded with ``overrides`` (a variant's); a ConfigError for any other kind."""
    config = load_config(resolve(path), overrides)
    if not isinstance(config, SummarizationConfig):
        raise ConfigError(f"{path}: the summarization report needs summarizer configs (experiment: "
                          f"summarization), got experiment '{config.experiment}'")
    return config
