"""`research sweep`: validation of every combination before any run, a failing combination, the sweep folder,
and the Ray backend giving the same table and plots as local (on a private Ray instance, loopback only).
"""

import os

# Ray's "no cluster" mode: every Ray process uses and listens on 127.0.0.1 (see tests/test_parallel.py)
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"

import json
import math
import shutil
import tempfile

import pytest
import urllib3  # noqa: F401  imported before sockets are blocked (see tests/summarization/conftest.py)

from research.cache import CACHE_ENV
from research.cli import main
from research.config import apply_override
from research.tasks import load_config
from research.errors import ConfigError
from research.grid import parse_grids
from research.paths import CONFIGS
from research.sweep import plan, run_sweep, yaml_literal

MAJORITY = str(CONFIGS / "classify-majority.yaml")
CNB = str(CONFIGS / "classify-tfidf-cnb.yaml")
LEAD = str(CONFIGS / "summarize-lead.yaml")


@pytest.fixture(scope="module", autouse=True)
def module_cache(tmp_path_factory):
    """Classifier results and summaries cached in a folder of this module (Ray workers inherit it too)."""
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("sweep-cache"))
    yield
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture
def experiments(tmp_path, monkeypatch):
    folder = tmp_path / "experiments"
    monkeypatch.setattr("research.paths.EXPERIMENTS", folder)
    return folder


@pytest.mark.parametrize("grids, message", [
    (["sytem.alpha=0.1,1.0"], f"error: {CNB}: unknown key 'sytem' (did you mean 'system'?) "
                               "[--grid sytem.alpha=0.1]"),
    (["system.alpah=0.1"], f"error: {CNB}: key 'system': system 'tfidf_cnb': unknown option 'alpah' (did you "
                            "mean 'alpha'?) (options: label_texts, augment, sublinear_tf, min_df, label_copies, stop_words, alpha) "
                            "[--grid system.alpah=0.1]"),
    # the first combinations are valid: the fourth is not, and nothing runs
    (["seed=1,2", "system.alpha=0.5,-1"], f"error: {CNB}: key 'system': system 'tfidf_cnb': option 'alpha.0': "
                                           "input should be greater than 0, got integer -1 [--grid seed=1 system.alpha=-1]"),
    (["system.alpha=1,1.0"], f"error: {CNB}: --grid system.alpha=1.0 gives the same config as "
                              "--grid system.alpha=1"),
    (["system.alpha=[0.1"], "error: --grid 'system.alpha=[0.1': unclosed '[' at column 14"),
])
def test_a_bad_combination_is_one_line_exit_2_and_nothing_runs(experiments, capsys, grids, message):
    args = ["sweep", CNB, "--quiet"]
    for grid in grids:
        args += ["--grid", grid]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err == message + "\n"
    assert captured.out == ""
    assert not experiments.exists()  # no run folder, no sweep folder


def test_a_grid_is_required(experiments):
    with pytest.raises(ConfigError) as error:
        plan(MAJORITY, [])
    assert str(error.value) == f"{MAJORITY}: give at least one --grid key.path=v1,v2,..."


def test_a_scalar_for_a_list_option_is_a_one_value_list():
    planned = plan(CNB, parse_grids(["system.alpha=0.1,[0.3,1.0]", "seed=4"]), ["system.min_df=[1]"])
    assert [c.values for c in planned] == [{"system.alpha": 0.1, "seed": 4}, {"system.alpha": [0.3, 1.0], "seed": 4}]
    assert [c.overrides for c in planned] == [("system.min_df=[1]", "system.alpha=[0.1]", "seed=4"),
                                              ("system.min_df=[1]", "system.alpha=[0.3, 1.0]", "seed=4")]
    assert load_config(CNB, list(planned[1].overrides)).system.options.alpha == [0.3, 1.0]


@pytest.mark.parametrize("value", ["x", "1.0", "a: b", "it's \"q\"", 1, -2.5, 1e-5, 2e20, True, None,
                                   [1, "a,b", [None]], float("inf"), float("-inf")])
