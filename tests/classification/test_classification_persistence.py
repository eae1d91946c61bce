import numpy as np
import pytest
import skops.io
from sklearn.base import BaseEstimator, ClassifierMixin

from research.classification.data import seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import build, fit
from research.classification.persistence import FORMAT, TRUSTED_TYPES, load_model, save_model
from research.classification.systems import SYSTEMS
from research.data import TOPICS
from research.errors import UserError


class Evil(ClassifierMixin, BaseEstimator):
    classes_ = np.array(TOPICS)


def _trained(name, options):
    estimator, grid = build(name, SYSTEMS[name].options.model_validate(options), 13, label_definitions())
    return fit(estimator, grid, seed_paragraphs())[0]


@pytest.mark.parametrize("name, options", [
    ("tfidf_union_svm", {"min_df": [1], "label_copies": [1], "C": [1.0]}),
    ("embedding_logreg", {"label_copies": [1], "C": [1.0]}),
    ("zero_shot", {}),
    ("stratified", {}),
])
def test_round_trip_predicts_the_same(tmp_path, name, options):
    model = _trained(name, options)
    path = tmp_path / "model.skops"
    save_model(path, model, name)
    loaded = load_model(path, name)
    texts = list(seed_paragraphs().texts)
    assert loaded.predict(texts).tolist() == model.predict(texts).tolist()
    assert set(skops.io.get_untrusted_types(file=path)) <= set(TRUSTED_TYPES)


def test_untrusted_type_is_refused(tmp_path):
    path = tmp_path / "evil.skops"
    path.write_bytes(skops.io.dumps({"format": FORMAT, "system": "majority", "classes": list(TOPICS),
                                     "estimator": Evil()}))
    with pytest.raises(UserError) as error:
        load_model(path)
    assert str(error.value) == (f"{path}: refusing to load untrusted type(s) {Evil.__module__}.Evil "
                                f"(trusted: {', '.join(TRUSTED_TYPES)})")


@pytest.mark.parametrize("content, message", [
    (None, "no such model file"),
    (b"not a zip", "not a skops model file"),
    ({"estimator": 1}, f"not a model saved by research (expected format {FORMAT})"),
    ({"format": FORMAT, "system": "zero_shot", "classes": ["a"], "estimator": 1},
     "model classes a are not the topics (" + ", ".join(TOPICS) + ")"),
    ({"format": FORMAT, "system": "majority", "classes": list(TOPICS), "estimator": 1},
     "model was trained for system 'majority', the config is for 'zero_shot'"),
])
def test_bad_model_files(tmp_path, content, message):
    path = tmp_path / "model.skops"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_bytes(skops.io.dumps(content))
    with pytest.raises(UserError) as error:
        load_model(path, "zero_shot")
    assert str(error.value) == f"{path}: {message}"
