"""Every test here caches (converted GGUF weights) in the session folder of tests/conftest.py."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _cache(session_cache):
    return session_cache
