"""Overhead of the package against the raw libraries on the same data, measured side by side in one run.

TF-IDF + LogisticRegression: ``research.classification`` (system registry, ``build`` and ``fit``) against a plain
scikit-learn Pipeline with the same settings. ROUGE: ``research evaluate``'s code path
(``evaluate_files``, minus process start) against a plain loop over the same JSONL files with ``rouge_score``
(and pysbd for ROUGE-Lsum's one sentence per line, so both give the same numbers). Target: ratio <= 1.10.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from _common import side_by_side, write_json

ROUNDS = 30
RESULTS: dict[str, dict] = {}


def _tfidf_pair():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    from research.classification import label_definitions, seed_paragraphs
    from research.classification.cross_validation import build, fit
    from research.classification.systems import get_system

    data = seed_paragraphs()
    texts = list(data.texts)
    options = get_system("tfidf_logreg").options(C=[1.0], min_df=[1], label_copies=[0])
    definitions = label_definitions()

    def through_research():
        estimator, grid = build("tfidf_logreg", options, 0, definitions)
        model, _ = fit(estimator, grid, data)
        return model.predict(texts)

    def raw():
        pipeline = Pipeline([
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1)),
            ("clf", LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=0)),
        ])
        return pipeline.fit(texts, data.labels).predict(texts)

    def raw_one_thread():  # what research.classification.fit does: no BLAS threads for 57 short texts
        with threadpool_limits(limits=1):
            return raw()

    assert list(through_research()) == list(raw()) == list(raw_one_thread())  # same model, same predictions
    return through_research, raw, raw_one_thread, len(texts)


def _rouge_pair(tmp_path):
    from rouge_score.rouge_scorer import RougeScorer

    from research.data import load_articles
    from research.text.sentences import split_sentences
    from research.evaluation.evaluate import evaluate_files

    articles = load_articles()
    references, predictions = tmp_path / "refs.jsonl", tmp_path / "preds.jsonl"
    references.write_text("".join(json.dumps({"id": a["id"], "summaries": a["summaries"]}) + "\n" for a in articles))
    # lead-75-words summaries: what a baseline system would hand to `research evaluate`
    predictions.write_text("".join(json.dumps({"id": a["id"], "summary": " ".join(a["text"].split()[:75])}) + "\n"
                                   for a in articles))
    types = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
    scorer = RougeScorer(types, use_stemmer=True)

    def lines(text):
        return "\n".join(s for p in text.split("\n") for s in split_sentences(p))

    def through_research():
        return evaluate_files(references, predictions).payload["metrics"]

    def raw():
        refs = {r["id"]: r["summaries"] for r in map(json.loads, references.read_text().splitlines())}
        preds = [json.loads(line) for line in predictions.read_text().splitlines()]
        f1 = {t: [] for t in types}
        for row in preds:
            targets = [lines(r) for r in refs[row["id"]]]
            prediction = lines(row["summary"])
            each = [scorer.score(target, prediction) for target in targets]  # the package reports the mean too
            best = {t: max(each, key=lambda s: s[t].fmeasure)[t] for t in types}  # score_multi's pick, scored once
            for t in types:
                f1[t].append(best[t].fmeasure)
        return {t: float(np.mean(v)) for t, v in f1.items()}

    ours, theirs = through_research(), raw()
    assert all(abs(ours[t]["f1"] - theirs[t]) < 1e-12 for t in types)
    return through_research, raw, len(articles)


def test_tfidf_logreg_overhead(benchmark):
    ours, raw, raw_one_thread, n = _tfidf_pair()
    RESULTS["tfidf_logreg"] = {**side_by_side(ours, raw_one_thread, ROUNDS), "n_texts": n,
                               "raw_default_threads": side_by_side(ours, raw, ROUNDS)}
    benchmark.pedantic(ours, rounds=5)


def test_rouge_overhead(benchmark, tmp_path):
    ours, raw, n = _rouge_pair(tmp_path)
    RESULTS["rouge_evaluate"] = {**side_by_side(ours, raw, ROUNDS), "n_summaries": n}
    benchmark.pedantic(ours, rounds=5)


@pytest.fixture(scope="module", autouse=True)
def _save():
    yield
    if RESULTS:
        write_json("overhead.json", {"target_ratio": 1.10, "overhead": RESULTS})
