"""A toy classifier from outside the package: binary word counts and multinomial naive Bayes."""

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline

from research.classification.systems import NoOptions, System


def build(options: NoOptions, seed: int, definitions: dict[str, str]):
    return make_pipeline(CountVectorizer(binary=True), MultinomialNB()), {}


SYSTEM = System("word_nb", "baseline", "binary word counts + multinomial naive Bayes (a toy plugin)", NoOptions, build)
