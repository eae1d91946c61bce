"""The summarization experiment: one system summarizes every article of a corpus.

``configs/summarize-<system>.yaml`` each name one system. ``summarize_articles``
returns ``[{id, summary}]`` through the on-disk summary cache (the evaluation
report calls it for every system); ``summarize_file`` backs ``research summarize``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import Field, SerializeAsAny, ValidationInfo, field_validator, model_validator

from research.cache import JsonCache
from research.config import ExperimentConfig, StrictModel
from research.data.config import DataConfig
from research.data.loader import article_rows
from research.data.sources import corpus_fingerprint
from research.errors import ConfigError
from research.io import DEFAULT_MAX_LINE_BYTES, atomic_write_text, check_output_path, dumps_jsonl
from research.jsonl import read_text_inputs
from research.parallel import ParallelConfig
from research.summarization.base import Runtime, Summarizer, SystemParams
from research.summarization.budget import Budget, count_words
from research.summarization.parallel import summarize_parallel
from research.summarization.registry import build_summarizer, get_system, validate_system
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput, load_config


RUNTIME_KEYS = ("device", "dtype", "batch_size", "threads")


class RuntimeConfig(StrictModel):
    device: Literal["auto", "cpu", "cuda"] = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    batch_size: Annotated[int, Field(gt=0)] = 8
    threads: Annotated[int, Field(gt=0)] | None = None  # CPU threads of the llama_cpp chat LM; null: physical cores


class SummarizationConfig(ExperimentConfig):
    experiment: Literal["summarization"]
    system: SerializeAsAny[SystemParams]  # {name: <system>, ...its parameters}
    budget: Budget = Budget()  # {words: 60} (the default) or {sentences: 3}
    runtime: RuntimeConfig = RuntimeConfig()  # where and how the model runs: never part of the system's parameters
    data: DataConfig = DataConfig()
    max_line_bytes: Annotated[int, Field(gt=0)] = DEFAULT_MAX_LINE_BYTES  # for `research summarize` inputs
    cache: bool = True  # reuse and store summaries in the on-disk cache (research.cache)
    parallel: ParallelConfig = ParallelConfig()  # local (this process) or ray (research.parallel)

    @model_validator(mode="before")
    @classmethod
    def _runtime_in_one_place(cls, data: Any) -> Any:
        moved = {k: data[k] for k in RUNTIME_KEYS if isinstance(data, dict) and k in data}
        if moved:  # the old shape: runtime settings at the top level
            shape = yaml.safe_dump(moved, default_flow_style=True, sort_keys=False, width=10**6).strip()
            raise ValueError(f"write runtime: {shape} (the one place of runtime settings; "
                             f"'{next(iter(moved))}' at the top level is not read)")
        return data

    @field_validator("system", mode="before")
    @classmethod
    def _known_system(cls, value: Any) -> SystemParams:
        return validate_system(value)

    @field_validator("budget")
    @classmethod
    def _budget_fits_the_system(cls, value: Budget, info: ValidationInfo) -> Budget:
        system = info.data.get("system")
        if system is not None:
            get_system(system.name).check_budget(value)
        return value

    @property
    def device(self) -> str:  # what the run's provenance records
        return self.runtime.device


def _runtime(config: SummarizationConfig) -> Runtime:
    settings = config.runtime
    return Runtime(device=settings.device, dtype=settings.dtype, batch_size=settings.batch_size, seed=config.seed,
                   threads=settings.threads)


def make_summarizer(config: SummarizationConfig) -> Summarizer:
    return build_summarizer(config.system, config.budget, _runtime(config))


def _summarize(config: SummarizationConfig, texts: list[str], progress: bool, stats: dict | None) -> list[str]:
    summarizer = make_summarizer(config)  # on this machine too: the cache key needs its identity
    return summarize_parallel(summarizer, config.system, config.budget, _runtime(config), config.parallel, texts,
                              JsonCache("summaries") if config.cache else None, progress=progress, stats=stats)


def summarize_texts(config: SummarizationConfig, texts: list[str], progress: bool = False) -> list[str]:
    """One summary per text by the config's system, in order, through the summary cache."""
    return _summarize(config, texts, progress, None)


def _articles(config: SummarizationConfig, progress: bool = False) -> list[dict]:
    return article_rows(config.data.source, config.data.near_duplicate_threshold, progress=progress)


def summarize_articles(config: SummarizationConfig, progress: bool = False) -> list[dict]:
    """``[{id, summary}]`` for the configured corpus, in article order, through the summary cache."""
    articles = _articles(config, progress)
    summaries = _summarize(config, [a["text"] for a in articles], progress, None)
    return [{"id": a["id"], "summary": s} for a, s in zip(articles, summaries)]


def summarize_file(config_path: Path | str, input_path: Path | str, output_path: Path | str,
                   overrides: list[str] | tuple[str, ...] = (), progress: bool = False) -> int:
    """Summarize each line of a JSONL file (``text``, optional ``id``) into ``{id, summary}`` lines.

    Everything is validated before any model runs, and the output is written
    in one atomic step at the end, so a failure leaves no partial file.
    Returns the number of lines written.
    """
    config = load_config(config_path, overrides)
    if not isinstance(config, SummarizationConfig):
        raise ConfigError(f"{config_path}: `research summarize` needs a summarization config "
                          f"(experiment: summarization), got experiment '{config.experiment}'")
    check_output_path(Path(output_path), Path(input_path))
    rows = read_text_inputs(Path(input_path), config.max_line_bytes)
    summaries = _summarize(config, [row["text"] for row in rows], progress, None)
    atomic_write_text(Path(output_path), dumps_jsonl({"id": r["id"], "summary": s} for r, s in zip(rows, summaries)))
    return len(rows)


def run(config: SummarizationConfig, context: RunContext) -> TaskOutput:
    articles = _articles(config, context.progress)
    summarizer = make_summarizer(config)
    label = summarizer.display_name()
    stats: dict = {}
    started = time.perf_counter()
    summaries = _summarize(config, [a["text"] for a in articles], context.progress, stats)
    seconds = time.perf_counter() - started
    words = [count_words(s) for s in summaries]
    context.logger.info("%s: %d articles in %.2f s (%s cached, %s computed)", label, len(articles), seconds,
                        stats.get("cached", "-"), stats.get("computed", "-"))
    rows = sorted([a["id"], n] for a, n in zip(articles, words))
    table = Table(
        title=f"Summary lengths: {label}",
        columns=["article", "words"],
        rows=rows,
        notes=[f"system: {label}; budget: {config.budget.describe()}; words are whitespace tokens."],
    )
    metrics = {
        "system": summarizer.name, "label": label, "budget": config.budget.describe(), "articles": len(articles),
        "mean_words": sum(words) / len(words), "min_words": min(words), "max_words": max(words),
        "wall_seconds": round(seconds, 3), **({"cached": stats["cached"], "computed": stats["computed"]}
                                            if stats else {}),
    }
    return TaskOutput(
        tables={"summary_lengths": table}, metrics=metrics,
        predictions=[{"id": a["id"], "summary": s} for a, s in zip(articles, summaries)],
        input_hash=corpus_fingerprint(articles),
    )


TASK = Task("summarization", SummarizationConfig, run)
