"""The summarization report: every listed summarizer scored against the two references of each seed article.

Rows: the human ceiling (``ref_a`` scored against ``ref_b`` and the reverse),
then each system in config order (the oracle labelled as the extractive
ceiling), each followed by its ablation rows (``variants``, see
``research.tasks.summarization_variants``). Tables: the main table (ROUGE F1
with bootstrap CIs, semantic similarity, faithfulness proxies, p-value against
the baseline), a ROUGE detail table (P/R/F1 per type) and a per-article table;
figures: ROUGE bars with CIs and coverage against density. Wall-clock seconds per article go to
metrics.json and run.log only, so results/ stays byte-identical.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from research.config import ExperimentConfig
from research.data import load_articles
from research.data.sources import corpus_fingerprint
from research.errors import ConfigError, DataError
from research.parallel import ParallelConfig, session
from research.paths import PROJECT_ROOT
from research.evaluation.metrics import SUMMARY_METRICS
from research.evaluation.rouge import ROUGE_TYPES
from research.tasks import RunContext, Task, TaskOutput, load_config
from research.tasks.summarization_tables import main_table, per_article_table, rouge_table
from research.tasks.summarization_variants import Variant, check_variants, load_variant_configs

DEFAULT_RESAMPLES = 10_000
HUMAN_ROWS = (("human: ref_a vs ref_b", 0, 1), ("human: ref_b vs ref_a", 1, 0))
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


class SummarizationReportConfig(ExperimentConfig):
    experiment: Literal["summarization_report"]
    systems: Annotated[list[str], Field(min_length=1)]  # summarizer configs, one per system
    baseline: str = "lead"  # the system every other is tested against (Lead-3)
    labels: dict[str, str] = {}  # system -> what it is, shown after its name (e.g. oracle: extractive ceiling)
    human_ceiling: bool = True
    bootstrap_resamples: Annotated[int, Field(gt=0)] = DEFAULT_RESAMPLES
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
        from research.faithfulness.registry import known_checker

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


def load_systems(paths: list[str]) -> list:
    """Every listed config, validated before anything runs; each must be a summarizer config."""
    from research.tasks.summarization import SummarizationConfig

    loaded = []
    for path in paths:
        config = load_config(resolve(path))
        if not isinstance(config, SummarizationConfig):
            raise ConfigError(f"{path}: the summarization report needs summarizer configs (experiment: "
                              f"summarization), got experiment '{config.experiment}'")
        loaded.append(config)
    return loaded


def system_summaries(path: str, config, progress: bool) -> list[dict]:
    """``[{id, summary}]`` of one summarizer over its corpus (cached on disk by the summarizer)."""
    from research.tasks.summarization import summarize_articles

    return summarize_articles(config, progress=progress)


def _checked(path: str, rows: list[dict], ids: list[str]) -> dict[str, str]:
    by_id = {row["id"]: row["summary"] for row in rows}
    if sorted(by_id) != sorted(ids) or len(rows) != len(ids):
        raise DataError(f"{path}: its summaries cover articles {sorted(by_id)}, expected {sorted(ids)}")
    return by_id


def _display(name: str, labels: dict[str, str]) -> str:
    return f"{name} ({labels[name]})" if name in labels else name


def run(config: SummarizationReportConfig, context: RunContext) -> TaskOutput:
    # imported here: scipy, matplotlib and the models are not needed to validate a config
    from research.evaluation import plots
    from research.evaluation.scoring import SummaryInput, aggregate, cached_score_articles

    articles = load_articles().to_list()
    ids = [a["id"] for a in articles]
    rows: list[tuple[str, str | None, list[SummaryInput]]] = []  # (shown name, system or None for human, inputs)
    if config.human_ceiling:
        for label, own, other in HUMAN_ROWS:
            rows.append((label, None, [SummaryInput(a["id"], a["summaries"][own], [a["summaries"][other]], a["text"])
                                       for a in articles]))
    seconds: dict[str, float] = {}
    predictions = []
    systems = load_systems(config.systems)
    paths = {system_name(p): p for p in config.systems}
    variants = list(zip(config.variants, load_variant_configs(config.variants, paths)))  # all checked first
    runs = []  # (row name, system or variant name, config path, summarizer config), variants after their system
    for path, system_config in zip(config.systems, systems):
        name = system_name(path)
        runs.append((_display(name, config.labels), name, path, system_config))
        runs += [(v.name, v.name, path, c) for v, c in variants if v.system == name]
    with session(config.parallel):  # one Ray session for every system
        for shown, name, path, system_config in runs:
            system_config = system_config.model_copy(update={"parallel": config.parallel})
            started = time.perf_counter()
            summaries = _checked(path, system_summaries(path, system_config, context.progress), ids)
            seconds[name] = (time.perf_counter() - started) / len(ids)
            context.logger.info("%s: %.3f s per article (wall-clock, cache hits included)", name, seconds[name])
            rows.append((shown, name, [SummaryInput(a["id"], summaries[a["id"]], list(a["summaries"]), a["text"])
                                       for a in articles]))
            predictions += [{"system": name, "id": a["id"], "summary": summaries[a["id"]]} for a in articles]
    names = [shown for shown, _, _ in rows]
    from research.faithfulness import DEFAULT_CHECKER
    from research.faithfulness.share import judged, unsupported_share

    checker = config.faithfulness_checker or DEFAULT_CHECKER
    shares = [unsupported_share([judged(checker, i.source, i.summary) for i in inputs], config.seed)
              for _, _, inputs in rows]
    per_article = [cached_score_articles(inputs) for _, _, inputs in rows]
    baseline = per_article[[system for _, system, _ in rows].index(config.baseline)]
    results = [
        aggregate(scored, config.seed, config.bootstrap_resamples,
                  baseline=None if system in (None, config.baseline) else baseline)
        for (_, system, _), scored in zip(rows, per_article)
    ]
    metrics = {"articles": len(ids), "systems": {}}
    for (shown, system, _), result, share in zip(rows, results, shares):
        metrics["systems"][shown] = {
            **{f"{kind}_f": result.rouge_f1[kind].mean for kind in ROUGE_TYPES},
            **{m.key: share.rate if m.aggregate == "checker" else result.values[m.key] for m in SUMMARY_METRICS},
            "p_rouge2_vs_baseline": result.p_values["rouge2"],
            **({"seconds_per_article": seconds[system]} if system else {}),
        }
    context.logger.info("scored %d systems and %d variants on %d articles", len(config.systems), len(config.variants),
                        len(ids))
    prefix = config.table
    return TaskOutput(
        tables={prefix: main_table(config, names, results, len(ids), shares, checker),
                f"{prefix}-rouge": rouge_table(config, names, results),
                f"{prefix}-per-article": per_article_table(names, per_article)},
        metrics=metrics,
        predictions=predictions,
        input_hash=corpus_fingerprint(articles),
        figures={
            f"{prefix}-rouge": plots.rouge_bars(names, [r.rouge_f1 for r in results],
                                                "ROUGE F1 per system (95% bootstrap CI over articles)"),
            f"{prefix}-coverage-density": plots.coverage_density(names, per_article,
                                                                 "Extractive fragment coverage and density"),
        },
        captions={
            f"{prefix}-rouge": "ROUGE-1/2/L/Lsum F1 per system and for the human ceiling, with 95% bootstrap "
                               "intervals over articles",
            f"{prefix}-coverage-density": "Extractive fragment coverage against density (log) per article and "
                                          "system; large markers are system means",
        },
    )


TASK = Task("summarization_report", SummarizationReportConfig, run)
