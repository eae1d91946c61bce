"""The `classification` experiment kind: config checks, a real run, and the shipped configs."""

import json
import tomllib

import pytest
import yaml

from research.classification.persistence import load_model
from research.classification.systems import SYSTEMS
from research.tasks import load_config
from research.errors import ConfigError
from research.paths import CONFIGS, PROJECT_ROOT
from research.runs import run_experiment
from research.tasks.classification_report_config import system_paths

CNB_SMALL = {"min_df": [1], "label_copies": [0, 3], "alpha": [0.1]}


def _config(tmp_path, **keys):
    data = {"experiment": "classification", "seed": 3, "system": {"name": "tfidf_cnb", **CNB_SMALL},
            "table": "classify-test", **keys}
    path = tmp_path / "classify-test.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("keys, message", [
    ({"system": {"name": "tfidf_logreq"}},
     "key 'system': unknown system \"tfidf_logreq\" (did you mean 'tfidf_logreg'?) (choose from: "
     "embedding_logreg, majority, setfit_logreg, stacking, stratified, tfidf_char_svm, tfidf_cnb, tfidf_logreg, "
     "tfidf_ridge, tfidf_select_logreg, tfidf_svm, tfidf_union_svm, zero_shot)"),
    ({"system": {"name": "tfidf_logreg", "Cc": [1.0]}},
     "key 'system': system 'tfidf_logreg': unknown option 'Cc' (did you mean 'C'?) (options: class_weight, "
     "label_texts, augment, sublinear_tf, min_df, label_copies, stop_words, C)"),
    ({"system": {"name": "majority", "C": [1.0]}},
     "key 'system': system 'majority': unknown option 'C' (options: none)"),
    ({"system": {"name": "tfidf_cnb", "alpha": [-1]}},
     "key 'system': system 'tfidf_cnb': option 'alpha.0': input should be greater than 0, got integer -1"),
    ({"system": {"name": "tfidf_cnb", "min_df": []}},
     "key 'system': system 'tfidf_cnb': option 'min_df': list should have at least 1 item after validation, "
     "not 0, got list []"),
    ({"system": {"name": "tfidf_cnb", "stop_words": "french"}},
     "key 'system': system 'tfidf_cnb': option 'stop_words': input should be 'english', got string \"french\""),
    ({"system": {"alpha": [0.1]}},
     "key 'system': missing 'name' (choose from: embedding_logreg, majority, setfit_logreg, stacking, stratified, "
     "tfidf_char_svm, tfidf_cnb, tfidf_logreg, tfidf_ridge, tfidf_select_logreg, tfidf_svm, tfidf_union_svm, "
     "zero_shot)"),
    ({"bootstrap": {"samples": 10}},
     "key 'bootstrap.samples': input should be greater than or equal to 20, got integer 10"),
])
def test_config_errors_name_the_key(tmp_path, keys, message):
    _assert_one_line(tmp_path, keys, message)


@pytest.mark.parametrize("keys, message", [
    ({"system": "tfidf_cnb", "options": {"alpha": [0.1], "min_df": [1]}},
     "write system: {name: tfidf_cnb, alpha: [0.1], min_df: [1]} (the options go inside it, a separate 'options' "
     "key is not read)"),
    ({"system": "majority"}, "key 'system': write system: {name: majority} (one mapping: the name and its parameters)"),
    ({"options": {}}, "write system: {name: tfidf_cnb} (the options go inside it, a separate 'options' key is not "
     "read)"),
    ({"system": {"name": "stacking", "base": [{"system": "tfidf_cnb", "options": {"alpha": [1]}}, {"name": "majority"}]}},
     "key 'system': system 'stacking': option 'base.0': write {name: tfidf_cnb, alpha: [1]} (the options go inside "
     "it, a separate 'options' key is not read)"),
])
def test_an_old_shape_config_fails_with_one_line_showing_the_new_shape(tmp_path, keys, message):
    _assert_one_line(tmp_path, keys, message)


def _assert_one_line(tmp_path, keys: dict, message: str) -> None:
    path = _config(tmp_path, **keys)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: {message}"


def test_options_are_recorded_in_full_in_the_shape_they_are_written(tmp_path):
    config = load_config(_config(tmp_path, system={"name": "tfidf_svm", "C": [2]}))
    assert config.model_dump(mode="json")["system"] == {
        "name": "tfidf_svm", "class_weight": "balanced", "label_texts": "definitions", "augment": "none",
        "sublinear_tf": True, "min_df": [1, 2], "label_copies": [0], "stop_words": "english", "C": [2.0]}
    assert load_config(_config(tmp_path, system=config.model_dump(mode="json")["system"])) == config


def test_run_records_a_loadable_model(tmp_path):
    record = run_experiment(_config(tmp_path), experiments_dir=tmp_path / "experiments", progress=False)
    files = {p.relative_to(record.run_dir).as_posix() for p in record.run_dir.rglob("*") if p.is_file()}
    assert {"model.skops", "metrics.json", "predictions.jsonl", "run.log", "provenance.json",
            "tables/classify-test.md", "tables/classify-test.csv", "tables/classify-test-per-class.md"} <= files
    model = load_model(record.run_dir / "model.skops", "tfidf_cnb")
    metrics = json.loads((record.run_dir / "metrics.json").read_text())
    assert metrics["system"] == "tfidf_cnb" and metrics["seed"] == 3
    assert metrics["params_all_seeds"] == {"copies": model.copies, "estimator__clf__alpha": 0.1,
                                           "estimator__tfidf__min_df": 1}
    assert set(metrics["timings"]) == {"cv_fit_seconds", "cv_predict_seconds", "final_fit_seconds",
                                       "challenge_predict_seconds", "crossfit_seconds", "shipped_fit_seconds"}
    assert 0 <= metrics["ece"]["cv"] <= 1
    low, high = metrics["cv"]["macro_f1_interval"]
    assert low <= metrics["cv"]["macro_f1"] <= high
    assert metrics["articles"]["articles"] == 5
    table = record.output.tables["classify-test"]
    assert table.columns[2] == "CV macro-F1 [95% CI]"
    assert table.rows[0][0] == "tfidf_cnb"
    assert "seconds" not in table.to_markdown()  # wall-clock times stay out of tables
    predictions = [json.loads(line) for line in (record.run_dir / "predictions.jsonl").read_text().splitlines()]
    assert [p["set"] for p in predictions].count("cv") == 57
    assert [p["set"] for p in predictions].count("challenge") == 42
    assert [p["set"] for p in predictions].count("challenge_crossfit") == 42
    assert "tfidf_cnb: CV macro-F1" in (record.run_dir / "run.log").read_text()


def test_shipped_system_configs():
    paths = sorted(CONFIGS.glob("classify-*.yaml"))
    assert len(paths) == len(SYSTEMS)
    systems = set()
    for path in paths:
        config = load_config(path)
        assert config.experiment == "classification"
        assert ("tfidf" in path.stem) == (SYSTEMS[config.system.name].family == "tfidf"), path
        systems.add(config.system.name)
    assert systems == set(SYSTEMS)


def test_report_config_lists_every_system_and_is_reproduced():
    config = load_config(CONFIGS / "classification-report.yaml")
    assert sorted(config.systems) == sorted(
        f"configs/{p.name}" for p in CONFIGS.glob("classify-*.yaml"))
    manifest = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["research"]["reproduce"]
    assert "configs/classification-report.yaml" in manifest
    paths = system_paths(config.systems)
    for variant in config.variants:
        load_config(PROJECT_ROOT / paths[variant.system], variant.set)
