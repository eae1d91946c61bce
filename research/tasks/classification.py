"""The classification experiment: one system, cross-validated on the seeds and scored on the challenge set.

The trained model (all seed paragraphs) is saved as ``model.skops`` in the run
folder; ``research classify --model`` reads it back.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.persistence import save_result_model
from research.classification.result_cache import cached_evaluate
from research.classification.scoring import (
    Resamples, describe_params, log_line, metrics, prediction_rows, score, with_interval,
)
from research.classification.systems import ClassifierSystem, get_system, validate_system
from research.config import StrictModel
from research.data.annotations import TOPICS
from research.io import DEFAULT_MAX_LINE_BYTES
from research.parallel import ParallelConfig, joblib_jobs
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig

TableName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class ArticleConfig(StrictModel):
    # an article's topics: labels predicted for at least this many of its paragraphs
    min_paragraphs: Annotated[int, Field(gt=0)] = 1


class InputConfig(StrictModel):
    max_line_bytes: Annotated[int, Field(gt=0)] = DEFAULT_MAX_LINE_BYTES


class ClassificationConfig(ScoredExperimentConfig):
    experiment: Literal["classification"]
    system: ClassifierSystem  # {name: <system>, ...its options}, checked against the system's own model
    bootstrap: BootstrapConfig = BootstrapConfig()
    article: ArticleConfig = ArticleConfig()
    input: InputConfig = InputConfig()
    table: TableName = "classification-system"
    parallel: ParallelConfig = ParallelConfig()  # local (this process) or ray: folds and grid searches on Ray

    @model_validator(mode="before")
    @classmethod
    def _one_shape(cls, data: Any) -> Any:
        if isinstance(data, dict) and "options" in data:  # the old shape: system: NAME plus options: {...}
            validate_system(data.get("system"), data["options"])
        return data

    @field_validator("system", mode="before")
    @classmethod
    def _known_system(cls, value: Any) -> ClassifierSystem:
        return validate_system(value)


SUMMARY_COLUMNS = ["system", "family", "CV macro-F1 [CI]", "CV accuracy", "challenge macro-F1 [CI]",
                   "challenge accuracy", "challenge cross-fitted macro-F1 [CI]", "article topics micro-F1",
                   "chosen on all seeds"]


def run(config: ClassificationConfig, context: RunContext) -> TaskOutput:
    seeds, challenge, definitions = seed_paragraphs(), challenge_items(), label_definitions()
    with joblib_jobs(config.parallel) as n_jobs:
        result = cached_evaluate(config.system.name, config.system.options, config.seed, definitions, seeds, challenge, n_jobs)
    save_result_model(context.run_dir / "model.skops", result)
    resamples = Resamples.draw(seeds, challenge, config.bootstrap.samples, config.bootstrap.confidence, config.seed)
    scores = score(result, seeds, challenge, resamples, config.article.min_paragraphs)
    level = f"{config.bootstrap.confidence * 100:g}%"
    summary = Table(
        title=f"Classification: {config.system.name}",
        columns=[c.replace("[CI]", f"[{level} CI]") for c in SUMMARY_COLUMNS],
        rows=[[config.system.name, result.family, with_interval(scores.cv["macro_f1"], scores.cv_interval),
               scores.cv["accuracy"], with_interval(scores.challenge["macro_f1"], scores.challenge_interval),
               scores.challenge["accuracy"], with_interval(scores.crossfit["macro_f1"], scores.crossfit_interval),
               scores.articles["topics_micro_f1"], describe_params(result.params)]],
        notes=[get_system(config.system.name).summary,
               "CV: leave-one-group-out over near-duplicate groups, grid search inside the training folds only.",
               "challenge: trained on all seed paragraphs; cross-fitted: each challenge item scored by a model "
               "trained on the seeds plus the other challenge folds. model.skops: trained on seeds + challenge. "
               "Fit/predict times are in metrics.json and run.log."],
    )
    per_class = Table(
        title=f"Per-class scores: {config.system.name}",
        columns=["topic", "CV precision", "CV recall", "CV F1", "CV support", "challenge F1", "challenge support"],
        rows=[[t, scores.cv["per_class"][t]["precision"], scores.cv["per_class"][t]["recall"],
               scores.cv["per_class"][t]["f1"], scores.cv["per_class"][t]["support"],
               scores.challenge["per_class"][t]["f1"], scores.challenge["per_class"][t]["support"]] for t in TOPICS],
    )
    context.logger.info("%s", log_line(result, scores))
    return TaskOutput(
        tables={config.table: summary, f"{config.table}-per-class": per_class},
        metrics=metrics(result, scores),
        predictions=prediction_rows(result, seeds, challenge),
        input_hash=input_hash(seeds, challenge, definitions),
    )


def input_hash(seeds, challenge, definitions: dict[str, str]) -> str:
    import hashlib

    text = json.dumps([seeds.fingerprint(), challenge.fingerprint(), definitions], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


TASK = Task("classification", ClassificationConfig, run)
