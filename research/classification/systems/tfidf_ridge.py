"""TF-IDF word 1-2-grams + ridge classifier."""

from sklearn.linear_model import RidgeClassifier
from sklearn.pipeline import Pipeline

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import Balanced, PositiveFloat, WordTfidfOptions, word_vectorizer


class Options(WordTfidfOptions, Balanced):
    alpha: grid_of(PositiveFloat, [0.1, 1.0, 10.0])


def build(options: Options, seed: int, definitions: dict[str, str]):
    pipeline = Pipeline([
        ("tfidf", word_vectorizer(options)),
        ("clf", RidgeClassifier(alpha=options.alpha[0], class_weight=options.class_weight)),
    ])
    grid = {"tfidf__min_df": options.min_df, "clf__alpha": options.alpha}
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_ridge", "tfidf", "TF-IDF word 1-2-grams + RidgeClassifier", Options, build)
