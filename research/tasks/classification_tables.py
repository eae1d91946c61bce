"""The classification report's tables (main, per class, articles, learning curve, ablation, calibration).

Everything they show comes in one ``ReportData``; the notes count what they
state from the data (never typed by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from research.classification.calibration import BINS
from research.classification.cross_validation import CHALLENGE_FOLDS, SystemResult
from research.classification.scoring import Scores, describe_params, with_interval
from research.data.annotations import TOPICS
from research.tables import Table
from research.tasks.classification_report_config import ClassificationReportConfig


@dataclass(frozen=True)
class ReportData:
    config: ClassificationReportConfig
    results: list[SystemResult]
    scores: dict[str, Scores]
    best: str  # the best system by CV macro-F1
    best_tfidf: str
    p_baseline: dict[str, dict]  # system -> {"cv": p, "challenge": p} against the baseline
    p_tfidf: dict[str, dict]  # the same against the best TF-IDF system
    curves: dict[str, dict[int, list[float]]]  # learning curve: system -> size -> scores
    ablation: list[tuple[Any, SystemResult, Scores]]  # (variant, result, scores)
    seeds: Any  # the seed paragraphs (research.classification.data)
    challenge: Any  # the challenge items


def _p(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


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


def report_tables(data: ReportData) -> dict[str, Table]:
    """The report's tables by the names its config gives them."""
    config, results, scores, seeds, challenge = data.config, data.results, data.scores, data.seeds, data.challenge
    best, best_tfidf, p_baseline, p_tfidf = data.best, data.best_tfidf, data.p_baseline, data.p_tfidf
    curves, ablation = data.curves, data.ablation
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
