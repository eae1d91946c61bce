"""TF-IDF word 1-2-grams and char_wb 2-5-grams side by side (FeatureUnion) + linear SVM."""

from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import (
    Balanced, PositiveFloat, WordTfidfOptions, char_vectorizer, word_vectorizer,
)


class Options(WordTfidfOptions, Balanced):
    C: grid_of(PositiveFloat, [0.1, 1.0, 10.0])


def build(options: Options, seed: int, definitions: dict[str, str]):
    features = FeatureUnion([("word", word_vectorizer(options)), ("char", char_vectorizer(options))])
    pipeline = Pipeline([
        ("tfidf", features),
        ("clf", LinearSVC(C=options.C[0], class_weight=options.class_weight, random_state=seed)),
    ])
    # one min_df for both vectorisers (a list of two grids ties them together)
    grid = [{"tfidf__word__min_df": [m], "tfidf__char__min_df": [m], "clf__C": options.C} for m in options.min_df]
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_union_svm", "tfidf", "TF-IDF word 1-2-grams + char_wb 2-5-grams (FeatureUnion) + LinearSVC",
                Options, build)
