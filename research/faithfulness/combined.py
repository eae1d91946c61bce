"""The combination: logistic regression over the member checkers' features.

Members are checker names (option ``members``; e.g. add ``factcc`` or
``lm_judge`` once registered); each gives named features per sentence
(``Checker.features``). The shipped weights are fitted on all hand-written
judgments and cached as JSON, keyed by the judgments, the options and this
module's code closure (every checker it can build) with its libraries' versions
(``research.cache.cache_key``); the meta-evaluation refits them inside grouped folds.

A sentence the article holds word for word (every 4-gram of it, ``copying``'s score 1) scores 1 whatever the
weights say (option ``copied``, on by default): published systems copy whole sentences, and on FRANK's lower-cased
text the members' rules flagged some of them. The threshold is chosen on the scores with that rule applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from research.cache import JsonCache, cache_key, file_sha256
from research.faithfulness.base import Checker
from research.faithfulness.copying import Copying
from research.faithfulness.evidence import best_matches
from research.faithfulness.fitting import best_threshold, copied_supported, fit_weights, predict
from research.faithfulness.judgments import JUDGMENTS, Judgment, per_article, read_judgments
from research.faithfulness.registry import CHECKERS, build_checker

DEFAULT_MEMBERS = ("units",)


def member_features(members: Sequence[str], source: str, sentences: list[str]) -> list[dict[str, dict[str, float]]]:
    """Per sentence: member name -> its named features."""
    rows: list[dict[str, dict[str, float]]] = [{} for _ in sentences]
    for name in members:
        for row, values in zip(rows, build_checker(name).features(source, sentences)):
            row[name] = values
    return rows


def flatten(row: dict[str, dict[str, float]]) -> dict[str, float]:
    """One name per feature: a member's own score keeps its name, others are prefixed 'member.'."""
    return {(key if key == member else f"{member}.{key}"): value for member, values in row.items()
            for key, value in values.items()}


def copied_sentences(source: str, sentences: Sequence[str]) -> np.ndarray:
    """Per sentence: does the article hold it word for word (every 4-gram)?"""
    return np.array([share >= 1.0 for share in Copying().shares(source, sentences)], dtype=bool)


def judgments_copied(items: Sequence[Judgment]) -> np.ndarray:
    """``copied_sentences`` of every judgment against its article, in order."""
    found = per_article(items, copied_sentences)
    return np.array([found[j.id] for j in items], dtype=bool)


class Combined(Checker):
    name = "combined"

    def __init__(self, members: Sequence[str] = DEFAULT_MEMBERS, C: float = 1.0, seed: int = 13,
                 judgments: str | None = None, copied: bool = True):
        members = tuple(members)
        unknown = [m for m in members if m not in CHECKERS or m == "combined"]
        if not members or unknown:
            raise ValueError(f"combined: members must be checker names other than 'combined', got {unknown or members}")
        if not C > 0:
            raise ValueError(f"combined: C must be positive, got {C!r}")
        if not isinstance(copied, bool):
            raise ValueError(f"combined: copied must be true or false, got {copied!r}")
        self.members, self.C, self.seed, self.judgments, self.copied = members, C, seed, judgments, copied
        self._weights: dict | None = None

    @property
    def weights(self) -> dict:
        if self._weights is None:
            self._weights = shipped_weights(self.members, self.C, self.seed, self.judgments, self.copied)
        return self._weights

    @property
    def threshold(self) -> float:  # type: ignore[override]
        return self.weights["threshold"]

    def score(self, source: str, sentences: Sequence[str]) -> list[tuple[float, tuple[str, ...]]]:
        sentences = list(sentences)
        if not sentences:
            return []
        rows = [flatten(row) for row in member_features(self.members, source, sentences)]
        X = np.array([[row[f] for f in self.weights["features"]] for row in rows], dtype=float)
        scores = predict(self.weights, X)
        if self.copied:
            scores = copied_supported(scores, copied_sentences(source, sentences))
        return [(float(p), m.window.sentences) for p, m in zip(scores, best_matches(source, sentences))]


def judgment_features(members: Sequence[str], judgments_path: Path | None = None):
    """(judgments, feature names, X) over every hand-written judgment (features cached by data and code)."""
    path = judgments_path or JUDGMENTS
    items = read_judgments(path)
    cache = JsonCache("faithfulness-features")
    key = cache_key({"members": list(members)}, {"data": file_sha256(path)}, [__name__])
    rows: dict[str, dict[str, dict[str, float]]] | None = cache.get(key)
    if rows is None:
        rows = per_article(items, lambda text, claims: member_features(members, text, claims))
        cache.put(key, rows)
    flat = {j.id: flatten(rows[j.id]) for j in items}
    names = sorted(flat[items[0].id])
    return items, names, np.array([[flat[j.id][n] for n in names] for j in items], dtype=float)


def shipped_weights(members: Sequence[str], C: float, seed: int, judgments: str | None, copied: bool = True) -> dict:
    path = Path(judgments) if judgments else JUDGMENTS
    key = cache_key({"members": list(members), "C": C, "seed": seed, "copied": copied}, {"data": file_sha256(path)},
                    [__name__])
    cache = JsonCache("faithfulness-combined")
    weights = cache.get(key)
    if weights is None:
        items, names, X = judgment_features(members, path)
        supported = np.array([j.supported for j in items])
        weights = fit_weights(X, supported, names, seed, C)
        if copied:
            weights["threshold"] = best_threshold(copied_supported(predict(weights, X), judgments_copied(items)),
                                                  supported)
        cache.put(key, weights)
    return weights
