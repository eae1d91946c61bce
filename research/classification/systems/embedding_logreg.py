"""all-MiniLM-L6-v2 sentence embeddings + logistic regression."""

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from research.classification.embeddings import SentenceEmbedder
from research.classification.systems import KnowledgeOptions, System, grid_of, trained
from research.classification.systems._tfidf import Balanced, Copies, PositiveFloat


class Options(Balanced, KnowledgeOptions):
    C: grid_of(PositiveFloat, [0.3, 1.0, 3.0, 10.0])
    label_copies: grid_of(Copies, [1])  # copies of each label definition added to every training fold


def build(options: Options, seed: int, definitions: dict[str, str]):
    pipeline = Pipeline([
        ("embed", SentenceEmbedder()),
        ("clf", LogisticRegression(C=options.C[0], class_weight=options.class_weight, max_iter=5000, random_state=seed)),
    ])
    return trained(pipeline, {"clf__C": options.C}, options, definitions)


SYSTEM = System("embedding_logreg", "embedding", "all-MiniLM-L6-v2 embeddings + LogisticRegression", Options, build)
