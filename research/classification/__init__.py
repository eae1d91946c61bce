"""Paragraph topic classification: systems, leakage-safe evaluation, statistics, persistence.

    from research.classification import evaluate, label_definitions, seed_paragraphs, challenge_items
    result = evaluate("tfidf_cnb", options, seed, label_definitions(), seed_paragraphs(), challenge_items())

Systems live in ``research.classification.systems`` (one module each, looked up by name).
"""

from research.classification.data import LabelledTexts, article_labels, challenge_items, seed_paragraphs
from research.classification.definitions import label_definitions
from research.classification.cross_validation import SystemResult, cross_validate, evaluate, fit
from research.classification.outputs import class_scores
from research.classification.persistence import TRUSTED_TYPES, load_model, save_model
from research.classification.systems import SYSTEMS, get_system

__all__ = [
    "LabelledTexts", "SYSTEMS", "SystemResult", "TRUSTED_TYPES", "article_labels", "challenge_items", "class_scores",
    "cross_validate", "evaluate", "fit", "get_system", "label_definitions", "load_model", "save_model",
    "seed_paragraphs",
]
