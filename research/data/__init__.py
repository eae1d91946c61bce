"""Dataset module: the corpus as Hugging Face ``datasets`` objects.

    from research.data import load_articles, load_paragraphs
    articles = load_articles()            # the bundled seeds
    paragraphs = load_paragraphs("my_corpus/")  # or a folder of .txt / a .jsonl file
"""

from research.data.loader import ARTICLE_FEATURES, PARAGRAPH_FEATURES, load_articles, load_paragraphs

__all__ = ["ARTICLE_FEATURES", "PARAGRAPH_FEATURES", "load_articles", "load_paragraphs"]
