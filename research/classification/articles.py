"""Article-level topics from paragraph predictions, scored against ``article_labels.jsonl``."""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.preprocessing import MultiLabelBinarizer

from research.data.annotations import TOPICS


def aggregate(articles, predictions, min_paragraphs: int = 1) -> dict[str, dict]:
    """Per article: ``primary`` = most predicted label (ties: the one predicted first in the
    article) and ``topics`` = labels predicted for at least ``min_paragraphs`` paragraphs
    (always including the primary), in ``TOPICS`` order."""
    out: dict[str, dict] = {}
    articles, predictions = np.asarray(articles), np.asarray(predictions, dtype=str)
    for article in dict.fromkeys(articles.tolist()):
        labels = predictions[articles == article].tolist()
        counts = Counter(labels)
        primary = max(counts, key=lambda t: (counts[t], -labels.index(t)))
        topics = {t for t, n in counts.items() if n >= min_paragraphs} | {primary}
        out[article] = {"primary": primary, "topics": [t for t in TOPICS if t in topics]}
    return out


def score(predicted: dict[str, dict], reference: dict[str, dict]) -> dict:
    """Primary accuracy, topic-set micro/macro F1 (zero_division=0) and exact-match ratio."""
    ids = sorted(reference)
    missing = [a for a in ids if a not in predicted]
    if missing:
        raise ValueError(f"no predictions for article(s) {', '.join(missing)}")
    binarizer = MultiLabelBinarizer(classes=list(TOPICS))
    truth = binarizer.fit_transform([reference[a]["topics"] for a in ids])
    guess = binarizer.transform([predicted[a]["topics"] for a in ids])
    return {
        "articles": len(ids),
        "primary_accuracy": float(np.mean([predicted[a]["primary"] == reference[a]["primary"] for a in ids])),
        "topics_micro_f1": float(f1_score(truth, guess, average="micro", zero_division=0)),
        "topics_macro_f1": float(f1_score(truth, guess, average="macro", zero_division=0)),
        "exact_match": float(accuracy_score(truth, guess)),
    }
