"""Score a system's predictions: metrics, bootstrap intervals, article-level topics."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from research.classification import articles as article_level
from research.classification.calibration import expected_calibration_error
from research.classification.data import LabelledTexts, article_labels
from research.classification.cross_validation import SystemResult
from research.classification.metrics import label_metrics
from research.stats import grouped_bootstrap, macro_f1_interval


@dataclass
class Resamples:
    """Bootstrap resamples shared by every system of a run (paired, comparable intervals)."""

    cv: list[np.ndarray]
    challenge: list[np.ndarray]
    confidence: float

    @classmethod
    def draw(cls, corpus: LabelledTexts, challenge: LabelledTexts, samples: int, confidence: float,
             seed: int) -> "Resamples":
        return cls(grouped_bootstrap(corpus.articles, samples, (seed, 0)),
                   grouped_bootstrap(challenge.articles, samples, (seed, 1)), confidence)


@dataclass
class Scores:
    cv: dict
    cv_interval: tuple[float, float]
    challenge: dict
    challenge_interval: tuple[float, float]
    articles: dict
    crossfit: dict  # challenge cross-fitted (each item scored by a model trained on seeds + other folds)
    crossfit_interval: tuple[float, float]
    ece: dict  # expected calibration error: cv, challenge (seeds only), crossfit


def score(result: SystemResult, seeds: LabelledTexts, challenge: LabelledTexts, resamples: Resamples,
          min_paragraphs: int) -> Scores:
    aggregated = article_level.aggregate(seeds.articles, result.cv.predictions, min_paragraphs)
    return Scores(
        cv=label_metrics(seeds.labels, result.cv.predictions),
        cv_interval=macro_f1_interval(seeds.labels, result.cv.predictions, resamples.cv, resamples.confidence),
        challenge=label_metrics(challenge.labels, result.challenge_predictions),
        challenge_interval=macro_f1_interval(challenge.labels, result.challenge_predictions, resamples.challenge,
                                              resamples.confidence),
        articles={**article_level.score(aggregated, article_labels()), "predicted": aggregated},
        crossfit=label_metrics(challenge.labels, result.crossfit_predictions),
        crossfit_interval=macro_f1_interval(challenge.labels, result.crossfit_predictions, resamples.challenge,
                                             resamples.confidence),
        ece={"cv": expected_calibration_error(seeds.labels, result.cv.probabilities),
             "challenge": expected_calibration_error(challenge.labels, result.challenge_probabilities),
             "crossfit": expected_calibration_error(challenge.labels, result.crossfit_probabilities)},
    )


def with_interval(value: float, interval: tuple[float, float]) -> str:
    return f"{value:.3f} [{interval[0]:.3f}, {interval[1]:.3f}]"


def _short(path: str) -> str:
    """``estimator__clf__C`` -> ``C``; ``tfidf__word__min_df`` -> ``word__min_df`` (drop wrapper and step)."""
    parts = path.removeprefix("estimator__").split("__")
    return "__".join(parts[1:] if len(parts) > 1 else parts)


def describe_params(params: dict) -> str:
    """``copies=3, C=10`` from grid parameter paths, or ``-`` when nothing was searched."""
    return ", ".join(f"{_short(key)}={value:g}" if isinstance(value, float) else f"{_short(key)}={value}"
                     for key, value in params.items()) or "-"


def prediction_rows(result: SystemResult, seeds: LabelledTexts, challenge: LabelledTexts) -> list[dict]:
    rows = [{"system": result.name, "set": "cv", "id": i, "article": str(a), "fold": int(f), "label": str(y),
             "predicted": str(p)}
            for i, a, f, y, p in zip(seeds.ids, seeds.articles, result.cv.folds, seeds.labels, result.cv.predictions)]
    rows += [{"system": result.name, "set": "challenge", "id": i, "label": str(y), "predicted": str(p)}
             for i, y, p in zip(challenge.ids, challenge.labels, result.challenge_predictions)]
    rows += [{"system": result.name, "set": "challenge_crossfit", "id": i, "label": str(y), "predicted": str(p)}
             for i, y, p in zip(challenge.ids, challenge.labels, result.crossfit_predictions)]
    return rows


def metrics(result: SystemResult, scores: Scores) -> dict:
    return {
        "system": result.name, "family": result.family, "seed": result.seed,
        "params_all_seeds": result.params, "params_per_fold": result.cv.params,
        "cv": {**scores.cv, "macro_f1_interval": list(scores.cv_interval)},
        "challenge": {**scores.challenge, "macro_f1_interval": list(scores.challenge_interval)},
        "challenge_crossfit": {**scores.crossfit, "macro_f1_interval": list(scores.crossfit_interval)},
        "ece": scores.ece,
        "articles": scores.articles,
        "timings": result.timings, "cached": result.cached,
    }


def log_line(result: SystemResult, scores: Scores) -> str:
    """One run.log line: the scores and the wall-clock timings (a cached result's are those of the computing run)."""
    timings = json.dumps({k: round(v, 3) for k, v in result.timings.items()})
    return (f"{result.name}: CV macro-F1 {scores.cv['macro_f1']:.3f}, challenge macro-F1 "
            f"{scores.challenge['macro_f1']:.3f}, cross-fitted {scores.crossfit['macro_f1']:.3f}; timings {timings}"
            + (" (cached: timings of the run that computed it)" if result.cached else ""))
