"""Fitting a learned extractive scorer: sentence features to oracle labels, with the feature set, the model and
the selection rule chosen by cross-validation grouped by article (no article is ever scored by a model that saw
it), then refitted on every training article."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from research.summarization.extract_labels import SentenceRouge
from research.summarization.learned_selection import WINDOWS, Rule, select
from research.summarization.sentence_features import FEATURE_SETS, FEATURES

MODELS = ("logreg-C0.1", "logreg-C1", "gbc-d2", "gbr-r2-d2", "ridge-r2")


@dataclass
class TrainingArticle:
    """One article with a reference: its sentence features, ROUGE tokens and what a scorer learns from it."""

    id: str
    features: np.ndarray  # sentences x FEATURES
    rouge: SentenceRouge
    labels: np.ndarray  # 1 for the greedy oracle's sentences
    gains: np.ndarray  # each sentence's own ROUGE-2 F1 (the regressors' target)


def training_article(article_id: str, features: np.ndarray, rouge: SentenceRouge, k: int) -> TrainingArticle:
    oracle = rouge.greedy_oracle(k)
    n = len(rouge.tokens)
    return TrainingArticle(article_id, features, rouge, np.array([float(i in oracle) for i in range(n)]),
                           np.array([rouge.rouge2([i]) for i in range(n)]))


def make_model(name: str, seed: int):
    """The named model and whether it classifies oracle labels (``cls``) or regresses ROUGE-2 gains (``reg``)."""
    if name.startswith("logreg-C"):
        return make_pipeline(StandardScaler(), LogisticRegression(C=float(name.removeprefix("logreg-C")),
                                                                  max_iter=5000, random_state=seed)), "cls"
    if name == "gbc-d2":
        return GradientBoostingClassifier(n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8,
                                          random_state=seed), "cls"
    if name == "gbr-r2-d2":
        return GradientBoostingRegressor(n_estimators=150, max_depth=2, learning_rate=0.05, subsample=0.8,
                                         random_state=seed), "reg"
    if name == "ridge-r2":
        return make_pipeline(StandardScaler(), Ridge(alpha=10.0)), "reg"
    raise ValueError(f"model: expected one of {', '.join(MODELS)}, got '{name}'")


@dataclass
class Scorer:
    """A fitted model over one feature set: a score per sentence, higher is more summary-worthy."""

    features: str
    model_name: str
    model: object
    kind: str

    def scores(self, features: np.ndarray) -> np.ndarray:
        X = features[:, [FEATURES.index(f) for f in FEATURE_SETS[self.features]]]
        return self.model.predict_proba(X)[:, 1] if self.kind == "cls" else self.model.predict(X)


def fit_scorer(articles: list[TrainingArticle], features: str, model_name: str, seed: int) -> Scorer:
    model, kind = make_model(model_name, seed)
    columns = [FEATURES.index(f) for f in FEATURE_SETS[features]]
    model.fit(np.vstack([a.features[:, columns] for a in articles]),
              np.concatenate([a.labels if kind == "cls" else a.gains for a in articles]))
    return Scorer(features, model_name, model, kind)


@dataclass
class Choice:
    """The chosen feature set, model and rule, with the mean ROUGE-2 F1 they reached out-of-fold."""

    features: str
    model: str
    rule: Rule
    rouge2: float

    def describe(self) -> str:
        return f"{self.features} / {self.model} / {self.rule.describe()}"


def choose(articles: list[TrainingArticle], k: int, folds: int, seed: int) -> Choice:
    """The feature set, model and rule with the best mean ROUGE-2 of ``k``-sentence picks over ``folds``
    article-grouped folds of ``articles`` (the earliest in grid order on ties)."""
    groups = [a.id for a in articles]
    splits = list(GroupKFold(n_splits=folds).split(np.zeros(len(articles)), groups=groups))
    configs = [(f, m) for f in FEATURE_SETS for m in MODELS]
    out_of_fold: dict[tuple[str, str], list[np.ndarray | None]] = {c: [None] * len(articles) for c in configs}
    for train, test in splits:
        for config in configs:
            scorer = fit_scorer([articles[i] for i in train], *config, seed)
            for i in test:
                out_of_fold[config][i] = scorer.scores(articles[i].features)
    # windows for every model, lead-k fills for every model, then the lead baseline itself (model-free)
    grid = [(c, Rule(window=w)) for c in configs for w in WINDOWS]
    grid += [(c, Rule(lead=n)) for c in configs for n in range(1, k)] + [(configs[0], Rule(lead=k))]
    best: Choice | None = None
    for config, rule in grid:
        mean = float(np.mean([a.rouge.rouge2(select(out_of_fold[config][i], a.rouge.tokens, k, rule))
                              for i, a in enumerate(articles)]))
        if best is None or mean > best.rouge2:
            best = Choice(config[0], config[1], rule, mean)
    return best
