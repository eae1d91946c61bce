"""One scaling measurement in a fresh process: ``python _scale_child.py STAGE COPIES SEED`` prints JSON.

Peak memory is the process's peak resident memory (VmHWM) after the stage minus its value just before (inputs
built, imports done). Loader stages: ``load`` (each copy's paragraphs shuffled: the same paragraphs recur, so
the splitter's memo of pysbd results hits), ``load-distinct`` (each copy's words also perturbed: every
paragraph is new text) and ``load-pysbd`` (the distinct corpus with every paragraph split by pysbd itself, as
the loader did before the plain-prose fast path: the baseline).
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mib() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own memory map; ru_maxrss is not
    reset by exec on Linux, so a child of a large parent (pytest holding the LM) would start at its peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


PERTURB = 0.15  # share of lowercase words replaced in load-distinct


def _perturb(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """Each lowercase word of 3+ letters replaced, with probability PERTURB, by a random word of the seeds."""
    return re.sub(r"\b[a-z]{3,}\b", lambda m: rng.choice(vocabulary) if rng.random() < PERTURB else m.group(), text)


def _articles(copies: int, seed: int, distinct: bool = False) -> list[dict]:
    """Every seed article ``copies`` times, each copy's paragraphs shuffled (seeded); with ``distinct`` each
    copy's words are also perturbed, so no paragraph text repeats."""
    from research.data import load_articles

    rng = random.Random(seed)
    articles = list(load_articles())
    vocabulary = sorted({w for a in articles for w in re.findall(r"\b[a-z]{3,}\b", a["text"])})
    out = []
    for copy in range(copies):
        for article in articles:
            paragraphs = list(article["paragraphs"])
            rng.shuffle(paragraphs)
            if distinct:
                paragraphs = [_perturb(p, rng, vocabulary) for p in paragraphs]
            out.append({"id": f"{article['id']}-{copy:04d}", "title": article["title"], "date": article["date"],
                        "text": "\n\n".join(paragraphs), "summaries": list(article["summaries"])})
    return out


def load(copies: int, seed: int, variant: str = "") -> dict:
    """``load_articles`` on a JSONL file of the replicated corpus; wall and CPU seconds."""
    import research.data.loader as loader
    from research.data.dedup import near_duplicate_groups
    from research.text.sentences import pysbd_split

    if variant == "pysbd":
        loader.split_sentences = pysbd_split  # the loader's splitter before the fast path
    rows = _articles(copies, seed, distinct=variant in ("distinct", "pysbd"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "date", "text")}) + "\n" for r in rows))
        before = _rss_mib()
        start, cpu = time.perf_counter(), time.process_time()
        loaded = loader.load_articles(path)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        peak = _rss_mib() - before
    texts = list(loaded["text"])
    start = time.perf_counter()  # the near-duplicate pass alone (indexed: each article against the groups so far)
    near_duplicate_groups(texts, loader.DEFAULT_NEAR_DUPLICATE_THRESHOLD)
    dedup = time.perf_counter() - start
    return {"items": loaded.num_rows, "unit": "articles", "seconds": seconds, "cpu_seconds": cpu, "peak_mib": peak,
            "dedup_seconds": dedup, "load_average": os.getloadavg()[0]}


def tfidf(copies: int, seed: int) -> dict:
    import numpy as np

    from research.classification import LabelledTexts, label_definitions, seed_paragraphs
    from research.classification.cross_validation import build, fit
    from research.classification.systems import get_system

    base = seed_paragraphs()
    order = np.random.default_rng(seed).permutation(len(base) * copies)
    index = np.tile(np.arange(len(base)), copies)[order]
    data = LabelledTexts(ids=tuple(f"{base.ids[i]}/{k}" for k, i in enumerate(index)),
                         texts=tuple(base.texts[i] for i in index), labels=base.labels[index],
                         articles=base.articles[index], groups=base.groups[index])
    options = get_system("tfidf_logreg").options(C=[1.0], min_df=[1], label_copies=[0])
    estimator, grid = build("tfidf_logreg", options, seed, label_definitions())
    before = _rss_mib()
    start = time.perf_counter()
    model, _ = fit(estimator, grid, data)
    model.predict(list(data.texts))
    return {"items": len(data), "unit": "paragraphs", "seconds": time.perf_counter() - start,
            "peak_mib": _rss_mib() - before}


def rouge(copies: int, seed: int) -> dict:
    from research.evaluation.evaluate import evaluate_summaries
    from research.evaluation.io import SummaryItem

    items = [SummaryItem(r["id"], " ".join(r["text"].split()[:75]), r["summaries"]) for r in _articles(copies, seed)]
    before = _rss_mib()
    start = time.perf_counter()
    evaluate_summaries(items, seed)
    return {"items": len(items), "unit": "summaries", "seconds": time.perf_counter() - start,
            "peak_mib": _rss_mib() - before}


if __name__ == "__main__":
    stage, copies, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if stage.startswith("load"):
        print(json.dumps(load(copies, seed, stage.partition("-")[2])))
    else:
        print(json.dumps({"tfidf": tfidf, "rouge": rouge}[stage](copies, seed)))
