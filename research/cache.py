"""An on-disk cache for expensive results (summaries, converted model weights, file hashes), and the one way to
build a cached step's key (``cache_key``).

Entries are keyed by the sha256 of a canonical JSON key, written atomically
(temporary file + rename), so a crash never leaves a half-written entry and two
processes computing the same entry both end with a complete one. The folder is
``$RESEARCH_CACHE_DIR`` or ``<project root>/.cache/research``; deleting it is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from research.code_keys import closure_distributions, source_closure_sha256
from research.io import atomic_write_text
from research.paths import PROJECT_ROOT
from research.provenance import package_versions

CACHE_ENV = "RESEARCH_CACHE_DIR"


def cache_dir() -> Path:
    """The cache root, read from the environment on every call (tests point it elsewhere)."""
    value = os.environ.get(CACHE_ENV)
    return Path(value).expanduser() if value else PROJECT_ROOT / ".cache" / "research"


def canonical_json(key: Any) -> str:
    return json.dumps(key, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key_digest(key: Any) -> str:
    """sha256 of the canonical JSON of ``key`` (dict keys sorted, no whitespace)."""
    return hashlib.sha256(canonical_json(key).encode("utf-8")).hexdigest()


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalised_sha256(text: str) -> str:
    """sha256 of the text with its whitespace runs collapsed: the same article however it is wrapped."""
    return text_sha256(" ".join(text.split()))


@dataclass(frozen=True)
class CodeIdentity:
    """The code part of a cache key, derived from the modules that compute the value: the sha256 of their import
    closure (``research.code_keys.source_closure_sha256``: every package module they can run) and the installed
    version of each distribution that closure imports, with what those require (``closure_distributions``).
    Nothing in it is typed by hand: editing a module the value can run, or installing another version of a
    library it can call, changes it."""

    sha256: str
    versions: dict[str, str | None]

    @classmethod
    def of(cls, modules: Iterable[str]) -> "CodeIdentity":
        modules = sorted(set(modules))
        if not modules:
            raise ValueError("a cached step must name the modules that compute its value")
        return cls(source_closure_sha256(modules), package_versions(tuple(closure_distributions(modules))))


def cache_key(config: Any, inputs: Any, code: Iterable[str] | CodeIdentity) -> dict:
    """The key of a cached value, the one way every cached step builds it, from four parts:

    - ``config``: the parameters that choose what is computed (JSON values);
    - ``inputs``: what it is computed from, as hashes (``text_sha256``, ``file_sha256``, ``key_digest``) or values;
    - ``code``: the names of the modules that compute it (``[__name__]`` for the step's own module), or their
      ``CodeIdentity`` computed once for many keys. It gives the last two parts, both derived:
    - ``"code"``: the sha256 of those modules' import closure, and ``"versions"``: the installed versions of
      the libraries that closure imports and what they require.
    """
    identity = code if isinstance(code, CodeIdentity) else CodeIdentity.of(code)
    return {"config": config, "inputs": inputs, "code": identity.sha256, "versions": identity.versions}


class JsonCache:
    """JSON values under ``<root>/<namespace>/<digest[:2]>/<digest>.json``.

    Each file stores the key beside the value, so a hash collision (or a
    hand-edited file) is detected instead of returning a wrong value.
    """

    def __init__(self, namespace: str, root: Path | None = None):
        self.namespace = namespace
        self.root = root

    @property
    def folder(self) -> Path:
        return (self.root or cache_dir()) / self.namespace

    def path(self, key: Any) -> Path:
        digest = key_digest(key)
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, key: Any) -> Any | None:
        path = self.path(key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or unreadable: recompute
        if not isinstance(entry, dict) or canonical_json(entry.get("key")) != canonical_json(key):
            return None
        return entry.get("value")

    def put(self, key: Any, value: Any) -> None:
        atomic_write_text(self.path(key), json.dumps({"key": key, "value": value}, ensure_ascii=False) + "\n")


def memoised(namespace: str, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON value, stored under ``key`` in ``JsonCache(namespace)`` and reused while the key
    holds. ``key`` is a ``cache_key`` (config, input hashes, code, versions)."""
    cache = JsonCache(namespace)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.put(key, value)
    return value


_HASHES: dict[tuple, str] = {}


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, memoised (in process and on disk) by path, size and mtime."""
    path = Path(path).resolve()
    stat = path.stat()
    memo_key = (str(path), stat.st_size, stat.st_mtime_ns)
    if memo_key in _HASHES:
        return _HASHES[memo_key]
    memo, key = JsonCache("file-hashes"), cache_key({}, {"file": list(memo_key)}, [__name__])
    digest = memo.get(key)
    if digest is None:
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        digest = sha.hexdigest()
        memo.put(key, digest)
    _HASHES[memo_key] = digest
    return digest


def path_fingerprint(path: Path) -> str:
    """sha256 over a file, or over a folder's relative file names and their contents' sha256."""
    path = Path(path)
    if path.is_file():
        return file_sha256(path)
    files = sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in
                                                                         p.relative_to(path).parts))
    return key_digest([[p.relative_to(path).as_posix(), file_sha256(p)] for p in files])


def cached_folder(namespace: str, key: Any, build: Callable[[Path], None]) -> Path:
    """A folder built once by ``build(folder)`` and reused afterwards.

    ``build`` writes into a temporary folder that is renamed into place only
    when it returns, so an interrupted build leaves nothing that looks complete.
    A file lock keeps two processes from building the same folder at once.
    """
    from filelock import FileLock

    parent = cache_dir() / namespace
    final = parent / key_digest(key)
    if final.is_dir():
        return final
    parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(final) + ".lock"):
        if final.is_dir():  # built by another process while we waited
            return final
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{final.name}.", suffix=".tmp"))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o777 & ~mask)  # mkdtemp makes it private; the cache is an ordinary folder
        try:
            build(tmp)
            (tmp / "cache-key.json").write_text(canonical_json(key) + "\n", encoding="utf-8")
            os.replace(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return final
