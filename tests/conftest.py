"""Test session setup: no network, no Hugging Face downloads, no progress bars."""

import os
import shutil

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TQDM_DISABLE"] = "1"


@pytest.fixture
def source_copy(tmp_path, monkeypatch):
    """A private cache and a copy of the package source that the code hashes read instead of research/
    (a module edited there must miss every cache whose result can run it)."""
    from research import cache, code_keys

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    copy = tmp_path / "research"
    shutil.copytree(code_keys.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_keys, "PACKAGE_DIR", copy)
    return copy


@pytest.fixture(scope="session")
def recorded_runs(tmp_path_factory):
    """Real recorded runs for `research runs` and the MLflow export: a sweep of the majority baseline over seed=1,2,
    one `research run` of dataset-stats with --set seed=5, and the .partial folder a crashed run leaves."""
    from research.cache import CACHE_ENV
    from research.grid import parse_grids
    from research.paths import CONFIGS
    from research.runs import run_experiment
    from research.sweep import run_sweep

    root = tmp_path_factory.mktemp("recorded")
    experiments = root / "experiments"
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(root / "cache")
    try:
        sweep = run_sweep(CONFIGS / "classify-majority.yaml", parse_grids(["seed=1,2"]), ["bootstrap.samples=100"],
                          experiments_dir=experiments)
        single = run_experiment(CONFIGS / "dataset-stats.yaml", ["seed=5"], experiments_dir=experiments,
                                progress=False)
    finally:
        if previous is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = previous
    crashed = experiments / "classify-majority" / "20000101T000000-000000-0badc0de.partial"
    crashed.mkdir()
    (crashed / "config.yaml").write_text("experiment: classification\nseed: 13\n", encoding="utf-8")
    return {"experiments": experiments, "sweep": sweep, "single": single.run_dir, "crashed": crashed}


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory):
    """One cache folder (summaries, converted GGUF weights) for the LM and summarizer tests, never .cache/.

    tests/lm and tests/summarization use it for every test (autouse there); it stays set to the end of
    the session, like any session fixture.
    """
    from research.cache import CACHE_ENV

    folder = tmp_path_factory.mktemp("research-cache")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session")
def articles() -> list[dict]:
    from research.data import load_articles

    return load_articles().to_list()


@pytest.fixture(scope="session")
def texts(articles) -> list[str]:
    return [a["text"] for a in articles]


@pytest.fixture(scope="session")
def chat_generator(session_cache):
    """SmolLM2-135M-Instruct on transformers, loaded once (the first load converts the GGUF into the cache)."""
    from research.lm import load_chat_model

    return load_chat_model("SmolLM2-135M-Instruct", "transformers", "cpu", "float32")


@pytest.fixture(scope="session")
def llama_generator(session_cache):
    """The same GGUF on llama.cpp (one thread: llama.cpp's threads busy-wait, which a machine shared with other
    busy processes punishes; the seed configs' context of 1024 tokens)."""
    from research.lm import load_chat_model

    return load_chat_model("SmolLM2-135M-Instruct", "llama_cpp", threads=1, seed=13, context_tokens=1024)
