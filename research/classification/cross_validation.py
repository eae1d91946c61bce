"""Fit systems with a nested grouped grid search and evaluate them without leakage.

Outer loop: leave one near-duplicate group out (the retellings of one story
are always on the same side). Inner loop: the grid search sees the training
folds only, split again by group.

The challenge set is scored twice: by the model trained on the seeds only (a
pure held-out check), and cross-fitted: K stratified folds over the challenge
items, each fold scored by a model trained on all seeds plus the other folds
(grid values as chosen on the seeds). The shipped model is trained on the
seeds plus every challenge item.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn import config_context
from sklearn.base import BaseEstimator, clone
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut, ParameterGrid, StratifiedKFold
from sklearn.utils.validation import has_fit_parameter
from threadpoolctl import threadpool_limits

from research.classification.data import LabelledTexts
from research.classification.outputs import probabilities
from research.classification.persistence import load_model
from research.classification.systems import Grid, get_system
from research.data.annotations import TOPICS

MACRO_F1 = make_scorer(f1_score, average="macro", zero_division=0)
CHALLENGE_FOLDS = 3  # cross-fitting folds over the challenge set (each model sees the seeds + 2/3 of it)


def build(system: str, options, seed: int, definitions: dict[str, str]) -> tuple[BaseEstimator, Grid]:
    return get_system(system).build(options, seed, definitions)


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def group_kwargs(estimator: BaseEstimator, groups: np.ndarray) -> dict:
    """``{"groups": groups}`` for an estimator whose ``fit`` takes the near-duplicate groups (the stack splits its
    inner folds by them), else nothing."""
    return {"groups": np.asarray(groups)} if has_fit_parameter(estimator, "groups") else {}


def fit(estimator: BaseEstimator, grid: Grid, data: LabelledTexts,
        n_jobs: int | None = None) -> tuple[BaseEstimator, dict]:
    """Fit on ``data``; with more than one grid point, choose by grouped inner CV (macro-F1).

    Returns the fitted model and the chosen grid values (ties go to the first grid point).
    ``n_jobs`` runs the grid search's fits on the active joblib backend (Ray: ``research.parallel``).
    """
    points = list(ParameterGrid(grid))
    texts = list(data.texts)
    with threadpool_limits(limits=1):  # 57 short texts: BLAS threads only add start-up cost and contention
        if len(points) <= 1:
            chosen = points[0] if points else {}
            return fit_fixed(estimator, chosen, data), {k: _plain(v) for k, v in sorted(chosen.items())}
        search = GridSearchCV(clone(estimator), grid, scoring=MACRO_F1, cv=LeaveOneGroupOut(), refit=True,
                              error_score="raise", n_jobs=n_jobs)
        # without metadata routing the search keeps the groups for its own splits; with it, an estimator that
        # asks for them (the stack) gets each training fold's groups too
        routed = bool(group_kwargs(estimator, data.groups))
        with config_context(enable_metadata_routing=True) if routed else nullcontext():
            search.fit(texts, data.labels, groups=data.groups)
    return search.best_estimator_, {k: _plain(v) for k, v in sorted(search.best_params_.items())}


@dataclass
class CrossValidation:
    predictions: np.ndarray  # out-of-fold label per paragraph
    folds: np.ndarray  # which fold (held-out group) scored each paragraph
    params: list[dict]  # grid values chosen inside each fold
    fit_seconds: float
    predict_seconds: float
    probabilities: np.ndarray | None = None  # out-of-fold class probabilities (TOPICS order), see probabilities()


def _fold(estimator: BaseEstimator, grid: Grid, train: LabelledTexts, test_texts: list[str]):
    start = time.perf_counter()
    model, chosen = fit(estimator, grid, train)
    middle = time.perf_counter()
    with threadpool_limits(limits=1):
        predicted, probs = model.predict(test_texts), probabilities(model, test_texts)
    return (predicted, probs), chosen, middle - start, time.perf_counter() - middle


def cross_validate(estimator: BaseEstimator, grid: Grid, data: LabelledTexts,
                   n_jobs: int | None = None) -> CrossValidation:
    """Leave-one-group-out predictions for every paragraph of ``data``.

    With ``n_jobs``, the folds run concurrently on the active joblib backend
    (each fold's inner grid search stays inside its worker); the results are
    the same as in one process.
    """
    predictions = np.empty(len(data), dtype=object)
    probs = np.zeros((len(data), len(TOPICS)))
    folds = np.full(len(data), -1, dtype=int)
    splits = list(LeaveOneGroupOut().split(data.texts, data.labels, data.groups))
    jobs = (delayed(_fold)(estimator, grid, data.subset(train), [data.texts[i] for i in test])
            for train, test in splits)
    outcomes = Parallel(n_jobs=n_jobs)(jobs)  # n_jobs None: in this process, one fold after another
    params, fit_seconds, predict_seconds = [], 0.0, 0.0
    for fold, ((_, test), ((predicted, fold_probs), chosen, fit_s, predict_s)) in enumerate(zip(splits, outcomes)):
        predictions[test] = predicted
        probs[test] = fold_probs
        folds[test] = fold
        params.append(chosen)
        fit_seconds += fit_s
        predict_seconds += predict_s
    return CrossValidation(predictions.astype(str), folds, params, fit_seconds, predict_seconds, probs)


def joined(a: LabelledTexts, b: LabelledTexts) -> LabelledTexts:
    return LabelledTexts(a.ids + b.ids, a.texts + b.texts, np.concatenate([a.labels, b.labels]),
                         np.concatenate([a.articles, b.articles]),
                         np.concatenate([a.groups, b.groups + a.groups.max() + 1]))


def fit_fixed(estimator: BaseEstimator, params: dict, data: LabelledTexts) -> BaseEstimator:
    with threadpool_limits(limits=1):
        return clone(estimator).set_params(**params).fit(list(data.texts), data.labels,
                                                         **group_kwargs(estimator, data.groups))


def cross_fit(estimator: BaseEstimator, params: dict, corpus: LabelledTexts, challenge: LabelledTexts, seed: int,
              folds: int = CHALLENGE_FOLDS, n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Challenge labels and probabilities, each item scored by a model trained on the corpus plus the
    challenge items of the other folds (stratified, seeded), never on itself."""
    predictions = np.empty(len(challenge), dtype=object)
    probs = np.zeros((len(challenge), len(TOPICS)))
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(challenge.texts, challenge.labels))
    models = Parallel(n_jobs=n_jobs)(delayed(fit_fixed)(estimator, params, joined(corpus, challenge.subset(train)))
                                     for train, _ in splits)
    for model, (_, test) in zip(models, splits):
        texts = [challenge.texts[i] for i in test]
        with threadpool_limits(limits=1):
            predictions[test], probs[test] = model.predict(texts), probabilities(model, texts)
    return predictions.astype(str), probs


