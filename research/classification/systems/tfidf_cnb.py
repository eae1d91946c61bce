"""TF-IDF word 1-2-grams + complement naive Bayes (made for unbalanced text classes)."""

from typing import Annotated

from pydantic import Field
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline

from research.classification.systems import System, grid_of, trained
from research.classification.systems._tfidf import WordTfidfOptions, word_vectorizer


class Options(WordTfidfOptions):
    alpha: grid_of(Annotated[float, Field(gt=0)], [0.1, 0.3, 1.0])


def build(options: Options, seed: int, definitions: dict[str, str]):
    pipeline = Pipeline([("tfidf", word_vectorizer(options)), ("clf", ComplementNB(alpha=options.alpha[0]))])
    grid = {"tfidf__min_df": options.min_df, "clf__alpha": options.alpha}
    return trained(pipeline, grid, options, definitions)


SYSTEM = System("tfidf_cnb", "tfidf", "TF-IDF word 1-2-grams + ComplementNB", Options, build)
