"""A whole `research reproduce --check` is reused only while every project file, installed library and the
native LM build are unchanged (research.reproduce_memo, issue 38)."""

from pathlib import Path

import pytest

from research import reproduce_memo
from research.paths import CONFIGS, RESULTS
from research.reproduce import reproduce

SUBSET = [CONFIGS / "dataset-stats.yaml"]


def _tree(root: Path) -> Path:
    for name, text in {"research/a.py": "x = 1\n", "configs/c.yaml": "experiment: x\n", "seeds/s.txt": "text\n",
                       "results/r.md": "table\n", "experiments/e/run.log": "log\n", ".git/HEAD": "ref\n",
                       "research/__pycache__/a.pyc": "bytes", "mutants/m.py": "y = 2\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_project_hash_covers_every_input_file_and_no_output(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "root" / "cachedir"))
    root = _tree(tmp_path / "root")
    before = reproduce_memo.project_sha256(root)
    for output in ("results/r.md", "experiments/e/run.log", ".git/HEAD", "research/__pycache__/a.pyc",
                   "mutants/m.py", "cachedir/x/y.json"):
        (root / output).parent.mkdir(parents=True, exist_ok=True)
        (root / output).write_text("changed\n", encoding="utf-8")
    assert reproduce_memo.project_sha256(root) == before  # outputs, caches and hidden entries: not inputs
    for changed in ("research/a.py", "configs/c.yaml", "seeds/s.txt", "seeds/new.txt"):
        (root / changed).write_text("changed\n", encoding="utf-8")
        assert reproduce_memo.project_sha256(root) != before
        before = reproduce_memo.project_sha256(root)


def test_a_config_with_a_plugin_from_outside_the_project_is_never_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    root = _tree(tmp_path / "root")
    (root / "configs" / "p.yaml").write_text("experiment: x\nplugins: []\n", encoding="utf-8")
    assert reproduce_memo.project_sha256(root) is not None  # an empty list loads nothing
    (root / "configs" / "mine.py").write_text("x = 1\n", encoding="utf-8")
    (root / "configs" / "p.yaml").write_text("experiment: x\nplugins: [mine.py]\n", encoding="utf-8")
    inside = reproduce_memo.project_sha256(root)
    assert inside is not None  # a plugin file of the project: hashed with the rest
    (root / "configs" / "mine.py").write_text("x = 2\n", encoding="utf-8")
    assert reproduce_memo.project_sha256(root) not in (None, inside)
    for outside in ("../elsewhere/mine.py", "some_module", "missing.py"):
        (root / "configs" / "p.yaml").write_text(f"experiment: x\nplugins: [{outside}]\n", encoding="utf-8")
        assert reproduce_memo.project_sha256(root) is None, outside
    assert reproduce_memo.run_key(root, [root / "configs" / "c.yaml"]) is None


def test_the_key_follows_the_installed_libraries_and_the_configs_run(tmp_path, monkeypatch):
    import importlib.metadata
    from types import SimpleNamespace

    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    root = _tree(tmp_path / "root")
    configs = [root / "configs" / "c.yaml"]
    key = reproduce_memo.run_key(root, configs)
    assert reproduce_memo.run_key(root, configs) == key
    assert reproduce_memo.run_key(root, configs + configs) != key
    installed = list(importlib.metadata.distributions())
    extra = SimpleNamespace(metadata={"Name": "newlib"}, version="1.0")
    monkeypatch.setattr(importlib.metadata, "distributions", lambda **kwargs: installed + [extra])
    assert reproduce_memo.run_key(root, configs) != key


def test_check_reuses_a_stored_run_and_recomputes_after_any_change(tmp_path, monkeypatch):
    import research.reproduce as module

    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    state = {"project": "a"}
    monkeypatch.setattr(reproduce_memo, "project_sha256", lambda root: state["project"])
    results = tmp_path / "results"
    assert reproduce(results_dir=results, progress=False, configs=SUBSET) == []  # reuse=False: nothing stored
    ran = []
    real = module.run_experiment
    monkeypatch.setattr(module, "run_experiment", lambda config, **kw: ran.append(config) or real(config, **kw))
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True) == []
    assert ran == SUBSET  # nothing stored yet: it ran, and its output is stored
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True) == []
    assert ran == SUBSET  # reused: nothing ran, and results/ still matches
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET) == []
    assert ran == SUBSET * 2  # reuse=False (the Python default): runs
    state["project"] = "b"  # a file of the project changed
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True) == []
    assert ran == SUBSET * 3
    assert reproduce(results_dir=results, progress=False, configs=SUBSET, reuse=True) == []
    assert ran == SUBSET * 4  # writing results/ always runs (and records) every config
    for committed in ("dataset.md", "dataset.csv"):
        assert (results / committed).read_bytes() == (RESULTS / committed).read_bytes()


