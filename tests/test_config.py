from pathlib import Path

import pytest

from research.tasks import load_config
from research.errors import ConfigError
from research.tasks import TASKS
from research.paths import CONFIGS
from research.tasks.report_config import BootstrapConfig

KINDS = ", ".join(sorted(TASKS))  # every registered experiment kind, as the message lists them

VALID = "experiment: dataset_stats\nseed: 1\n"


def _write(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, overrides: tuple[str, ...] = ()) -> str:
    with pytest.raises(ConfigError) as error:
        load_config(path, overrides)
    return str(error.value).replace(f"{path.parent}/", "")


def test_valid_config_fills_defaults(tmp_path):
    config = load_config(_write(tmp_path, VALID))
    assert config.seed == 1
    assert config.data.source == "seeds"
    assert config.data.near_duplicate_threshold == 0.09
    assert config.table == "dataset"


@pytest.mark.parametrize("text, message", [
    ("experimnet: dataset_stats\nseed: 1\n", f"x.yaml: missing key 'experiment' (choose from: {KINDS})"),
    (VALID + "experimnet: 1\n", "x.yaml: unknown key 'experimnet' (did you mean 'experiment'?)"),
    (VALID + "data:\n  sorce: seeds\n", "x.yaml: unknown key 'data.sorce' (did you mean 'source'?)"),
    (VALID + "zzz: 1\n", "x.yaml: unknown key 'zzz'"),
    ("experiment: dataset_stats\nseed: one\n", "x.yaml: key 'seed': input should be a valid integer, got string \"one\""),
    ("experiment: dataset_stats\n", "x.yaml: missing key 'seed'"),
    (VALID + "data:\n  near_duplicate_threshold: 0\n",
     "x.yaml: key 'data.near_duplicate_threshold': input should be greater than 0, got integer 0"),
    (VALID + "data: [1]\n", "x.yaml: key 'data': expected a mapping of keys, got list [1]"),
    (VALID + "data:\n  source: /no/such/corpus\n",
     "x.yaml: key 'data.source': no such file or folder '/no/such/corpus'"),
    ("experiment: dataset_stat\nseed: 1\n",
     f"x.yaml: key 'experiment': unknown experiment \"dataset_stat\" (did you mean 'dataset_stats'?) (choose from: {KINDS})"),
    ("experiment: dataset_stats\nseed: 1\ntable: ../evil\n",
     "x.yaml: key 'table': string should match pattern '^[a-z0-9][a-z0-9_-]*$', got string \"../evil\""),
    ("- 1\n- 2\n", "x.yaml: expected a mapping of keys at the top level, got a list"),
    ("42\n", "x.yaml: expected a mapping of keys at the top level, got an integer"),
    ("", "x.yaml: empty config (expected a mapping of keys)"),
    ("seed: [1\n", "x.yaml: malformed YAML (line 2: expected ',' or ']', but got '<stream end>')"),
    (b"\xff\xfe\x00binary", "x.yaml: not UTF-8 text (byte offset 0)"),
])
def test_config_errors_are_one_exact_line(tmp_path, text, message):
    assert _error(_write(tmp_path, text)) == message


def test_several_errors_are_counted(tmp_path):
    assert _error(_write(tmp_path, VALID + "a: 1\nb: 2\n")) == "x.yaml: unknown key 'a' (and 1 more)"


def test_missing_and_folder_paths(tmp_path):
    assert _error(tmp_path / "nope.yaml") == "nope.yaml: no such config file"
    (tmp_path / "dir.yaml").mkdir()
    assert _error(tmp_path / "dir.yaml") == "dir.yaml: is a folder, not a config file"


def test_overrides_are_validated_like_the_file(tmp_path):
    path = _write(tmp_path, VALID)
    config = load_config(path, ["seed=7", "data.near_duplicate_threshold=0.5"])
    assert (config.seed, config.data.near_duplicate_threshold) == (7, 0.5)
    assert _error(path, ("seed=abc",)) == "x.yaml: key 'seed': input should be a valid integer, got string \"abc\""
    assert _error(path, ("data.sorce=x",)) == "x.yaml: unknown key 'data.sorce' (did you mean 'source'?)"
    assert _error(path, ("seed",)) == "x.yaml: --set 'seed': expected key.path=value"
    assert _error(path, ("seed.x=1",)) == "x.yaml: --set 'seed.x=1': 'seed' is not a section"
    assert _error(path, ("seed=[1",)) == "x.yaml: --set 'seed=[1': value is not valid YAML"


def test_unreadable_file(tmp_path, monkeypatch):
    path = _write(tmp_path, VALID)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)  # root reads a chmod-000 file, so simulate the refusal
    assert _error(path) == "x.yaml: cannot read (Permission denied)"


def test_config_module_does_not_import_the_task_package():
    """The task registry passes its schemas to research.config (no import circle)."""
    import ast

    from research.paths import PROJECT_ROOT

    tree = ast.parse((PROJECT_ROOT / "research" / "config.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {m for m in imported if m and m.startswith("research.tasks")}


@pytest.mark.parametrize("config, override, message", [
    ("frank-checkers.yaml", "bootstrap_resamples=500", "write bootstrap: {samples: 500} (the one bootstrap section of "
     "every report; 'bootstrap_resamples' is not read)"),
    ("summarization-report.yaml", "bootstrap_resamples=10", "write bootstrap: {samples: 10} (the one bootstrap "
     "section of every report; 'bootstrap_resamples' is not read)"),
    ("summarize-chat-lm.yaml", "batch_size=2", "write runtime: {batch_size: 2} (the one place of runtime settings; "
     "'batch_size' at the top level is not read)"),
    ("classification-report.yaml", "ablation=[]", "write variants: [{name: ROW, system: LISTED SYSTEM, set: "
     "[KEY=VALUE, ...]}] (the one shape of ablation rows in every report; 'ablation' is not read)"),
])
def test_an_old_report_shape_fails_with_one_line_showing_the_new_shape(config, override, message):
    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / config, [override])
    assert str(error.value) == f"{CONFIGS / config}: {message}"


def test_every_report_takes_the_same_bootstrap_section():
    for name in ("classification-report", "summarization-report", "faithfulness-report", "frank-checkers",
                 "frank-summarization"):
        config = load_config(CONFIGS / f"{name}.yaml", ["bootstrap.confidence=0.9"])
        assert isinstance(config.bootstrap, BootstrapConfig) and config.bootstrap.level == "90%", name
