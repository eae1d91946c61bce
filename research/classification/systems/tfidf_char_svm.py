"""TF-IDF character 2-5-grams (char_wb) + linear SVM."""

from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import Balanced, PositiveFloat, TfidfOptions, char_vectorizer


class Options(TfidfOptions, Balanced):
    C: grid_of(PositiveFloat, [0.1, 1.0, 10.0])


def build(options: Options, seed: int, definitions: dict[str, str]):
    pipeline = Pipeline([
        ("tfidf", char_vectorizer(options)),
        ("clf", LinearSVC(C=options.C[0], class_weight=options.class_weight, random_state=seed)),
    ])
    grid = {"tfidf__min_df": options.min_df, "clf__C": options.C}
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_char_svm", "tfidf", "TF-IDF char_wb 2-5-grams + LinearSVC", Options, build)
