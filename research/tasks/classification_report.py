"""The classification report: every system config side by side -> results/classification.md/.csv.

Runs each listed ``classification`` config (its own system, options and
seed), then compares them on the same bootstrap resamples and with paired
permutation tests (seeded from this config), and adds article-level scores,
a TF-IDF ablation, a learning curve and the best system's confusion matrices.
The systems and the ablation rows (``variants``, after all systems) are planned
and run by ``research.tasks.report_runner``; this module keeps the scoring,
the statistics and the figures, ``classification_tables`` the tables.
"""

from __future__ import annotations

import time

from research.cache import CodeIdentity, cache_key, memoised
from research.classification import figures
from research.classification.calibration import reliability
from research.classification.data import challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import SystemResult
from research.classification.learning_curve import cached_learning_curve
from research.classification.persistence import save_result_model
from research.classification.result_cache import cached_evaluate
from research.classification.scoring import Resamples, Scores, log_line, metrics, prediction_rows, score
from research.parallel import joblib_jobs
from research.stats import macro_f1_permutation_test
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.classification import input_hash
from research.tasks.classification_report_config import ClassificationReportConfig, load_system_config, system_paths
from research.tasks.classification_tables import ReportData, report_tables
from research.tasks.report_runner import PlannedRow, plan_rows, run_rows


def _best(results: list[SystemResult], scores: dict[str, Scores], family: str | None = None) -> str:
    """Highest CV macro-F1 (first listed on ties); the challenge set is never used to choose."""
    candidates = [r.name for r in results if family is None or r.family == family]
    return max(candidates, key=lambda n: (scores[n].cv["macro_f1"], -candidates.index(n)))


def _stats_code() -> CodeIdentity:
    """What a cached p-value's code is: the closure of research.stats and the versions of the libraries it imports."""
    return CodeIdentity.of(["research.stats"])


def _permutation_p(truth, pred_a, pred_b, permutations: int, seed: tuple[int, ...], code: CodeIdentity) -> float:
    """``macro_f1_permutation_test``, cached by its inputs and ``code`` (``_stats_code()``): 4999 resamples
    per pair cost seconds on every warm reproduce."""
    key = cache_key({"permutations": permutations, "seed": list(seed)},
                    {"truth": [str(t) for t in truth], "a": [str(p) for p in pred_a], "b": [str(p) for p in pred_b]},
                    code)
    return memoised("classification-p-values", key, lambda: macro_f1_permutation_test(
        truth, pred_a, pred_b, permutations, seed))


def _p_values(results, corpus, challenge, reference: str, permutations: int, seed: int, salt: int) -> dict:
    by_name = {r.name: r for r in results}
    code = _stats_code()  # the same for every pair: hashed once, not per test
    out = {}
    for index, result in enumerate(results):
        if result.name == reference:
            out[result.name] = {"cv": None, "challenge": None}
            continue
        other = by_name[reference]
        out[result.name] = {
            "cv": _permutation_p(corpus.labels, result.cv.predictions, other.cv.predictions, permutations,
                                 (seed, salt, index, 0), code),
            "challenge": _permutation_p(challenge.labels, result.crossfit_predictions, other.crossfit_predictions,
                                        permutations, (seed, salt, index, 1), code),
        }
    return out


def run(config: ClassificationReportConfig, context: RunContext) -> TaskOutput:
    with joblib_jobs(config.parallel) as n_jobs:  # one Ray session for the whole report
        return _run(config, context, n_jobs)


def _run(config: ClassificationReportConfig, context: RunContext, n_jobs: int | None) -> TaskOutput:
    seeds, challenge, definitions = seed_paragraphs(), challenge_items(), label_definitions()
    resamples = Resamples.draw(seeds, challenge, config.bootstrap.samples, config.bootstrap.confidence, config.seed)
    planned = plan_rows(system_paths(config.systems), load_system_config, config.variants, variants_last=True)

    def evaluate(row: PlannedRow) -> tuple[SystemResult, Scores]:
        """A row's cross-validated result (cached) and its scores on the report's resamples."""
        system = row.config.system
        result = cached_evaluate(system.name, system.options, row.config.seed, definitions, seeds, challenge, n_jobs)
        return result, score(result, seeds, challenge, resamples, config.article.min_paragraphs)

    # the system rows first, the ablation rows after the learning curve: the order these ran in before the
    # runner (a cold learning curve is not independent of what ran before it in the process)
    system_rows = run_rows([row for row in planned if row.variant is None], evaluate, context.logger)
    results = [done.output[0] for done in system_rows]
    scores = {result.name: scored for result, scored in (done.output for done in system_rows)}
    for result in results:
        save_result_model(context.run_dir / "models" / f"{result.name}.skops", result)
        context.logger.info("%s", log_line(result, scores[result.name]))
    best, best_tfidf = _best(results, scores), _best(results, scores, "tfidf")
    p_baseline = _p_values(results, seeds, challenge, config.baseline, config.permutations, config.seed, 2)
    p_tfidf = _p_values(results, seeds, challenge, best_tfidf, config.permutations, config.seed, 3)

    start = time.perf_counter()
    curves = {}
    for index, name in enumerate(config.learning_curve.systems):
        done = next(done for done in system_rows if done.row.name == name)
        result, system_config = done.output[0], done.row.config
        curves[name] = cached_learning_curve(name, system_config.system.options, system_config.seed, definitions,
                                             result.params, seeds, challenge, config.learning_curve.sizes,
                                             config.learning_curve.repeats, (config.seed, 4, index))
    curve_seconds = time.perf_counter() - start

    ablation = [(done.row.variant, *done.output)
                for done in run_rows([row for row in planned if row.variant is not None], evaluate, context.logger)]
    for variant, _, scored in ablation:
        context.logger.info("ablation %s: CV macro-F1 %.3f, challenge macro-F1 %.3f", variant.name,
                            scored.cv["macro_f1"], scored.challenge["macro_f1"])

    tables = report_tables(ReportData(config, results, scores, best, best_tfidf, p_baseline, p_tfidf, curves,
                                      ablation, seeds, challenge))
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
        "ablation": {v.name: {"system": v.system, "set": v.set, "cv_macro_f1": s.cv["macro_f1"],
                              "challenge_macro_f1": s.challenge["macro_f1"], "params_all_seeds": r.params,
                              "timings": r.timings} for v, r, s in ablation},
        "timings": {"learning_curve_seconds": curve_seconds},
    }
    predictions = [row for r in results for row in prediction_rows(r, seeds, challenge)]
    return TaskOutput(tables=tables, metrics=report_metrics, predictions=predictions,
                      input_hash=input_hash(seeds, challenge, definitions), figures=figs)


TASK = Task("classification_report", ClassificationReportConfig, run)
