"""Faithfulness checker speed: sentences per second of each checker on the hand-written judgments of one article.

Models are loaded before timing (a process loads them once); the per-text caches (MiniLM vectors, spaCy
parses, windows, phrase similarities) are cleared before every round, so each round judges the sentences
from scratch. ``combined`` uses its cached shipped weights. Writes benchmarks/results/faithfulness.json.
"""

from __future__ import annotations

import os
import statistics
import time

from _common import write_json

ROUNDS = int(os.environ.get("FAITH_BENCH_ROUNDS", "3"))
CHECKERS = ("names", "numbers", "entities", "alignment", "relations", "units", "combined")


def _clear() -> None:
    from research import encoder
    from research.faithfulness import evidence, nlp, relations

    encoder.clear_cache()
    nlp._DOCS.clear()
    evidence.windows.cache_clear()
    relations.similarity.cache_clear()


def test_checker_speed(benchmark):
    from research.faithfulness import build_checker
    from research.faithfulness.judgments import article_texts, read_judgments

    items = read_judgments()
    article = sorted({j.article_id for j in items})[0]
    source = article_texts()[article]
    sentences = [j.text for j in items if j.article_id == article]
    rows = {}
    for name in CHECKERS:
        checker = build_checker(name)
        checker.check(source, sentences[:1])  # load models (and the combination's weights)
        seconds = []
        for _ in range(ROUNDS):
            _clear()
            start = time.perf_counter()
            checker.check(source, sentences)
            seconds.append(time.perf_counter() - start)
        median = statistics.median(seconds)
        rows[name] = {"seconds": median, "sentences": len(sentences), "sentences_per_s": len(sentences) / median,
                      "rounds": ROUNDS}
    write_json("faithfulness.json", {"article": article, "checkers": rows})
    benchmark.pedantic(lambda: None, rounds=1)


FRANK_ARTICLES = int(os.environ.get("FRANK_BENCH_ARTICLES", "8"))  # per dataset, the first in FRANK's order


def test_default_checker_speed_on_frank(benchmark):
    """The default checker on FRANK text as the checker benchmark meets it: every summary of the first articles of
    each dataset, articles parsed and encoded once for all their summaries (per-text caches cleared first, so
    that cost is in). Writes benchmarks/results/frank-checker.json."""
    from research.data.frank import article_text, frank_rows
    from research.faithfulness import DEFAULT_CHECKER, build_checker
    from research.text.sentences import line_sentences

    rows = frank_rows()
    chosen = {d: list(dict.fromkeys(r["article_id"] for r in rows if r["dataset"] == d))[:FRANK_ARTICLES]
              for d in ("cnndm", "xsum")}
    checker = build_checker(DEFAULT_CHECKER)
    checker.check("A man walked home.", ["A man walked."])  # load models and the shipped weights
    datasets = {}
    for dataset, articles in chosen.items():
        mine = [r for r in rows if r["article_id"] in articles]
        _clear()
        start = time.perf_counter()
        sentences = 0
        for row in mine:
            judged = line_sentences(row["summary"])
            checker.check(article_text(row["article"]), judged)
            sentences += len(judged)
        seconds = time.perf_counter() - start
        datasets[dataset] = {"articles": len(articles), "summaries": len(mine), "sentences": sentences,
                             "seconds": seconds, "sentences_per_s": sentences / seconds}
    write_json("frank-checker.json", {"checker": DEFAULT_CHECKER, "datasets": datasets})
    benchmark.pedantic(lambda: None, rounds=1)
