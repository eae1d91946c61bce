"""Safe by construction: ids never become paths, no unsafe loaders, offline by default."""

import json
import re
import subprocess
import sys

from research.cli import main
from research.paths import CONFIGS, PROJECT_ROOT

HOSTILE_IDS = ["../../escape", "/etc/passwd", "a/../../b", "..", "con:nul"]


def _inputs(tmp_path):
    source = tmp_path / "work" / "in.jsonl"
    source.parent.mkdir()
    text = "The junta closed the airspace. ECOWAS leaders met in Abuja. Prices rose in Niamey."
    source.write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in HOSTILE_IDS))
    return source


def _tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_ids_from_input_never_become_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("RESEARCH_CACHE_DIR", str(tmp_path / "cache"))
    source = _inputs(tmp_path)
    for command, config in (("summarize", "summarize-lead.yaml"), ("classify", "classify-majority.yaml")):
        output = source.parent / f"{command}.jsonl"
        assert main([command, "--config", str(CONFIGS / config), "--input", str(source),
                     "--output", str(output), "--quiet"]) == 0
        assert [json.loads(line)["id"] for line in output.read_text().splitlines()] == HOSTILE_IDS
    assert _tree(tmp_path / "work") == ["classify.jsonl", "in.jsonl", "summarize.jsonl"]
    assert not (tmp_path / "escape").exists() and not (tmp_path.parent / "escape").exists()
    for path in (tmp_path / "cache" / "summaries").rglob("*"):  # cache files are named by hashes, never by ids
        assert re.fullmatch(r"[0-9a-f]+(\.json)?", path.name), path


def test_no_unsafe_loaders_in_the_package():
    """A backstop to the enforced checks (tests/test_models.py): no loader that unpickles appears in the source."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "research").rglob("*.py"))
    assert "yaml.load(" not in source and "yaml.unsafe_load" not in source
    assert "trust_remote_code=True" not in source
    assert not re.search(r"^\s*(import|from) (c?pickle|dill|cloudpickle)\b|pickle\.loads?\(|torch\.load\(|"
                         r"joblib\.load\(|allow_pickle\s*=\s*True|weights_only\s*=\s*False|skops\.io\.load\("
                         r"[^)]*trusted\s*=\s*True", source, re.MULTILINE)


def _hub_state(*flags: str) -> list[str]:
    """HF_HUB_OFFLINE in the environment and in huggingface_hub's constants after the CLI has parsed ``flags``."""
    script = ("import os, sys, research.cli as c; c.main(['data', 'show', '--quiet', *sys.argv[1:]]);"
              "import huggingface_hub.constants as h; print(os.environ.get('HF_HUB_OFFLINE'), h.HF_HUB_OFFLINE)")
    env = {"PATH": "/usr/bin:/bin"}  # no HF_HUB_OFFLINE inherited from the test session
    result = subprocess.run([sys.executable, "-c", script, *flags], capture_output=True, text=True, env=env,
                            cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].split()


def test_cli_is_offline_unless_asked():
    assert _hub_state() == ["1", "True"]


def test_online_leaves_the_hub_reachable():
    assert _hub_state("--online") == ["None", "False"]


def test_a_bug_exits_1_with_its_traceback(tmp_path):
    """Only a UserError becomes one line and exit 2; anything else is a bug and keeps its traceback."""
    script = ("import sys, research.cli as c, research.data.loader as loader\n"
              "def bug(*args, **kwargs): raise KeyError('planted bug')\n"
              "loader.article_rows = bug\n"
              "sys.exit(c.main(['data', 'show', '--quiet']))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=PROJECT_ROOT,
                            env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"})
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("KeyError: 'planted bug'\n") and "error: " not in result.stderr
