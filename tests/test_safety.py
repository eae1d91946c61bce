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
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "research").rglob("*.py"))
    assert "yaml.load(" not in source and "yaml.unsafe_load" not in source
    assert "trust_remote_code=True" not in source
    assert not re.search(r"^\s*import pickle|pickle\.load|torch\.load\(", source, re.MULTILINE)


def test_cli_is_offline_unless_asked():
    script = "import os, research.cli as c; c.main(['data', 'show', '--quiet']); print(os.environ.get('HF_HUB_OFFLINE'))"
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    assert result.stdout.splitlines()[-1] == "1"
