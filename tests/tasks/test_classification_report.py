"""The classification report on the bundled data, with small grids and few resamples."""

import json

import pytest
import yaml

from research.tasks import load_config
from research.errors import ConfigError
from research.runs import run_experiment, write_tables

SYSTEMS = {
    "majority": {},
    "stratified": {},
    "tfidf_cnb": {"min_df": [1], "label_copies": [0, 3], "alpha": [0.1]},
    "tfidf_ridge": {"min_df": [1], "label_copies": [3], "alpha": [10.0]},
    "zero_shot": {},
}


def _write(path, data):
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture()
def configs(tmp_path):
    paths = {name: str(_write(tmp_path / f"classify-{name}.yaml", {
        "experiment": "classification", "seed": 5, "system": {"name": name, **options}}))
        for name, options in SYSTEMS.items()}

    def report(**keys):
        data = {"experiment": "classification_report", "seed": 11, "systems": list(paths.values()),
                "bootstrap": {"samples": 200, "confidence": 0.9}, "permutations": 199,
                "learning_curve": {"systems": ["majority", "tfidf_cnb"], "sizes": [20, 57], "repeats": 2},
                "variants": [{"name": "cnb no definitions", "system": "tfidf_cnb",
                              "set": ["system.label_copies=[0]"]}], **keys}
        return _write(tmp_path / "classification-report.yaml", data)

    return report, paths


def test_report_tables_figures_and_determinism(configs, tmp_path, monkeypatch):
    report, _ = configs
    runs = []
    for cache in ("first", "again"):  # separate caches: the second run fits everything again
        monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / cache))
        runs.append(run_experiment(report(), experiments_dir=tmp_path / "experiments", progress=False))
    first, again = runs
    assert not any(s["cached"] for s in again.output.metrics["systems"].values())
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    names = sorted(p.relative_to(out_a).as_posix() for p in write_tables(first.output, out_a))
    write_tables(again.output, out_b)
    assert names == [
        "classification-ablation.csv", "classification-ablation.md", "classification-articles.csv",
        "classification-articles.md", "classification-calibration.csv", "classification-calibration.md",
        "classification-learning-curve.csv", "classification-learning-curve.md",
        "classification-per-class.csv", "classification-per-class.md", "classification.csv", "classification.md",
        "figures/classification-confusion.png", "figures/classification-learning-curve.png",
        "figures/classification-reliability.png"]
    for name in names:  # byte-identical between runs
        assert (out_a / name).read_bytes() == (out_b / name).read_bytes(), name

    main = first.output.tables["classification"]
    assert main.columns[:8] == ["system", "family", "CV macro-F1 [90% CI]", "CV accuracy",
                                "challenge macro-F1, seeds only [90% CI]", "challenge macro-F1, cross-fitted [90% CI]",
                                "challenge accuracy, cross-fitted", "p vs majority (CV)"]
    rows = {row[0]: row for row in main.rows}
    assert list(rows) == list(SYSTEMS)
    assert rows["majority"][7:9] == ["-", "-"]
    metrics = first.output.metrics
    best_tfidf = metrics["best_tfidf_system"]
    assert best_tfidf in ("tfidf_cnb", "tfidf_ridge")
    assert rows[best_tfidf][9:11] == ["-", "-"]
    # the smallest p a 199-permutation test can give, or larger
    p = float(rows["zero_shot"][7])
    assert 1 / 200 <= p <= 1
    for trained in ("tfidf_cnb", "tfidf_ridge", "zero_shot"):  # every classifier beats majority on held-out seeds
        assert metrics["systems"][trained]["cv"]["macro_f1"] > metrics["systems"]["majority"]["cv"]["macro_f1"]
    assert metrics["systems"]["zero_shot"]["p_vs_baseline"]["cv"] == pytest.approx(p, abs=5e-5)
    cv = metrics["systems"]["tfidf_cnb"]["cv"]
    assert rows["tfidf_cnb"][2] == f"{cv['macro_f1']:.3f} [{cv['macro_f1_interval'][0]:.3f}, " \
                                   f"{cv['macro_f1_interval'][1]:.3f}]"
    assert "seconds" not in main.to_markdown() and "Fit and predict times" in main.to_markdown()
    assert metrics["best_system"] == max(metrics["systems"], key=lambda n: metrics["systems"][n]["cv"]["macro_f1"])
    assert set(metrics["learning_curve"]) == {"majority", "tfidf_cnb"}
    assert len(metrics["learning_curve"]["tfidf_cnb"]["20"]) == 2
    assert metrics["ablation"]["cnb no definitions"]["params_all_seeds"] == {"clf__alpha": 0.1,
                                                                            "tfidf__min_df": 1}
    assert len(first.output.tables["classification-per-class"].rows) == 5 * 6
    assert {f.name for f in (first.run_dir / "models").iterdir()} == {f"{n}.skops" for n in SYSTEMS}
    log = (first.run_dir / "run.log").read_text()
    assert "cv_fit_seconds" in log and "ablation cnb no definitions" in log
    timings = json.loads((first.run_dir / "metrics.json").read_text())["systems"]["tfidf_cnb"]["timings"]
    assert timings["cv_fit_seconds"] > 0


