"""The stack's meta-learner sees only out-of-fold scores whose inner folds never split a near-duplicate group."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from research.classification.data import LabelledTexts
from research.classification.cross_validation import cross_fit, cross_validate, fit
from research.classification.systems.stacking import Stack
from research.data import TOPICS

LABELS = TOPICS[:3]  # three: a binary problem would need a pos_label for the macro-F1 scorer


class Recorder(ClassifierMixin, BaseEstimator):
    """A base system that remembers every training set it is fitted on and scores every class alike."""

    fits: list[list[str]] = []

    def fit(self, X, y):
        Recorder.fits.append(list(X))
        self.classes_ = np.unique(np.asarray(y, dtype=str))
        return self

    def predict_proba(self, X):
        return np.full((len(X), len(self.classes_)), 1 / len(self.classes_))


def _data(groups: int, per_group: int = 6, offset: int = 0) -> LabelledTexts:
    texts = tuple(f"group {g} paragraph {i}" for g in range(offset, offset + groups) for i in range(per_group))
    return LabelledTexts(tuple(f"id-{t}" for t in texts), texts,
                         np.array([LABELS[i % 3] for i in range(len(texts))]),
                         np.array([f"a{g}" for g in range(offset, offset + groups) for _ in range(per_group)]),
                         np.array([g for g in range(offset, offset + groups) for _ in range(per_group)]))


def _group(text: str) -> int:
    return int(text.split()[1])


def _split_groups(fits: list[list[str]], data: LabelledTexts) -> list[int]:
    """Groups that some fit trained on in part only (the rest held out in the same fit)."""
    sizes = {g: int(np.sum(data.groups == g)) for g in set(data.groups.tolist())}
    split = set()
    for texts in fits:
        seen = [_group(t) for t in texts if t.startswith("group")]
        split |= {g for g in set(seen) if seen.count(g) != sizes[g]}
    return sorted(split)


@pytest.fixture
def stack():
    Recorder.fits = []
    return Stack([("recorder", Recorder())], LogisticRegression(), folds=3, random_state=0)


@pytest.mark.parametrize("grid", [{"final_estimator__C": [1.0]}, {"final_estimator__C": [0.5, 1.0]}])
def test_inner_folds_keep_every_group_on_one_side(stack, grid):
    data = _data(groups=5)
    fit(stack, grid, data)  # one grid point: a plain fit; two: the grouped grid search, with groups routed
    assert Recorder.fits and _split_groups(Recorder.fits, data) == []
    inner = [texts for texts in Recorder.fits if len(texts) < len(data)]
    assert len(inner) >= 3  # the inner folds did run, on whole groups


def test_cross_validation_and_cross_fitting_pass_the_groups(stack):
    seeds, challenge = _data(groups=4), _data(groups=3, per_group=3, offset=10)
    cross_validate(stack, {}, seeds)
    assert _split_groups(Recorder.fits, seeds) == []
    Recorder.fits = []
    cross_fit(stack, {}, seeds, challenge, seed=0)
    both = LabelledTexts(seeds.ids + challenge.ids, seeds.texts + challenge.texts,
                         np.concatenate([seeds.labels, challenge.labels]),
                         np.concatenate([seeds.articles, challenge.articles]),
                         np.concatenate([seeds.groups, challenge.groups]))
    assert _split_groups([[t for t in f if _group(t) < 10] for f in Recorder.fits], both) == []


def test_groups_decide_the_inner_folds(stack):
    data = _data(groups=3)
    splits = stack.inner_splits(list(data.texts), data.labels, data.groups)
    assert sorted(sorted(set(data.groups[test].tolist())) for _, test in splits) == [[0], [1], [2]]
    with pytest.raises(ValueError, match="^Stack: grouped inner folds need at least 2 groups, got 1$"):
        stack.inner_splits(list(data.texts), data.labels, np.zeros(len(data), dtype=int))


def test_without_groups_the_stack_falls_back_to_stratified_folds(stack):
    data = _data(groups=2)
    stack.fit(list(data.texts), data.labels)
    assert len(Recorder.fits) == 4 and _split_groups(Recorder.fits, data) != []  # 3 inner folds + the final fit