def test_override_text_reads_back_as_the_value(value):
    data: dict = {}
    apply_override(data, f"k={yaml_literal(value)}", "test")
    assert data["k"] == value and type(data["k"]) is type(value)


def test_nan_reads_back_as_nan():
    data: dict = {}
    apply_override(data, f"k={yaml_literal(float('nan'))}", "test")
    assert math.isnan(data["k"])


def test_a_failing_combination_does_not_stop_the_others(experiments, tmp_path, capsys):
    empty = tmp_path / "no-articles"  # exists (so the config is valid) but holds no article: the run itself fails
    empty.mkdir()
    assert main(["sweep", LEAD, "--grid", f"data.source={empty},seeds", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "1 of 2 combinations failed: #1\n"
    (sweep_dir,) = (experiments / "sweeps").iterdir()
    manifest = json.loads((sweep_dir / "sweep.json").read_text())
    first, second = manifest["combinations"]
    assert manifest["status"] == "failed" and manifest["keys"] == ["data.source"]
    assert first["run"] is None and first["error"] == f"{empty}: no .txt files in this folder"
    assert (experiments / "summarize-lead" / second["run"] / "metrics.json").is_file()  # the other one ran, complete
    assert [p.name for p in (experiments / "summarize-lead").iterdir()] == [second["run"]]
    provenance = json.loads((experiments / "summarize-lead" / second["run"] / "provenance.json").read_text())
    assert provenance["sweep"] == sweep_dir.name
    assert provenance["overrides"] == ['data.source="seeds"']
    table = (sweep_dir / "sweep.md").read_text()
    assert table.splitlines()[2:5] == [
        "| # | data.source | ROUGE-2 F1 | ROUGE-2 F1 95% CI | ROUGE-L F1 | ROUGE-L F1 95% CI | mean words |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        "| 2 | seeds | 0.199 | [0.155, 0.256] | 0.299 | [0.246, 0.354] | 89.600 |",  # results/summarization.md's lead
    ]
    assert f"- failed: #1 data.source={empty}: {empty}: no .txt files in this folder" in table
    assert table in captured.out
    assert (sweep_dir / "figures" / "data.source.png").read_bytes()[:4] == b"\x89PNG"


@pytest.fixture(scope="module")
def local_ray():
    """A private Ray instance for this module: two CPUs, loopback only (as in tests/test_parallel.py)."""
    import ray

    folder = tempfile.mkdtemp(prefix="ray-")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1",
             _temp_dir=folder, configure_logging=False)
    yield ray
    ray.shutdown()
    shutil.rmtree(folder, ignore_errors=True)


def _folder_bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "sweep.json"}


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_ray_gives_the_same_table_and_plots_as_local(tmp_path, local_ray):
    grids = parse_grids(["seed=1,2", "article.min_paragraphs=1,2"])
    sets = ["bootstrap.samples=100"]
    local = run_sweep(MAJORITY, grids, sets, jobs=1, backend="local", experiments_dir=tmp_path / "local")
    on_ray = run_sweep(MAJORITY, grids, sets, jobs=2, backend="ray", experiments_dir=tmp_path / "ray")
    assert not local.failures and not on_ray.failures
    assert sorted(_folder_bytes(local.folder)) == ["figures/article.min_paragraphs.png", "figures/seed.png",
                                                   "sweep.csv", "sweep.md"]
    assert _folder_bytes(on_ray.folder) == _folder_bytes(local.folder)  # byte-identical tables and plots
    csv = (local.folder / "sweep.csv").read_text().splitlines()
    assert csv[0] == ("#,seed,article.min_paragraphs,CV macro-F1,CV macro-F1 95% CI,challenge macro-F1,"
                      "challenge macro-F1 95% CI")
    assert len(csv) == 5
    for sweep in (local, on_ray):
        runs = [o.run_dir for o in sweep.outcomes]
        assert [r.parent.name for r in runs] == ["classify-majority"] * 4
        assert all((r / "metrics.json").is_file() and not r.name.endswith(".partial") for r in runs)
        seeds = [json.loads((r / "provenance.json").read_text())["seed"] for r in runs]
        assert seeds == [1, 1, 2, 2]
