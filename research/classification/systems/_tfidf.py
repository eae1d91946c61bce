"""Settings and vectorisers shared by the TF-IDF systems."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from research.classification.systems import KnowledgeOptions, grid_of, trained
from research.config import StrictModel

PositiveInt = Annotated[int, Field(gt=0)]
PositiveFloat = Annotated[float, Field(gt=0)]
Copies = Annotated[int, Field(ge=0)]


class TfidfOptions(KnowledgeOptions):
    """What helps TF-IDF on a small, narrow corpus (each can be switched off to measure it)."""

    sublinear_tf: bool = True  # 1 + log(tf): a repeated name weighs less
    min_df: grid_of(PositiveInt, [1, 2])  # drop words seen in one paragraph only (names, one-off details)
    # copies of each label definition added to every training fold (a grid: [0, 3] lets the inner CV decide)
    label_copies: grid_of(Copies, [0])


class WordTfidfOptions(TfidfOptions):
    stop_words: Literal["english"] | None = "english"


class Balanced(StrictModel):
    class_weight: Literal["balanced"] | None = "balanced"  # 21 foreign_powers paragraphs against 2 public_reaction


class SvmOptions(Balanced):
    C: grid_of(PositiveFloat, [0.1, 1.0, 10.0])


def linear_svm(vectorizer: TfidfVectorizer, options, seed: int, definitions: dict[str, str]):
    """``vectorizer`` + LinearSVC, with min_df and C chosen by the inner grid search."""
    pipeline = Pipeline([
        ("tfidf", vectorizer),
        ("clf", LinearSVC(C=options.C[0], class_weight=options.class_weight, random_state=seed)),
    ])
    return trained(pipeline, {"tfidf__min_df": options.min_df, "clf__C": options.C}, options, definitions)


def word_vectorizer(options: WordTfidfOptions) -> TfidfVectorizer:
    """Word 1-2-grams."""
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=options.sublinear_tf, stop_words=options.stop_words,
                           min_df=options.min_df[0])


def char_vectorizer(options: TfidfOptions) -> TfidfVectorizer:
    """Character 2-5-grams inside word boundaries (robust to inflection and spelling variants)."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=options.sublinear_tf,
                           min_df=options.min_df[0])
