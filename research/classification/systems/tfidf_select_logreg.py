"""TF-IDF that generalises: word 1-2-grams + char_wb 2-5-grams, chi2 feature selection, logistic regression.

The selection (``SelectKBest``) is a pipeline step, so it only ever sees the
training fold; label knowledge and augmentation come from the shared options.
"""

from typing import Annotated

from pydantic import Field
from sklearn.feature_selection import SelectKBest, chi2
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import (
    Balanced, PositiveFloat, WordTfidfOptions, char_vectorizer, word_vectorizer,
)


class Options(WordTfidfOptions, Balanced):
    C: grid_of(PositiveFloat, [10.0])
    k: grid_of(Annotated[int, Field(gt=0)], [2000])  # features kept by chi2 (all when fewer)


def build(options: Options, seed: int, definitions: dict[str, str]):
    features = FeatureUnion([("word", word_vectorizer(options)), ("char", char_vectorizer(options))])
    pipeline = Pipeline([
        ("tfidf", features),
        ("select", SelectKBest(chi2, k=options.k[0])),
        ("clf", LogisticRegression(C=options.C[0], class_weight=options.class_weight, max_iter=5000, random_state=seed)),
    ])
    grid = [{"tfidf__word__min_df": [m], "tfidf__char__min_df": [m], "select__k": options.k, "clf__C": options.C}
            for m in options.min_df]
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_select_logreg", "tfidf",
                "TF-IDF word + char_wb n-grams, chi2 selection in the fold + LogisticRegression", Options, build)
