"""research.cache and the summary cache around summarizers."""

import json

import pytest

from research.cache import (
    CACHE_ENV, JsonCache, cache_dir, cached_folder, file_sha256, key_digest, path_fingerprint,
)
from research.paths import PROJECT_ROOT
from research.summarization import Runtime, get_system, summarize_cached


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cache_dir_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == PROJECT_ROOT / ".cache" / "research"


def test_key_digest_is_canonical():
    assert key_digest({"b": 1, "a": [1, "x"]}) == key_digest({"a": [1, "x"], "b": 1})
    assert key_digest({"a": 1}) != key_digest({"a": 2})
    assert key_digest({"a": 1}) == "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"


def test_json_cache_round_trip_leaves_no_temporary_files(fresh_cache):
    cache = JsonCache("things")
    key = {"system": "lead", "text_sha256": "abc"}
    assert cache.get(key) is None
    cache.put(key, "A summary.")
    assert cache.get(key) == "A summary."
    files = [p for p in fresh_cache.rglob("*") if p.is_file()]
    assert files == [cache.path(key)]
    assert json.loads(files[0].read_text()) == {"key": key, "value": "A summary."}


def test_json_cache_ignores_entries_whose_key_does_not_match(fresh_cache):
    cache = JsonCache("things")
    cache.put({"a": 1}, "x")
    path = cache.path({"a": 1})
    path.write_text(json.dumps({"key": {"a": 2}, "value": "wrong"}))
    assert cache.get({"a": 1}) is None
    path.write_text("{truncated")
    assert cache.get({"a": 1}) is None


def test_file_hashes_are_sha256_and_folders_hash_names_and_contents(fresh_cache, tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "a.txt").write_text("hello")
    assert file_sha256(tmp_path / "m" / "a.txt") == (
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    before = path_fingerprint(tmp_path / "m")
    (tmp_path / "m" / "b.txt").write_text("more")
    assert path_fingerprint(tmp_path / "m") != before


def test_cached_folder_builds_once_and_a_failed_build_leaves_nothing(fresh_cache):
    builds = []

    def build(folder):
        builds.append(folder)
        (folder / "weights.bin").write_bytes(b"w")

    first = cached_folder("models", {"sha": "1"}, build)
    second = cached_folder("models", {"sha": "1"}, build)
    assert first == second and len(builds) == 1 and (first / "weights.bin").read_bytes() == b"w"

    def broken(folder):
        (folder / "half.bin").write_bytes(b"h")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        cached_folder("models", {"sha": "2"}, broken)
    assert sorted(p.name for p in (fresh_cache / "models").iterdir() if not p.name.endswith(".lock")) == [first.name]


def test_second_run_recomputes_nothing(fresh_cache, texts, monkeypatch):
    system = get_system("textrank")
    stats: dict = {}
    first = summarize_cached(system(budget={"words": 50}), texts, stats=stats)
    assert stats == {"cached": 0, "computed": 5}

    def must_not_run(self, texts):
        raise AssertionError("a cached summary was recomputed")

    monkeypatch.setattr(system, "_summarize", must_not_run)
    assert summarize_cached(system(budget={"words": 50}), texts, stats=stats) == first
    assert stats == {"cached": 5, "computed": 0}


def test_cache_key_covers_parameters_budget_seed_and_text(fresh_cache, texts, monkeypatch):
    calls = []
    system = get_system("random")
    original = system._summarize

    def counting(self, batch):
        calls.append(len(batch))
        return original(self, batch)

    monkeypatch.setattr(system, "_summarize", counting)
    summarize_cached(system(budget={"words": 50}, runtime=Runtime(seed=1)), texts)
    summarize_cached(system(budget={"words": 50}, runtime=Runtime(seed=1, batch_size=2)), texts)  # batch: no effect
    assert calls == [5]
    summarize_cached(system(budget={"words": 40}, runtime=Runtime(seed=1)), texts[:2])  # another budget
    summarize_cached(system(budget={"words": 50}, runtime=Runtime(seed=2)), texts[:1])  # another seed
    summarize_cached(system(budget={"words": 50}, runtime=Runtime(seed=1)), texts + ["A new text. Two."])
    assert calls == [5, 2, 1, 1]


def test_misses_run_in_batches_of_batch_size(fresh_cache, texts, monkeypatch):
    calls = []
    system = get_system("lead")
    original = system._summarize
    monkeypatch.setattr(system, "_summarize", lambda self, batch: calls.append(len(batch)) or original(self, batch))
    summarize_cached(system(runtime=Runtime(batch_size=2)), texts)
    assert calls == [2, 2, 1]
