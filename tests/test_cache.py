"""The on-disk cache: keys, entries that can be trusted, folders that are complete or absent."""

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from research import cache
from research.cache import (
    CACHE_ENV, JsonCache, cache_dir, cached_folder, canonical_json, file_sha256, key_digest, path_fingerprint,
    text_sha256,
)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_HASHES", {})
    return tmp_path / "cache"


def test_cache_dir_follows_the_environment(private_cache, monkeypatch):
    assert cache_dir() == private_cache
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == cache.PROJECT_ROOT / ".cache" / "research"


def test_keys_are_canonical():
    assert canonical_json({"b": [1, "é"], "a": None}) == '{"a":null,"b":[1,"é"]}'
    assert key_digest({"b": 1, "a": 2}) == key_digest({"a": 2, "b": 1}) == hashlib.sha256(b'{"a":2,"b":1}').hexdigest()
    assert text_sha256("é") == hashlib.sha256("é".encode("utf-8")).hexdigest()


def test_json_cache_round_trip_and_layout(private_cache):
    store = JsonCache("things")
    digest = key_digest({"k": 1})
    assert store.get({"k": 1}) is None
    store.put({"k": 1}, {"value": [1, 2]})
    path = private_cache / "things" / digest[:2] / f"{digest}.json"
    assert store.path({"k": 1}) == path
    assert json.loads(path.read_text()) == {"key": {"k": 1}, "value": {"value": [1, 2]}}
    assert store.get({"k": 1}) == {"value": [1, 2]}
    assert JsonCache("things", root=private_cache / "elsewhere").get({"k": 1}) is None


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"key": {"k": 2}, "value": 5}', ""])
def test_a_damaged_or_foreign_entry_is_a_miss(content):
    store = JsonCache("things")
    store.put({"k": 1}, 5)
    store.path({"k": 1}).write_text(content)
    assert store.get({"k": 1}) is None


def test_file_hash_is_memoised_by_size_and_mtime(tmp_path, private_cache):
    path = tmp_path / "weights.bin"
    path.write_bytes(b"abc")
    assert file_sha256(path) == hashlib.sha256(b"abc").hexdigest()
    memo = list(private_cache.joinpath("file-hashes").rglob("*.json"))
    assert len(memo) == 1
    path.write_bytes(b"abcd")  # new size: recomputed
    assert file_sha256(path) == hashlib.sha256(b"abcd").hexdigest()
    stat = path.stat()
    path.write_bytes(b"wxyz")  # same size and mtime as before: the memo is trusted
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_sha256(path) == hashlib.sha256(b"abcd").hexdigest()
    cache._HASHES.clear()  # a new process reads the disk memo
    assert file_sha256(path) == hashlib.sha256(b"abcd").hexdigest()


def test_files_of_the_same_size_and_mtime_keep_their_own_hashes(tmp_path, private_cache):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"abc")
    second.write_bytes(b"xyz")
    stat = first.stat()
    os.utime(second, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the memo tells them apart by path
    assert file_sha256(first) == hashlib.sha256(b"abc").hexdigest()
    assert file_sha256(second) == hashlib.sha256(b"xyz").hexdigest()


def test_folder_fingerprint_covers_names_and_contents_but_not_hidden_files(tmp_path):
    folder = tmp_path / "model"
    (folder / "sub").mkdir(parents=True)
    (folder / "config.json").write_text("{}")
    (folder / "sub" / "w.safetensors").write_bytes(b"1")
    first = path_fingerprint(folder)
    assert first == key_digest([["config.json", text_sha256("{}")],
                                ["sub/w.safetensors", hashlib.sha256(b"1").hexdigest()]])
    (folder / ".cache").mkdir()
    (folder / ".cache" / "x").write_text("ignored")
    (folder / ".hidden").write_text("ignored")
    assert path_fingerprint(folder) == first
    (folder / "sub" / "w.safetensors").rename(folder / "sub" / "v.safetensors")
    assert path_fingerprint(folder) != first
    assert path_fingerprint(folder / "config.json") == text_sha256("{}")


def test_cached_folder_is_built_once_and_complete(private_cache):
    calls = []

    def build(folder):
        calls.append(folder)
        (folder / "weights.safetensors").write_text("w")

    first = cached_folder("models", {"m": 1}, build)
    assert first == private_cache / "models" / key_digest({"m": 1})
    assert sorted(p.name for p in first.iterdir()) == ["cache-key.json", "weights.safetensors"]
    assert (first / "cache-key.json").read_text() == '{"m":1}\n'
    mask = os.umask(0)
    os.umask(mask)
    assert first.stat().st_mode & 0o777 == 0o777 & ~mask  # an ordinary folder, not mkdtemp's private 0700
    assert cached_folder("models", {"m": 1}, build) == first and len(calls) == 1
    assert calls[0].name.startswith(f".{first.name}.") and calls[0].name.endswith(".tmp")
    assert calls[0].parent == first.parent  # built beside its final place: the rename cannot cross file systems


def test_an_interrupted_build_leaves_nothing_that_looks_complete(private_cache):
    def build(folder):
        (folder / "half.safetensors").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cached_folder("models", {"m": 2}, build)
    assert sorted(p.name for p in (private_cache / "models").iterdir()) == [f"{key_digest({'m': 2})}.lock"]


def test_a_folder_built_by_another_process_while_this_one_waited_is_reused(private_cache, monkeypatch):
    import filelock

    class BuiltWhileWaiting:  # the lock is granted after another process built the same folder
        def __init__(self, path: str):
            self.final = Path(path.removesuffix(".lock"))

        def __enter__(self):
            self.final.mkdir()

        def __exit__(self, *error):
            return False

    monkeypatch.setattr(filelock, "FileLock", BuiltWhileWaiting)
    calls = []
    assert cached_folder("models", {"m": 3}, calls.append) == private_cache / "models" / key_digest({"m": 3})
    assert calls == []


def test_several_folders_share_a_namespace(private_cache):
    first = cached_folder("models", {"m": 4}, lambda folder: None)
    second = cached_folder("models", {"m": 5}, lambda folder: None)
    assert sorted(p.name for p in (private_cache / "models").iterdir() if not p.name.endswith(".lock")) \
        == sorted([first.name, second.name])


def test_the_builds_own_error_surfaces_when_its_folder_is_already_gone(private_cache):
    def build(folder):
        shutil.rmtree(folder)  # nothing left to clean up: the clean-up must not raise instead
        raise ValueError("the build failed")

    with pytest.raises(ValueError, match="the build failed"):
        cached_folder("models", {"m": 6}, build)


def test_entries_keep_non_ascii_text_readable(private_cache):
    store = JsonCache("things")
    store.put({"k": "é"}, "Niamey’s")
    assert store.path({"k": "é"}).read_text(encoding="utf-8") == '{"key": {"k": "é"}, "value": "Niamey’s"}\n'
