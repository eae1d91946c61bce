"""A whole ``research reproduce``, reused while nothing it could read has changed.

A warm reproduce (every fine-grained cache hit) still imports the libraries,
reads thousands of cache entries and recomputes every bootstrap and table: tens
of seconds (issue 38). Its output, the files of ``results/``, is a function of
the project's files, the installed libraries and the native LM build, so it is
stored under a key made of all of them, read without importing any of them:

- every file under the project root (names and bytes), except outputs and
  caches (``results/``, ``experiments/``, ``mutants/``, the cache folder) and
  hidden entries (``.git``, ``.venv``...): code, configs, seeds, FRANK, the
  benchmark JSON, and anything else someone puts there;
- every installed distribution's name and version, and the Python version;
- the bytes of llama.cpp's native libraries (the same version built for another
  instruction set gives other greedy outputs);
- the configs run, in order.

Any change to any of these recomputes the run the ordinary way, through the
fine-grained caches. Missing a file that matters is what this key must never
do, so it errs the other way: a changed README recomputes too. A project whose
configs load a plugin from outside it (a module name, or a file elsewhere:
code the key cannot see) is never reused. Only ``research reproduce --check`` reads what is stored (its runs
are thrown away anyway); ``research reproduce`` always runs and records every
config, and stores its output for the next check.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import re
import shutil
import sys
from pathlib import Path

import yaml

from research.cache import cache_dir, cached_folder, key_digest

NAMESPACE = "reproduce-outputs"
FORMAT = "research-reproduce-outputs/1"
OUTPUTS = {"results", "experiments", "mutants"}  # written by runs, never read by one
FILES = "files"
# sys.path as the process started: importing Ray later puts its vendored packages on it (thirdparty_files),
# which must not make a run's key differ from itself
_START_PATH = tuple(sys.path)
PLUGINS = re.compile(rb"^plugins\s*:", re.MULTILINE)
NOT_CONFIGS = {"mkdocs.yml"}  # YAML at the root that research never loads (its plugins are MkDocs's)


def _hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name == "__pycache__" or path.name.endswith(".egg-info")


def project_files(root: Path) -> list[Path]:
    """Every file under ``root`` but outputs, caches and hidden entries, sorted."""
    skip = {(root / name).resolve() for name in OUTPUTS} | {cache_dir().resolve()}
    todo, files = [root], []
    while todo:
        for entry in os.scandir(todo.pop()):
            path = Path(entry.path)
            if _hidden(path) or path.resolve() in skip:
                continue
            if entry.is_dir(follow_symlinks=False):
                todo.append(path)
            elif entry.is_file():
                files.append(path)
    return sorted(files)


def _plugins_inside(path: Path, data: bytes, files: set[Path]) -> bool:
    """Whether every plugin a YAML file lists is a ``.py`` file of the project (hashed with the rest); a module
    name or a file elsewhere is code this key cannot see."""
    try:
        loaded = yaml.safe_load(data)
    except yaml.YAMLError:
        return True  # not a config that loads: it runs nothing
    plugins = loaded.get("plugins") if isinstance(loaded, dict) else None
    if not isinstance(plugins, list):
        return True
    return all(isinstance(p, str) and p.endswith(".py") and (path.parent / p).resolve() in files for p in plugins)


def project_sha256(root: Path) -> str | None:
    """sha256 over the relative name and bytes of every project file (``project_files``); None when a YAML
    file lists a plugin from outside the project (see ``_plugins_inside``)."""
    paths = project_files(root)
    resolved = {path.resolve() for path in paths}
    sha = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        if (path.suffix in (".yaml", ".yml") and PLUGINS.search(data) and not _plugins_inside(path, data, resolved)
                and not (path.parent == root and path.name in NOT_CONFIGS)):
            return None
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return sha.hexdigest()


def environment() -> dict:
    """Python, the platform, every installed distribution (name and version) and llama.cpp's native libraries."""
    installed = sorted({f"{d.metadata['Name']}=={d.version}"
                        for d in importlib.metadata.distributions(path=list(_START_PATH))})
    native = hashlib.sha256()
    spec = importlib.util.find_spec("llama_cpp")  # finds the package without importing it
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for path in sorted((Path(folder) / "lib").glob("*")):
            if path.is_file() and not path.is_symlink():
                native.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return {"python": sys.version, "machine": platform.machine(), "distributions": key_digest(installed),
            "native": native.hexdigest()}


def run_key(root: Path, configs: list[Path], installed: dict | None = None) -> dict | None:
    """Everything a reproduce of ``configs`` can read (see the module notes); None when it cannot be known.
    ``installed``: ``environment()`` when the caller has it already (it does not change while a run goes on)."""
    resolved = [Path(c).resolve() for c in configs]
    project = project_sha256(root)
    if project is None or not all(c.is_relative_to(root) for c in resolved):
        return None
    return {"format": FORMAT, "configs": [c.relative_to(root).as_posix() for c in resolved], "project": project,
            **(installed or environment())}


def restore(key: dict, target: Path) -> bool:
    """Copy the stored outputs of ``key`` into ``target`` (which must not exist); False when none are stored."""
    stored = cache_dir() / NAMESPACE / key_digest(key) / FILES
    if not stored.is_dir():
        return False
    shutil.copytree(stored, target)
    return True


def store(key: dict, produced: Path) -> None:
    """Keep a copy of ``produced`` (a reproduce's output folder) under ``key``."""
    cached_folder(NAMESPACE, key, lambda folder: shutil.copytree(produced, folder / FILES))
