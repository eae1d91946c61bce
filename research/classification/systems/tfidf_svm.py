"""TF-IDF word 1-2-grams + linear SVM."""

from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import Balanced, PositiveFloat, WordTfidfOptions, word_vectorizer


class Options(WordTfidfOptions, Balanced):
    C: grid_of(PositiveFloat, [0.1, 1.0, 10.0])


def build(options: Options, seed: int, definitions: dict[str, str]):
    pipeline = Pipeline([
        ("tfidf", word_vectorizer(options)),
        ("clf", LinearSVC(C=options.C[0], class_weight=options.class_weight, random_state=seed)),
    ])
    grid = {"tfidf__min_df": options.min_df, "clf__C": options.C}
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_svm", "tfidf", "TF-IDF word 1-2-grams + LinearSVC", Options, build)
