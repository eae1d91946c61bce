"""Offline sentence splitting with pysbd (rule-based, ships its rules: no downloads)."""

from __future__ import annotations

from functools import lru_cache

import pysbd


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, trimmed; handles 'U.S.', 'Gen.', '2,000' and quotes."""
    return [s.strip() for s in _segmenter().segment(paragraph) if s.strip()]
