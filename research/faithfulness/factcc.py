"""``factcc``: a FactCC-style classifier (Kryscinski et al., 2020) trained on synthetic corruptions.

Training data: the seed articles' sentences, their paraphrases (true) and
rule-made corruptions (false; ``research.faithfulness.training``), never the
hand-written claims. Each (claim, article) pair becomes features of the claim
against its best-matching source windows (``features``), and a scikit-learn
classifier (standardised logistic regression, or gradient boosting) scores
them. Trained once and cached (skops, never pickle) under a key of the
seeds' sentences, the options and this module's code closure with its
libraries' versions (``research.cache.cache_key``).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from research.cache import cache_key, cached_folder
from research.data import load_articles
from research.errors import UserError
from research.faithfulness.base import Checker
from research.faithfulness.features import FEATURE_SETS, pair_features
from research.faithfulness.retrieval import retrieve
from research.faithfulness.training import build_examples
from research.text.sentences import line_sentences

MODELS = ("logistic", "boosting")
TRUSTED = ["sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
           "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
           "sklearn.ensemble._hist_gradient_boosting.common.PREDICTOR_RECORD_DTYPE"]


def _estimator(model: str, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if model == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000))
    return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                          class_weight="balanced", random_state=seed)


def featurise(claims: list[str], sentences: list[str], embeddings: bool, max_window: int,
              features: str = "targeted") -> np.ndarray:
    """Feature rows of claims against one article's sentences."""
    article = " ".join(sentences)
    return np.stack([pair_features(c, r, article, embeddings, features)
                     for c, r in zip(claims, retrieve(claims, sentences, max_window))])


def training_set(articles: list[list[str]], seed: int, rounds: int, embeddings: bool, max_window: int,
                 features: str = "targeted"):
    """(features, labels, examples) of the synthetic training examples."""
    examples = build_examples(articles, seed, rounds)
    rows = np.zeros((len(examples), len(FEATURE_SETS[features]) + (768 if embeddings else 0)))
    for index, sentences in enumerate(articles):
        members = [i for i, e in enumerate(examples) if e.article == index]
        rows[members] = featurise([examples[i].claim for i in members], sentences, embeddings, max_window, features)
    return rows, np.array([e.supported for e in examples], dtype=int), examples


def _train(folder: Path, articles: list[list[str]], options: dict) -> None:
    import skops.io

    X, y, examples = training_set(articles, options["seed"], options["rounds"], options["embeddings"],
                                  options["max_window"], options["features"])
    estimator = _estimator(options["model"], options["seed"]).fit(X, y)
    (folder / "model.skops").write_bytes(skops.io.dumps(estimator))
    kinds: dict[str, int] = {}
    for e in examples:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    (folder / "training.json").write_text(json.dumps({"examples": len(examples), "kinds": kinds,
                                                      "features": FEATURE_SETS[options["features"]]}, indent=1, sort_keys=True) + "\n")


def seed_articles() -> list[list[str]]:
    return [list(a["sentences"]) for a in load_articles()]


@lru_cache(maxsize=4)
def trained_model(model: str, seed: int, rounds: int, embeddings: bool, max_window: int, features: str):
    """The classifier for these options: from the cache, else trained on the seeds now (about a minute)."""
    import skops.io

    articles = seed_articles()
    options = {"model": model, "seed": seed, "rounds": rounds, "embeddings": embeddings, "max_window": max_window,
               "features": features}
    # the code: this module's closure (features, corruptions, the encoder) and its libraries: a change retrains
    key = cache_key({"checker": "factcc", "options": options},
                    {"data": hashlib.sha256(json.dumps(articles).encode()).hexdigest()}, [__name__])
    folder = cached_folder("factcc", key, lambda f: _train(f, articles, options))
    path = folder / "model.skops"
    untrusted = set(skops.io.get_untrusted_types(file=path)) - set(TRUSTED)
    if untrusted:
        raise RuntimeError(f"{path}: unexpected types {sorted(untrusted)}")
    return skops.io.load(path, trusted=TRUSTED)


class FactCC(Checker):
    """Probability of "supported" from a classifier trained on corrupted seed sentences."""

    name = "factcc"

    def __init__(self, model: str = "logistic", seed: int = 0, rounds: int = 2, features: str = "targeted",
                 embeddings: bool = False, max_window: int = 3, threshold: float = 0.5):
        # scikit-learn's convention (as its estimators): each argument stored as given under its own name
        self.model = model
        self.feature_set = features
        self.seed = seed
        self.rounds = rounds
        self.embeddings = embeddings
        self.max_window = max_window
        self.threshold = threshold
        self._validate()

    def _validate(self) -> None:
        if self.model not in MODELS:
            raise UserError(f"factcc: model must be one of {', '.join(MODELS)}, got {self.model!r}")
        if self.feature_set not in FEATURE_SETS:
            raise UserError(f"factcc: features must be one of {', '.join(FEATURE_SETS)}, got {self.feature_set!r}")
        for option in ("seed", "rounds", "max_window"):
            value = getattr(self, option)
            low = 0 if option == "seed" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise UserError(f"factcc: {option} must be an integer >= {low}, got {value!r}")
        if not isinstance(self.embeddings, bool):
            raise UserError(f"factcc: embeddings must be true or false, got {self.embeddings!r}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0 <= self.threshold <= 1:
            raise UserError(f"factcc: threshold must be a number in [0, 1], got {self.threshold!r}")

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        if not sentences:
            return []
        estimator = trained_model(self.model, self.seed, self.rounds, self.embeddings, self.max_window,
                                  self.feature_set)
        article = line_sentences(source)
        claims = list(sentences)
        retrieved = retrieve(claims, article, self.max_window)
        text = " ".join(article)
        X = np.stack([pair_features(c, r, text, self.embeddings, self.feature_set) for c, r in zip(claims, retrieved)])
        # rounded: batched embeddings may differ by ~1e-7 between processes
        scores = [round(float(p), 6) for p in estimator.predict_proba(X)[:, 1]]
        return [(score, r.best()[1].sentences) for score, r in zip(scores, retrieved)]
