"""The checkers on FRANK: every checker and the published metrics, scored the same way on the same summaries.

Each checker judges every sentence of every FRANK summary against its article
(cached per sentence, ``research.faithfulness.share``); ``summary_score`` turns
the verdicts into one number per summary. The published metrics' scores
(``baseline_scores``) are read from the file and go through the same code.
Tables: partial correlations with the human judgment per dataset (FRANK's
protocol, ``research.evaluation.correlation``), per error category, and the
share of each system's summaries a checker passes beside the share people
judged factual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, ValidationInfo, field_validator

from research.cache import path_fingerprint
from research.config import apply_override, suggest
from research.data.config import FrankDataConfig
from research.data.frank import FRANK_CATEGORIES, FRANK_METRICS, article_text, frank_rows
from research.evaluation.correlation import Judged, correlate, grouped_balanced_accuracy, williams_p
from research.errors import UserError
from research.faithfulness.registry import checker_section, known_checker
from research.faithfulness.share import SUMMARY_SCORES, checkers_verdicts, summary_score
from research.parallel import ParallelConfig, session
from research.figures import reliability_figure
from research.stats import calibration_error, partial_pearson, reliability_bins
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.report_config import BootstrapConfig, ScoredExperimentConfig, Variant, check_variant_names
from research.tasks.report_runner import plan_rows

SUBSETS = (("CNN/DM", "cnndm"), ("XSum", "xsum"), ("all", None))
# FRANK's evaluate.py compares against these by default
DEFAULT_ANCHORS = ["Rouge L", "BertScore P Art", "QAGS", "Dep Entail", "FactCC"]


class FrankCheckersConfig(ScoredExperimentConfig):
    experiment: Literal["frank_checkers"]
    data: FrankDataConfig = FrankDataConfig()
    checkers: Annotated[list[str], Field(min_length=1)] = ["combined"]
    # ablation rows: a listed checker with options changed, e.g. {name: ..., system: combined,
    # set: [detokenise=false]}; each row follows its checker's
    variants: list[Variant] = []
    summary_score: Literal[tuple(SUMMARY_SCORES)] = "mean"  # type: ignore[valid-type]
    anchors: list[str] = DEFAULT_ANCHORS  # published metrics from the file's baseline_scores
    folds: Annotated[int, Field(ge=2)] = 5
    bootstrap: BootstrapConfig = BootstrapConfig(samples=1000)
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "frank-checkers"
    parallel: ParallelConfig = ParallelConfig()  # local, or ray: chunks of summaries as Ray tasks

    @field_validator("checkers")
    @classmethod
    def _known_checkers(cls, value: list[str]) -> list[str]:
        return [known_checker(name) for name in value]

    @field_validator("variants")
    @classmethod
    def _known_variants(cls, value: list[Variant], info: ValidationInfo) -> list[Variant]:
        check_variant_names(value, info.data.get("checkers", []))
        for index, variant in enumerate(value):
            try:
                checker_section(checker_system(variant.system, variant.set))
            except (UserError, ValueError) as exc:  # a bad key=value, or an option the checker refuses
                raise ValueError(f"variant {index} ('{variant.name}'): {exc}") from None
        return value

    def rows(self) -> dict[str, dict]:
        """Every row's checker as ``{name, <options>}``: the listed checkers, each followed by its variants."""
        planned = plan_rows({name: name for name in self.checkers}, checker_system, self.variants)
        return {row.name: row.config for row in planned}

    @field_validator("anchors")
    @classmethod
    def _known_anchors(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in FRANK_METRICS:
                raise ValueError(f"unknown published metric '{name}'{suggest(name, list(FRANK_METRICS))} "
                                 f"(choose from: {', '.join(FRANK_METRICS)})")
        return value


def checker_system(name: str, overrides: list[str]) -> dict:
    """``{name, <options>}`` of a checker with ``key=value`` overrides of its default options applied."""
    system: dict = {}
    for override in overrides:
        apply_override(system, override, f"checker '{name}'")
    return {**system, "name": name}


def _ci(low: float, high: float) -> str:
    return "" if not np.isfinite([low, high]).all() else f"[{low:.3f}, {high:.3f}]"


def _value(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def checker_verdicts(checkers: dict[str, dict], rows: list[dict], progress: bool,
                     parallel: ParallelConfig) -> dict[str, list[list]]:
    """Each checker's (score, supported) per sentence of every summary (``checkers``: row name -> ``{name,
    <options>}``), in row order: one pass, each summary judged by every checker in one task."""
    pairs = [(article_text(row["article"]), row["summary"]) for row in rows]
    with session(parallel):
        return checkers_verdicts(checkers, pairs, progress, parallel)


def correlation_table(config: FrankCheckersConfig, rows: list[dict], scores: dict[str, np.ndarray]) -> Table:
    judged_all = Judged(np.array([r["factuality"] for r in rows]), np.array([r["system"] for r in rows]),
                        np.array([r["article_id"] for r in rows]))
    datasets = np.array([r["dataset"] for r in rows])
    factual = judged_all.human == 1.0
    table_rows = []
    for label, dataset in SUBSETS:
        mask = np.ones(len(rows), dtype=bool) if dataset is None else datasets == dataset
        if not mask.any():
            continue
        judged = judged_all.subset(mask)
        found = {name: correlate(values[mask], judged, config.seed, config.bootstrap.samples, config.bootstrap.confidence)
                 for name, values in scores.items()}
        anchors = [a for a in config.anchors if np.isfinite(found[a].correlation.pearson)]
        best = max(anchors, key=lambda a: found[a].correlation.pearson) if anchors else None
        for name, values in scores.items():
            c = found[name]
            versus = "" if best is None or name == best else williams_p(values[mask], scores[best][mask], judged)
            table_rows.append([label, name, "published" if name in config.anchors else "ours", c.correlation.n,
                               _value(c.correlation.pearson), _ci(c.low, c.high), _value(c.correlation.spearman),
                               best or "", versus,
                               grouped_balanced_accuracy(values[mask], factual[mask], judged.articles, config.folds)])
    return Table(
        title="Checkers and published metrics on FRANK: partial correlation with the human judgment",
        columns=["dataset", "metric", "kind", "summaries", "partial Pearson", f"{config.bootstrap.level} CI", "partial Spearman",
                 "best published", "Williams p vs best", "BA factual"],
        rows=table_rows,
        notes=["FRANK's protocol: metric and human factuality (share of a summary's sentences judged free of errors) "
               "each residualised on the system (one-hot least squares), then correlated; summaries the metric does "
               "not score are left out (n).",
               f"Our checkers' summary score: {config.summary_score} over the summary's sentences "
               f"({SUMMARY_SCORE_NOTES[config.summary_score]}); each checker at its default options"
               + "".join(f"; {v.name}: {v.system} with {', '.join(v.set) or 'its defaults'}" for v in config.variants)
               + ".",
               f"{config.bootstrap.level} CI: percentile bootstrap of the partial Pearson, {config.bootstrap.samples} resamples of "
               f"articles (all their summaries), seed {config.seed}.",
               "Williams p: one-sided p-value of Williams' test that the higher of the two partial Pearson "
               "correlations (this metric's and the best published metric's in that dataset) is higher.",
               f"BA factual: balanced accuracy for factuality == 1 with the threshold fitted on the other articles "
               f"({config.folds} folds grouped by article, scikit-learn's GroupKFold).",
               "published: the metrics' outputs as FRANK distributes them (baseline_scores), scored by the same code."],
    )


SUMMARY_SCORE_NOTES = {"mean": "the mean sentence score", "supported_share": "the share of supported sentences",
                       "min": "the lowest sentence score"}


def category_table(config: FrankCheckersConfig, rows: list[dict], scores: dict[str, np.ndarray]) -> Table:
    systems = np.array([r["system"] for r in rows])
    error_free = {c: np.array([r["error_free"][c] for r in rows]) for c in FRANK_CATEGORIES}
    table_rows = []
    for name, values in scores.items():
        keep = np.isfinite(values)
        cells = [partial_pearson(values[keep], error_free[c][keep], systems[keep]) for c in FRANK_CATEGORIES]
        table_rows.append([name, "published" if name in config.anchors else "ours"] + [_value(v) for v in cells])
    counts = {c: sum(r["error_free"][c] < 1 for r in rows) for c in FRANK_CATEGORIES}
    return Table(
        title="Checkers and published metrics on FRANK: partial Pearson per error category (all summaries)",
        columns=["metric", "kind"] + [f"{c} (n={counts[c]})" for c in FRANK_CATEGORIES],
        rows=table_rows,
        notes=["Each cell: partial Pearson (controlling for the system) of the metric with error_free for that "
               "category (1: no sentence has the error); n: summaries with at least one such error.",
               "Empty: the category's column is constant once residualised."],
    )


def system_table(rows: list[dict], verdicts: dict[str, list[list]]) -> Table:
    systems = list(dict.fromkeys((r["dataset"], r["system"]) for r in rows))
    table_rows = []
    for dataset, system in systems:
        index = [i for i, r in enumerate(rows) if r["system"] == system and r["dataset"] == dataset]
        people = [rows[i]["factuality"] for i in index]
        passed = [float(np.mean([all(s for _, s in verdicts[name][i]) for i in index])) for name in verdicts]
        table_rows.append([dataset, system, len(index), float(np.mean([p == 1.0 for p in people])),
                           float(np.mean(people))] + passed)
    return Table(
        title="Share of each system's FRANK summaries judged factual by people and passed by each checker",
        columns=["dataset", "system", "summaries", "people: factual", "people: mean factuality"]
        + [f"{name}: passed" for name in verdicts],
        rows=table_rows,
        notes=["people: factual = share with factuality 1 (every sentence free of errors); a checker passes a summary "
               "when it supports every sentence at its own threshold."],
    )


def reliability_table(config: FrankCheckersConfig, rows: list[dict], scores: dict[str, np.ndarray],
                      ours: list[str]) -> tuple[Table, dict[str, list[dict]]]:
    """Each of our rows' summary score, read as its estimate of the share of factual sentences, in bins against
    the share people found (FRANK's factuality); and the bins, for the figure."""
    people = np.array([r["factuality"] for r in rows])
    curves = {}
    for name in ours:
        keep = np.isfinite(scores[name])
        curves[name] = reliability_bins(scores[name][keep], people[keep])
    table_rows = [[name, f"[{b['low']:.1f}, {b['high']:.1f}{']' if b['high'] == 1 else ')'}", b["count"],
                   b["estimate"], b["observed"]] for name, bins in curves.items() for b in bins]
    errors = "; ".join(f"{name} {calibration_error(bins):.3f}" for name, bins in curves.items())
    return Table(
        title="Our checkers' summary score against people's factuality on FRANK (reliability, all summaries)",
        columns=["metric", "score bin", "summaries", "mean score", "people: mean factuality"],
        rows=table_rows,
        notes=[f"Summary score: {config.summary_score} over the summary's sentences, read as the checker's estimate "
               "of the share of its sentences free of errors (FRANK's factuality); on the diagonal it would be "
               "calibrated. Nothing here was fitted on FRANK: combined's probabilities are fitted on our judgments.",
               f"Expected calibration error (share-weighted |people - score| over the bins): {errors}.",
               f"Reliability diagram: results/figures/{config.table}-reliability.png."],
    ), curves


def run(config: FrankCheckersConfig, context: RunContext) -> TaskOutput:
    rows = frank_rows(config.data.path, config.data.split)
    verdicts = checker_verdicts(config.rows(), rows, context.progress, config.parallel)
    scores = {name: np.array([summary_score(v, config.summary_score) for v in judged])
              for name, judged in verdicts.items()}
    for anchor in config.anchors:
        scores[anchor] = np.array([np.nan if r["baseline_scores"][anchor] is None else r["baseline_scores"][anchor]
                                   for r in rows], dtype=float)
    main = correlation_table(config, rows, scores)
    metrics = {f"{row[0]}: {row[1]}": {"partial_pearson": row[4], "partial_spearman": row[6], "ba_factual": row[9]}
               for row in main.rows}
    sentences = sum(len(v) for v in verdicts[config.checkers[0]])
    context.logger.info("FRANK: %d summaries, %d sentences, %d checkers and %d variants", len(rows), sentences,
                        len(config.checkers), len(config.variants))
    reliability, curves = reliability_table(config, rows, scores, list(verdicts))
    figure = reliability_figure({name: [(b["estimate"], b["observed"]) for b in bins] for name, bins in curves.items()},
                                f"Summary score against people's factuality on FRANK ({len(rows)} summaries)",
                                "mean summary score in bin", "people: mean factuality in bin")
    return TaskOutput(
        tables={config.table: main, f"{config.table}-categories": category_table(config, rows, scores),
                f"{config.table}-systems": system_table(rows, verdicts), f"{config.table}-reliability": reliability},
        metrics={"summaries": len(rows), "sentences": sentences, **metrics,
                 "calibration_error": {name: calibration_error(bins) for name, bins in curves.items()}},
        input_hash=path_fingerprint(Path(config.data.path)),
        figures={f"{config.table}-reliability": figure},
        captions={f"{config.table}-reliability": "Our checkers' summary score against people's factuality on "
                                                 "FRANK, in bins (the diagonal is calibrated)"},
    )


TASK = Task("frank_checkers", FrankCheckersConfig, run)
