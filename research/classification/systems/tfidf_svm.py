"""TF-IDF word 1-2-grams + linear SVM."""

from research.classification.systems import System
from research.classification.systems._tfidf import SvmOptions, WordTfidfOptions, linear_svm, word_vectorizer


class Options(WordTfidfOptions, SvmOptions):
    pass


def build(options: Options, seed: int, definitions: dict[str, str]):
    return linear_svm(word_vectorizer(options), options, seed, definitions)


SYSTEM = System("tfidf_svm", "tfidf", "TF-IDF word 1-2-grams + LinearSVC", Options, build)
