"""Offline sentence splitting with pysbd's rules (rule-based, ships its rules: no downloads), fast.

``split_sentences`` returns exactly what pysbd (English, ``clean=False``) returns, trimmed. pysbd runs
about 150 regular-expression passes per paragraph, 0.6 ms each on news prose, which made it nearly all of
``load_articles``' time. Two things avoid most of that without changing a single sentence:

- a *plain* paragraph (``research.text.plain_sentences``: no abbreviation, list marker, ``!``/``?``,
  straight double quote... in it; most news prose) is split by applying directly the three pysbd rules
  that can fire on it, about 30 times faster;
- any other paragraph goes through pysbd itself.

Either way the split is memoised by the paragraph's text (an LRU of ``CACHE_SIZE`` paragraphs, keyed by the
string, so a hash collision cannot return another paragraph's split): a corpus that repeats paragraphs
(syndicated copies, boilerplate) pays for each only once.

The memo alone would make a benchmark of identical copies look fast, so benchmarks/test_scaling.py also
loads copies whose words are perturbed (every paragraph new) and pysbd alone as the baseline. Not used:
``datasets.map(num_proc=...)``, whose worker start-up and pickling cost more than the fast path saves on
two shared cores, and would not change the per-paragraph cost.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

from research.text.plain_sentences import plain_split

CACHE_SIZE = 16_384


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


def pysbd_split(paragraph: str) -> list[str]:
    """pysbd's own sentences, trimmed and non-empty (the reference the fast path must match)."""
    return [s.strip() for s in _segmenter().segment(paragraph) if s.strip()]


@lru_cache(maxsize=CACHE_SIZE)
def _cached_split(paragraph: str) -> tuple[str, ...]:
    plain = plain_split(paragraph)
    return tuple(plain if plain is not None else pysbd_split(paragraph))


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph, trimmed; handles 'U.S.', 'Gen.', '2,000' and quotes."""
    return list(_cached_split(paragraph))


def line_sentences(text: str) -> list[str]:
    """The sentences of ``text``, line by line (each non-blank line a paragraph): a source article as the
    checkers read it, or a summary as ``research verify`` judges it."""
    return [s for paragraph in text.split("\n") if paragraph.strip() for s in split_sentences(paragraph)]


def text_sentences(text: str) -> list[str]:
    """Sentences of a text whose paragraphs are separated by blank lines (the loader's ``text``)."""
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = " ".join(paragraph.split())  # a single line break inside a paragraph is a space
        if paragraph:
            sentences.extend(split_sentences(paragraph))
    return sentences
