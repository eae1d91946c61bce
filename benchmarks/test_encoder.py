"""Encoder speed: sentences per second of ``research.encoder`` against the other ways to batch, on 1 and 2 threads.

The sentences are the seed articles'. Ways: the package's (equal token counts per batch), one text at a
time, padded batches of texts sorted by length; each on one thread and on all cores (the package uses
``encoder.THREADS``). Vectors are recomputed every round. Writes benchmarks/results/encoder.json.
"""

from __future__ import annotations

import os
import statistics
import time

from _common import write_json

ROUNDS = int(os.environ.get("ENCODER_BENCH_ROUNDS", "3"))


def _sentences() -> list[str]:
    from research.data import load_articles
    from research.text.sentences import text_sentences

    return list(dict.fromkeys(s for row in load_articles() for s in text_sentences(row["text"])))


def test_encoder_speed(benchmark):
    from threadpoolctl import threadpool_limits

    from research import encoder

    sentences = _sentences()
    model = encoder.load()

    def package(threads: int) -> None:
        encoder.clear_cache()
        chosen, encoder.THREADS = encoder.THREADS, threads
        try:
            encoder.encode(sentences)
        finally:
            encoder.THREADS = chosen

    def one_at_a_time(threads: int) -> None:
        with threadpool_limits(limits=threads):
            for text in sentences:
                model.encode([text], normalize_embeddings=True, show_progress_bar=False)

    def padded(threads: int) -> None:
        with threadpool_limits(limits=threads):
            model.encode(sorted(sentences, key=len), batch_size=encoder.BATCH_SIZE, normalize_embeddings=True,
                         show_progress_bar=False)

    rows = {}
    for way in (package, one_at_a_time, padded):
        for threads in (1, os.cpu_count() or 1):
            way(threads)  # warm up
            seconds = []
            for _ in range(ROUNDS):
                start = time.perf_counter()
                way(threads)
                seconds.append(time.perf_counter() - start)
            median = statistics.median(seconds)
            rows[f"{way.__name__}, {threads} thread(s)"] = {"seconds": median,
                                                            "sentences_per_s": len(sentences) / median}
    write_json("encoder.json", {"sentences": len(sentences), "package_threads": encoder.THREADS, "ways": rows})
    benchmark.pedantic(package, args=(encoder.THREADS,), rounds=1, iterations=1)
