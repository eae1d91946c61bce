"""Meta-evaluation of the checkers on the hand-written judgments, cross-validated by article.

For every checker: out-of-fold scores and verdicts with leave-one-article-out
folds. A single checker's threshold is the cut with the best balanced
accuracy on the other articles; ``combined`` refits its logistic regression and
threshold on the other articles. Metrics: balanced accuracy, ROC AUC, recall
(share flagged) per error type, share of supported sentences passed, and
percentile bootstrap 95% intervals resampling articles, then sentences within
them (``research.stats.grouped_bootstrap``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import balanced_accuracy_score, roc_auc_score, roc_curve

from research.stats import grouped_bootstrap, percentile_interval
from research.faithfulness.fitting import best_threshold, copied_supported, fit_weights, predict
from research.faithfulness.judgments import Judgment


@dataclass(frozen=True)
class CheckerResult:
    name: str
    scores: np.ndarray  # out-of-fold
    verdicts: np.ndarray  # out-of-fold supported?
    thresholds: list[float]  # one per fold


def out_of_fold(name: str, columns: list[str], X: np.ndarray, names: list[str], items: list[Judgment],
                seed: int, C: float = 1.0, copied: np.ndarray | None = None) -> CheckerResult:
    """Scores from ``columns`` of X (one column: the checker's own score; several: a refitted combination).
    ``copied``: per judgment, held word for word by its article; a combination scores those 1 (``combined``'s
    rule), its threshold chosen on the scores with the rule applied."""
    y = np.array([j.supported for j in items])
    groups = np.array([j.article_id for j in items])
    index = [names.index(c) for c in columns]
    scores, verdicts, thresholds = np.zeros(len(y)), np.zeros(len(y), dtype=bool), []
    for article in sorted(set(groups.tolist())):
        train, test = groups != article, groups == article
        if len(index) == 1:
            scores[test] = X[test, index[0]]
            cut = best_threshold(X[train, index[0]], y[train])
        else:
            weights = fit_weights(X[train][:, index], y[train], columns, seed, C)
            scores[test] = predict(weights, X[test][:, index])
            cut = weights["threshold"]
            if copied is not None:  # the rule changes the training scores, so the cut is chosen again
                scores[test] = copied_supported(scores[test], copied[test])
                cut = best_threshold(copied_supported(predict(weights, X[train][:, index]), copied[train]), y[train])
        verdicts[test] = scores[test] >= cut
        thresholds.append(cut)
    return CheckerResult(name, scores, verdicts, thresholds)


def _auc(y: np.ndarray, scores: np.ndarray) -> float:
    return float(roc_auc_score(y, scores)) if len(set(y.tolist())) == 2 else float("nan")


def checker_metrics(result: CheckerResult, items: list[Judgment], resamples: list[np.ndarray],
              error_types: list[str], confidence: float = 0.95) -> dict:
    y = np.array([j.supported for j in items])
    errors = np.array([j.error_type or "" for j in items])

    claims = np.array([j.origin == "claim" for j in items])
    both_labels_in_claims = len(set(y[claims].tolist())) == 2

    def interval(metric, within: np.ndarray | None = None) -> tuple[float, float]:
        samples = resamples if within is None else [i[within[i]] for i in resamples]
        values = [metric(y[i], result.scores[i], result.verdicts[i]) for i in samples
                  if len(set(y[i].tolist())) == 2]
        return percentile_interval(values, confidence)

    ba = lambda t, s, v: balanced_accuracy_score(t, v)  # noqa: E731
    auc = lambda t, s, v: roc_auc_score(t, s)  # noqa: E731
    recall = {e: float(np.mean(~result.verdicts[errors == e])) if np.any(errors == e) else float("nan")
              for e in error_types}
    return {
        "balanced_accuracy": float(balanced_accuracy_score(y, result.verdicts)), "ba_ci": interval(ba),
        # the written claims alone: true paraphrases against minimal corruptions, every error type
        "balanced_accuracy_claims": float(balanced_accuracy_score(y[claims], result.verdicts[claims]))
        if both_labels_in_claims else float("nan"),
        "ba_claims_ci": interval(ba, claims) if both_labels_in_claims else (float("nan"), float("nan")),
        "roc_auc": _auc(y, result.scores), "auc_ci": interval(auc),
        "supported_passed": float(np.mean(result.verdicts[y])), "unsupported_flagged": float(np.mean(~result.verdicts[~y])),
        "recall": recall,
        "wrong": [items[i] for i in np.flatnonzero(result.verdicts != y)],
        "roc": roc_curve(y, result.scores),
    }


def meta_evaluate(checkers: dict[str, list[str]], X: np.ndarray, names: list[str], items: list[Judgment],
                  seed: int, resamples: int, C: float = 1.0, confidence: float = 0.95,
                  copied: np.ndarray | None = None) -> dict[str, dict]:
    """``checkers``: report name -> feature columns (one: a single checker; several: a combination, which scores
    the ``copied`` judgments 1 when given: see ``out_of_fold``)."""
    boot = grouped_bootstrap([j.article_id for j in items], resamples, seed)
    error_types = sorted({j.error_type for j in items if j.error_type})
    return {name: checker_metrics(out_of_fold(name, cols, X, names, items, seed, C, copied if len(cols) > 1 else None),
                                  items, boot, error_types, confidence)
            for name, cols in checkers.items()}
