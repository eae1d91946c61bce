"""The faithfulness meta-evaluation: every checker on the hand-written judgments (results/faithfulness*.md).

Each listed checker is a row of ``research.tasks.report_runner`` (its output:
the feature columns it is scored by); the rows are then scored together, one
leave-one-article-out meta-evaluation. Tables: the main one (balanced accuracy
at a threshold chosen inside the training folds, ROC AUC, both with
article-grouped bootstrap CIs, recall per error type), and the sentences each
checker gets wrong; figure: ROC curves.
"""

from __future__ import annotations

from research.cache import file_sha256
from research.faithfulness.combined import judgment_features, judgments_copied
from research.faithfulness.figures import roc_figure
from research.faithfulness.judgments import JUDGMENTS
from research.faithfulness.meta_cache import cached_meta_evaluate
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput
from research.tasks.faithfulness_report_config import FaithfulnessReportConfig
from research.tasks.report_runner import PlannedRow, plan_rows, run_rows


def _ci(pair: tuple[float, float]) -> str:
    return f"[{pair[0]:.3f}, {pair[1]:.3f}]"


def run(config: FaithfulnessReportConfig, context: RunContext) -> TaskOutput:
    extra = [m for members in config.combinations.values() for m in members]
    members = list(dict.fromkeys(config.members + [c for c in config.checkers if c != "combined"] + extra))
    items, names, X = judgment_features(members)
    combinations = {**({"combined": config.members} if "combined" in config.checkers else {}), **config.combinations}

    def feature_columns(row: PlannedRow) -> list[str]:
        # a single checker is scored by its own score; a combination by all its members' features
        if row.name in combinations:
            return [n for n in names if n.split(".")[0] in combinations[row.name]]
        return [row.name]

    # every checker, then every further combination, is a row; the rows are scored jointly: one meta-evaluation
    planned = plan_rows({name: name for name in [*config.checkers, *config.combinations]}, lambda name, _: name)
    columns = {done.row.name: done.output for done in run_rows(planned, feature_columns, context.logger)}
    # combinations score a sentence its article holds word for word 1, as the combined checker does
    results = cached_meta_evaluate(columns, X, names, items, config.seed, config.bootstrap.samples, config.C,
                                   config.bootstrap.confidence, judgments_copied(items))
    error_types = sorted({j.error_type for j in items if j.error_type})
    counts = {e: sum(j.error_type == e for j in items) for e in error_types}
    rows = []
    for name, r in results.items():
        rows.append([name, r["balanced_accuracy"], _ci(r["ba_ci"]), r["balanced_accuracy_claims"],
                     _ci(r["ba_claims_ci"]), r["roc_auc"], _ci(r["auc_ci"]),
                     r["supported_passed"], r["unsupported_flagged"]] + [r["recall"][e] for e in error_types])
    best = max(results, key=lambda n: (results[n]["balanced_accuracy"], results[n]["roc_auc"]))
    n_pos = sum(j.supported for j in items)
    level = config.bootstrap.level
    main = Table(
        title="Faithfulness checkers on the hand-written judgments (leave-one-article-out)",
        columns=["checker", "balanced acc.", f"BA {level} CI", "BA claims", f"BA claims {level} CI", "ROC AUC",
                 f"AUC {level} CI",
                 "supported passed",
                 "unsupported flagged"] + [f"recall {e} (n={counts[e]})" for e in error_types],
        rows=rows,
        notes=[f"{len(items)} judgments ({n_pos} supported, {len(items) - n_pos} unsupported or contradicted) "
               f"over {len({j.article_id for j in items})} articles; judgments file sha256 {file_sha256(JUDGMENTS)[:12]}.",
               f"BA claims: balanced accuracy on the {sum(j.origin == 'claim' for j in items)} written claims alone "
               "(true paraphrases and minimal corruptions); the other judgments are summary sentences.",
               "Thresholds (and the combination's weights) are fitted on the other articles of each fold; "
               "scores and verdicts are out-of-fold.",
               f"{level} CI: percentile bootstrap, {config.bootstrap.samples} resamples of articles then sentences, "
               f"seed {config.seed}. recall <type>: share of that error type flagged.",
               *[f"{name}: logistic regression over {', '.join(columns[name])}." for name in combinations],
               "A combination scores a sentence its article holds word for word (every 4-gram) 1.",
               f"best by balanced accuracy: {best}."],
    )
    wrong_rows = [[name, j.id, j.label, j.error_type or "", j.text] for name, r in results.items() for j in r["wrong"]]
    wrong = Table(title="Sentences each checker gets wrong (out-of-fold)",
                  columns=["checker", "id", "label", "error type", "text"], rows=wrong_rows,
                  notes=["label: the hand-written judgment; the checker said the opposite."])
    figure = roc_figure({name: (r["roc"][0], r["roc"][1], r["roc_auc"]) for name, r in results.items()})
    metrics = {name: {k: r[k] for k in ("balanced_accuracy", "balanced_accuracy_claims", "roc_auc", "supported_passed",
                                        "unsupported_flagged")}
               for name, r in results.items()}
    context.logger.info("best checker %s: balanced accuracy %.3f", best, results[best]["balanced_accuracy"])
    return TaskOutput(tables={config.table: main, f"{config.table}-errors": wrong}, metrics={"best": best, **metrics},
                      input_hash=file_sha256(JUDGMENTS), figures={f"{config.table}-roc": figure},
                      captions={f"{config.table}-roc": "ROC curves of the faithfulness checkers (out-of-fold)"})


TASK = Task("faithfulness_report", FaithfulnessReportConfig, run)
