"""The classification report: every system config side by side -> results/classification.md/.csv.

Runs each listed ``classification`` config (its own system, options and
seed), then compares them on the same bootstrap resamples and with paired
permutation tests (seeded from this config), and adds article-level scores,
a TF-IDF ablation, a learning curve and the best system's confusion matrices.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from research.classification import figures
from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.evaluation import CHALLENGE_FOLDS, SystemResult
from research.classification.calibration import BINS, reliability
from research.classification.learning_curve import cached_learning_curve
from research.classification.persistence import save_result_model
from research.classification.result_cache import cached_evaluate
from research.classification.scoring import (
    Resamples, Scores, describe_params, log_line, metrics, prediction_rows, score, with_interval,
)
from research.stats import macro_f1_permutation_test
from research.classification.systems import get_system
from research.config import ExperimentConfig, StrictModel
from research.data.annotations import TOPICS
from research.errors import ConfigError
from research.parallel import ParallelConfig, joblib_jobs
from research.paths import PROJECT_ROOT
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput, load_config
from research.tasks.classification import ArticleConfig, BootstrapConfig, TableName, input_hash


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


class AblationVariant(StrictModel):
    name: Annotated[str, Field(min_length=1)]
    config: ConfigFile
    set: list[str] = []  # overrides, as with `research run --set`

    @field_validator("config")
    @classmethod
    def _exists(cls, value: str) -> str:
        return _config_file(value)

    @model_validator(mode="after")
    def _overrides_apply(self) -> "AblationVariant":
        try:
            _system_config(self.config, self.set)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return self


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


def _system_config(path: str, overrides: list[str] | tuple[str, ...] = ()):
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
            names.append(_system_config(path).system)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        if names[-1] in names[:-1]:
            raise ValueError(f"{paths[names.index(names[-1])]} and {path} both use system '{names[-1]}'")
    return names


class ClassificationReportConfig(ExperimentConfig):
    experiment: Literal["classification_report"]
    systems: Annotated[list[ConfigFile], Field(min_length=1)]
    baseline: str = "majority"
    bootstrap: BootstrapConfig = BootstrapConfig()
    permutations: Annotated[int, Field(ge=99)] = 4999
    article: ArticleConfig = ArticleConfig()
    learning_curve: LearningCurveConfig
    ablation: list[AblationVariant] = []
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


def _best(results: list[SystemResult], scores: dict[str, Scores], family: str | None = None) -> str:
    """Highest CV macro-F1 (first listed on ties); the challenge set is never used to choose."""
    candidates = [r.name for r in results if family is None or r.family == family]
    return max(candidates, key=lambda n: (scores[n].cv["macro_f1"], -candidates.index(n)))


def _p_values(results, seeds, challenge, reference: str, permutations: int, seed: int, salt: int) -> dict:
    by_name = {r.name: r for r in results}
    out = {}
    for index, result in enumerate(results):
        if result.name == reference:
            out[result.name] = {"cv": None, "challenge": None}
            continue
        other = by_name[reference]
        out[result.name] = {
            "cv": macro_f1_permutation_test(seeds.labels, result.cv.predictions, other.cv.predictions, permutations,
                                   (seed, salt, index, 0)),
            "challenge": macro_f1_permutation_test(challenge.labels, result.crossfit_predictions,
                                          other.crossfit_predictions, permutations, (seed, salt, index, 1)),
        }
    return out


def _p(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def run(config: ClassificationReportConfig, context: RunContext) -> TaskOutput:
    with joblib_jobs(config.parallel) as n_jobs:  # one Ray session for the whole report
        return _run(config, context, n_jobs)


def _run(config: ClassificationReportConfig, context: RunContext, n_jobs: int | None) -> TaskOutput:
    system_configs = [_system_config(path) for path in config.systems]
    seeds, challenge, definitions = seed_paragraphs(), challenge_items(), label_definitions()
    resamples = Resamples.draw(seeds, challenge, config.bootstrap.samples, config.bootstrap.confidence, config.seed)
    results, scores = [], {}
    for system_config in system_configs:
        result = cached_evaluate(system_config.system, system_config.options, system_config.seed,
                                 definitions, seeds, challenge, n_jobs)
        results.append(result)
        scores[result.name] = score(result, seeds, challenge, resamples, config.article.min_paragraphs)
        save_result_model(context.run_dir / "models" / f"{result.name}.skops", result)
        context.logger.info("%s", log_line(result, scores[result.name]))
    best, best_tfidf = _best(results, scores), _best(results, scores, "tfidf")
    p_baseline = _p_values(results, seeds, challenge, config.baseline, config.permutations, config.seed, 2)
    p_tfidf = _p_values(results, seeds, challenge, best_tfidf, config.permutations, config.seed, 3)

    start = time.perf_counter()
    curves = {}
    for index, name in enumerate(config.learning_curve.systems):
        result = next(r for r in results if r.name == name)
        system_config = system_configs[[r.name for r in results].index(name)]
        curves[name] = cached_learning_curve(name, system_config.options, system_config.seed, definitions,
                                             result.params, seeds, challenge, config.learning_curve.sizes,
                                             config.learning_curve.repeats, (config.seed, 4, index))
    curve_seconds = time.perf_counter() - start

    ablation = []
    for variant in config.ablation:
        variant_config = _system_config(variant.config, variant.set)
        result = cached_evaluate(variant_config.system, variant_config.options, variant_config.seed, definitions,
                                 seeds, challenge, n_jobs)
        ablation.append((variant, result, score(result, seeds, challenge, resamples, config.article.min_paragraphs)))
        context.logger.info("ablation %s: CV macro-F1 %.3f, challenge macro-F1 %.3f", variant.name,
                            ablation[-1][2].cv["macro_f1"], ablation[-1][2].challenge["macro_f1"])

    tables = _tables(config, results, scores, best, best_tfidf, p_baseline, p_tfidf, curves, ablation, seeds, challenge)
    figs = {
        config.figures.confusion: figures.confusion_figure(best, {
            f"cross-validation ({len(seeds)} seed paragraphs)": scores[best].cv["confusion"],
            "challenge set (cross-fitted)": scores[best].crossfit["confusion"]}),
        config.figures.learning_curve: figures.learning_curve_figure(curves, len(seeds)),
        config.figures.reliability: figures.reliability_figure(
            {r.name: reliability(seeds.labels, r.cv.probabilities) for r in results if r.family != "baseline"},
            "Reliability of the top-label probability (grouped CV on the seeds, 10 bins)"),
    }
    report_metrics = {
        "best_system": best, "best_tfidf_system": best_tfidf, "baseline": config.baseline,
        "systems": {r.name: {**metrics(r, scores[r.name]),
                             "p_vs_baseline": p_baseline[r.name], "p_vs_best_tfidf": p_tfidf[r.name]}
                    for r in results},
        "learning_curve": {name: {str(size): values for size, values in curve.items()}
                           for name, curve in curves.items()},
        "ablation": {v.name: {"config": v.config, "set": v.set, "cv_macro_f1": s.cv["macro_f1"],
                              "challenge_macro_f1": s.challenge["macro_f1"], "params_all_seeds": r.params,
                              "timings": r.timings} for v, r, s in ablation},
        "timings": {"learning_curve_seconds": curve_seconds},
    }
    predictions = [row for r in results for row in prediction_rows(r, seeds, challenge)]
    return TaskOutput(tables=tables, metrics=report_metrics, predictions=predictions,
                      input_hash=input_hash(seeds, challenge, definitions), figures=figs)


def describe_data(seeds, challenge) -> tuple[str, str]:
    """The CV and challenge facts the notes state, counted from the data (never typed by hand)."""
    from collections import Counter

    groups = sorted(set(seeds.groups.tolist()))
    shared = [sorted({a.split("_")[0] for a in seeds.articles[seeds.groups == g]}) for g in groups]
    shared = [ids for ids in shared if len(ids) > 1]
    retold = "; ".join(f"articles {' and '.join(ids)} retell one story and are never split" for ids in shared)
    per_topic = sorted(set(Counter(challenge.labels.tolist()).values()))
    topics = f"{per_topic[0]} per topic" if len(per_topic) == 1 else f"{per_topic[0]}-{per_topic[-1]} per topic"
    cv = (f"CV: leave-one-group-out over the {len(groups)} near-duplicate groups of the {len(seeds)} seed paragraphs"
          + (f" ({retold})" if retold else ""))
    return cv, f"the {len(challenge)} hand-written challenge paragraphs ({topics})"


def _tables(config, results, scores, best, best_tfidf, p_baseline, p_tfidf, curves, ablation, seeds,
            challenge) -> dict:
    n_seeds = len(seeds)
    cv_note, challenge_note = describe_data(seeds, challenge)
    level = f"{config.bootstrap.confidence * 100:g}% CI"
    main = Table(
        title="Paragraph topic classification",
        columns=["system", "family", f"CV macro-F1 [{level}]", "CV accuracy",
                 f"challenge macro-F1, seeds only [{level}]", f"challenge macro-F1, cross-fitted [{level}]",
                 "challenge accuracy, cross-fitted", f"p vs {config.baseline} (CV)",
                 f"p vs {config.baseline} (challenge)", "p vs best TF-IDF (CV)", "p vs best TF-IDF (challenge)",
                 "chosen on all seeds"],
        rows=[[r.name, r.family, with_interval(scores[r.name].cv["macro_f1"], scores[r.name].cv_interval),
               scores[r.name].cv["accuracy"],
               with_interval(scores[r.name].challenge["macro_f1"], scores[r.name].challenge_interval),
               with_interval(scores[r.name].crossfit["macro_f1"], scores[r.name].crossfit_interval),
               scores[r.name].crossfit["accuracy"],
               _p(p_baseline[r.name]["cv"]), _p(p_baseline[r.name]["challenge"]),
               _p(p_tfidf[r.name]["cv"]), _p(p_tfidf[r.name]["challenge"]), describe_params(r.params)]
              for r in results],
        notes=[
            f"{cv_note}; hyper-parameters chosen by a grouped grid search inside the training folds only "
            "(macro-F1).",
            f"challenge, seeds only: trained on all seed paragraphs (grid search by grouped CV on them), scored on "
            f"{challenge_note}: a pure held-out check.",
            "challenge, cross-fitted: the shipped model (`research classify`) also trains on the challenge set, so "
            f"here each challenge item is scored by a model trained on all seeds plus the challenge items of the "
            f"other {CHALLENGE_FOLDS - 1} of {CHALLENGE_FOLDS} stratified folds (never on itself), with the grid "
            "values chosen on the seeds. Systems that do not train (zero-shot) score the same in both columns.",
            f"macro-F1 over the topics present in reference or prediction (zero_division=0). {level}: percentile "
            f"bootstrap, {config.bootstrap.samples} resamples (CV: articles, then paragraphs within them; "
            "challenge: items), the same resamples for every system.",
            f"p: two-sided paired permutation test of the macro-F1 difference ({config.permutations} random swaps of "
            f"the two systems' predictions per paragraph; challenge: cross-fitted). best system (CV): {best}; "
            f"best TF-IDF system (CV): "
            f"{best_tfidf}.",
            "chosen on all seeds: grid values picked when training on all seed paragraphs (copies = label "
            "definitions added to the training text).",
            "Fit and predict times are wall-clock, so they are kept out of this table: see the run's metrics.json "
            "(timings) and run.log.",
        ],
    )
    per_class = Table(
        title="Per-class scores (CV predictions; cross-fitted challenge F1 alongside)",
        columns=["system", "topic", "CV precision", "CV recall", "CV F1", "CV support", "challenge F1"],
        rows=[[r.name, t, scores[r.name].cv["per_class"][t]["precision"], scores[r.name].cv["per_class"][t]["recall"],
               scores[r.name].cv["per_class"][t]["f1"], scores[r.name].cv["per_class"][t]["support"],
               scores[r.name].crossfit["per_class"][t]["f1"]] for r in results for t in TOPICS],
    )
    articles = Table(
        title="Article-level topics from paragraph predictions (CV predictions, 5 articles)",
        columns=["system", "primary accuracy", "topics micro-F1", "topics macro-F1", "exact match"],
        rows=[[r.name, scores[r.name].articles["primary_accuracy"], scores[r.name].articles["topics_micro_f1"],
               scores[r.name].articles["topics_macro_f1"], scores[r.name].articles["exact_match"]] for r in results],
        notes=[f"An article's topics: every label predicted for at least {config.article.min_paragraphs} of its "
               "paragraphs (plus the most predicted label, its primary); the reference topics also count "
               "paragraph secondaries, which no system predicts. Only 5 articles: no intervals."],
    )
    sizes = config.learning_curve.sizes
    curve = Table(
        title="Learning curve: challenge macro-F1 by number of training paragraphs (mean over repeats)",
        columns=["system"] + [str(s) for s in sizes],
        rows=[[name] + [sum(curves[name][s]) / len(curves[name][s]) for s in sizes] for name in curves],
        notes=[f"Random subsets of the {n_seeds} seed paragraphs ({config.learning_curve.repeats} repeats per size, "
               "seeded; one fit at the full size), each system with the grid values chosen on all seeds."],
    )
    tables = {config.tables.main: main, config.tables.per_class: per_class, config.tables.articles: articles,
              config.tables.learning_curve: curve}
    if ablation:
        tables[config.tables.ablation] = Table(
            title="What helps generalise: variants of the system configs",
            columns=["variant", "system", "changes", "CV macro-F1", "challenge macro-F1 (seeds only)",
                     "challenge macro-F1 (cross-fitted)", "chosen on all seeds"],
            rows=[[v.name, r.name, "; ".join(v.set) or "(as configured)", s.cv["macro_f1"], s.challenge["macro_f1"],
                   s.crossfit["macro_f1"], describe_params(r.params)] for v, r, s in ablation],
            notes=["Each row runs the same protocol as the main table (nested grouped CV; challenge after training "
                   "on all seeds). These settings were explored while looking at challenge scores, so the best "
                   "row here is optimistic; the settings of the shipped configs are chosen by grouped CV (first "
                   "numeric column)."],
        )
    tables[config.tables.calibration] = Table(
        title="Calibration: expected calibration error of the top-label probability",
        columns=["system", "family", "ECE (CV)", "ECE (challenge, seeds only)", "ECE (challenge, cross-fitted)"],
        rows=[[r.name, r.family, scores[r.name].ece["cv"], scores[r.name].ece["challenge"],
               scores[r.name].ece["crossfit"]] for r in results],
        notes=[f"ECE: {BINS} equal-width bins of the largest class probability; the share of items in a bin times "
               "|accuracy - mean confidence|, summed. Probabilities are predict_proba where a system has it, "
               "otherwise a softmax of its decision values (SVM, ridge) or cosines (zero-shot), which are not "
               "meant as probabilities. Reliability diagram: results/figures/classification-reliability.png."],
    )
    return tables


TASK = Task("classification_report", ClassificationReportConfig, run)