@pytest.mark.parametrize("change, message", [
    ({"baseline": "most_frequent"},
     "key 'baseline': 'most_frequent' is not one of the systems (majority, stratified, tfidf_cnb, tfidf_ridge, "
     "zero_shot)"),
    ({"learning_curve": {"systems": ["svm"], "sizes": [10]}},
     "key 'learning_curve': systems: 'svm' is not one of the systems (majority, stratified, tfidf_cnb, "
     "tfidf_ridge, zero_shot)"),
    ({"learning_curve": {"systems": ["majority"], "sizes": [58]}},
     "key 'learning_curve': sizes: 58 is more than the 57 seed paragraphs"),
    ({"systems": ["configs/classify-nothing.yaml"]},
     "key 'systems': no such config file 'configs/classify-nothing.yaml'"),
])
def test_report_config_errors_name_the_file_and_key(configs, tmp_path, change, message):
    report, _ = configs
    path = report(**change)
    with pytest.raises(ConfigError) as error:
        run_experiment(path, experiments_dir=tmp_path / "experiments", progress=False)
    assert str(error.value) == f"{path}: {message}"
    assert not (tmp_path / "experiments").exists()  # rejected before a run folder is made


def test_report_refuses_two_configs_of_one_system(configs):
    report, paths = configs
    path = report(systems=[paths["majority"], paths["tfidf_cnb"], paths["majority"]])
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == (f"{path}: key 'systems': {paths['majority']} and {paths['majority']} both use "
                                "system 'majority'")


def test_report_needs_classification_configs_with_a_tfidf_one(configs, tmp_path):
    report, paths = configs
    other = _write(tmp_path / "stats.yaml", {"experiment": "dataset_stats", "seed": 1})
    path = report(systems=[paths["majority"], str(other)])
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == (f"{path}: key 'systems': {other}: key 'experiment': expected a 'classification' "
                                "config, got 'dataset_stats'")
    path = report(systems=[paths["majority"], paths["zero_shot"]], learning_curve={"systems": ["majority"], "sizes": [5]})
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == f"{path}: key 'systems': no TF-IDF system to compare against"


def test_a_broken_system_config_is_named(configs, tmp_path):
    report, paths = configs
    broken = _write(tmp_path / "classify-broken.yaml", {"experiment": "classification", "seed": 1,
                                                        "system": {"name": "tfidf_cnb", "alpha": [0]}})
    path = report(systems=[paths["majority"], str(broken)])
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == (f"{path}: key 'systems': {broken}: key 'system': system 'tfidf_cnb': "
                                "option 'alpha.0': input should be greater than 0, got integer 0")


def test_ablation_overrides_are_checked_with_the_config(configs):
    report, paths = configs
    path = report(variants=[{"name": "bad", "system": "tfidf_cnb", "set": ["system.alpah=[1]"]}])
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value) == (f"{path}: key 'variants': variant 0 ('bad'): {paths['tfidf_cnb']}: key 'system': system 'tfidf_cnb': "
                                "unknown option 'alpah' (did you mean 'alpha'?) (options: label_texts, augment, sublinear_tf, "
                                "min_df, label_copies, stop_words, alpha)")