@dataclass
class SystemResult:
    """Everything measured for one system: CV and challenge predictions, the final model, timings."""

    name: str
    family: str
    seed: int
    cv: CrossValidation
    challenge_predictions: np.ndarray  # by the model trained on the seeds only
    fitted_model: BaseEstimator | None  # shipped model; None for a cached result until ``model`` is asked for
    params: dict  # grid values chosen on all seed paragraphs
    timings: dict[str, float] = field(default_factory=dict)
    challenge_probabilities: np.ndarray | None = None  # seeds-only model
    crossfit_predictions: np.ndarray | None = None  # cross-fitted over the challenge set (see cross_fit)
    crossfit_probabilities: np.ndarray | None = None
    saved_model: Path | None = None  # a cached result's model file (research.classification.result_cache)

    @property
    def cached(self) -> bool:
        """Loaded from the result cache: its timings are those of the run that computed it."""
        return self.saved_model is not None

    @property
    def model(self) -> BaseEstimator:
        """The shipped model (trained on all seed paragraphs and every challenge item). A cached result loads
        it from ``saved_model`` on first use: a warm report reads predictions and loads no model (issue 38)."""
        if self.fitted_model is None:
            self.fitted_model = load_model(self.saved_model, self.name)
        return self.fitted_model


def evaluate(system: str, options, seed: int, definitions: dict[str, str],
             corpus: LabelledTexts, challenge: LabelledTexts, n_jobs: int | None = None) -> SystemResult:
    """Cross-validate on ``corpus``; train on all of them (grid values chosen here) and predict ``challenge``;
    cross-fit over ``challenge``; train the shipped model on the corpus plus ``challenge``.

    ``n_jobs``: concurrent folds and grid-search fits on the active joblib backend (``research.parallel``).
    """
    estimator, grid = build(system, options, seed, definitions)
    cv = cross_validate(estimator, grid, corpus, n_jobs)
    start = time.perf_counter()
    seeds_model, params = fit(estimator, grid, corpus, n_jobs)
    middle = time.perf_counter()
    texts = list(challenge.texts)
    with threadpool_limits(limits=1):
        challenge_predictions = np.asarray(seeds_model.predict(texts), dtype=str)
        challenge_probs = probabilities(seeds_model, texts)
    end = time.perf_counter()
    crossfit, crossfit_probs = cross_fit(estimator, params, corpus, challenge, seed, n_jobs=n_jobs)
    crossfit_end = time.perf_counter()
    model = fit_fixed(estimator, params, joined(corpus, challenge))
    timings = {"cv_fit_seconds": cv.fit_seconds, "cv_predict_seconds": cv.predict_seconds,
               "final_fit_seconds": middle - start, "challenge_predict_seconds": end - middle,
               "crossfit_seconds": crossfit_end - end, "shipped_fit_seconds": time.perf_counter() - crossfit_end}
    return SystemResult(system, get_system(system).family, seed, cv, challenge_predictions, model, params, timings,
                        challenge_probs, crossfit, crossfit_probs)
