"""TF-IDF character 2-5-grams (char_wb) + linear SVM."""

from research.classification.systems import System
from research.classification.systems._tfidf import SvmOptions, TfidfOptions, char_vectorizer, linear_svm


class Options(TfidfOptions, SvmOptions):
    pass


def build(options: Options, seed: int, definitions: dict[str, str]):
    return linear_svm(char_vectorizer(options), options, seed, definitions)


SYSTEM = System("tfidf_char_svm", "tfidf", "TF-IDF char_wb 2-5-grams + LinearSVC", Options, build)