def test_a_reused_check_still_reports_a_hand_edited_table(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    monkeypatch.setattr(reproduce_memo, "project_sha256", lambda root: "fixed")
    results = tmp_path / "results"
    assert reproduce(results_dir=results, progress=False, configs=SUBSET, reuse=True) == []  # stores as it writes
    table = results / "dataset.md"
    table.write_text(table.read_text(encoding="utf-8").replace("| 8 | 22 | 500 |", "| 8 | 22 | 501 |"),
                     encoding="utf-8")
    monkeypatch.setattr("research.reproduce.run_experiment", lambda *a, **k: pytest.fail("reuse: nothing runs"))
    report = reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True)
    assert any(line.startswith("-| 000_cd27de7ec40d4303") and "| 501 |" in line for line in report)


@pytest.mark.parametrize("argv, reuse", [(["--check"], True), (["--check", "--recompute"], False), ([], True)])
def test_the_cli_reuses_unless_asked_to_recompute(monkeypatch, capsys, argv, reuse):
    from research.cli import main

    seen = {}
    monkeypatch.setattr("research.reproduce.reproduce", lambda **kwargs: seen.update(kwargs) or [])
    assert main(["reproduce", *argv, "--quiet"]) == 0
    assert seen["reuse"] is reuse and seen["check"] is ("--check" in argv)


def test_the_shipped_project_can_be_reused():
    """Its configs (tests' plugin configs included) load no plugin from outside the project."""
    from research.paths import PROJECT_ROOT
    from research.reproduce import manifest

    assert reproduce_memo.run_key(PROJECT_ROOT, manifest()) is not None


def test_a_run_that_imports_ray_still_stores_its_output(tmp_path, monkeypatch):
    """Importing Ray puts its vendored packages on sys.path (the cold benchmark run once stored nothing)."""
    import research.reproduce as module

    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr("research.paths.EXPERIMENTS", tmp_path / "experiments")
    vendored = tmp_path / "vendored"
    (vendored / "extra_lib-1.0.dist-info").mkdir(parents=True)
    (vendored / "extra_lib-1.0.dist-info" / "METADATA").write_text("Name: extra_lib\nVersion: 1.0\n",
                                                                  encoding="utf-8")
    results = tmp_path / "results"
    reproduce(results_dir=results, progress=False, configs=SUBSET)
    real = module.run_experiment

    def run_that_extends_the_path(config, **kwargs):
        monkeypatch.syspath_prepend(str(vendored))
        return real(config, **kwargs)

    monkeypatch.setattr(module, "run_experiment", run_that_extends_the_path)
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True) == []
    monkeypatch.setattr(module, "run_experiment", lambda *a, **k: pytest.fail("stored: nothing runs"))
    assert reproduce(check=True, results_dir=results, progress=False, configs=SUBSET, reuse=True) == []


def test_recompute_without_check_is_one_line_and_exit_2(monkeypatch, capsys):
    from research.cli import main

    monkeypatch.setattr("research.reproduce.reproduce", lambda **kwargs: pytest.fail("nothing runs"))
    assert main(["reproduce", "--recompute", "--quiet"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: --recompute: only with --check (writing results/ always runs every config)"]
