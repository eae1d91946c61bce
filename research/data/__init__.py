"""Dataset module: the corpus as Hugging Face ``datasets`` objects.

    from research.data import load_articles, load_faithfulness, load_frank, load_paragraphs
    articles = load_articles()            # the bundled seeds, with their references
    paragraphs = load_paragraphs("my_corpus/")  # or a folder of .txt / a .jsonl file
    judgments = load_faithfulness()       # hand-written faithfulness judgments of seed sentences
    frank = load_frank()                  # FRANK's human factuality judgments of system summaries (validation split)
"""

from research.data.annotations import TOPIC_LABEL, TOPICS
from research.data.frank import FRANK_FEATURES, load_frank
from research.data.loader import (
    ARTICLE_FEATURES,
    CHALLENGE_FEATURES,
    FAITHFULNESS_FEATURES,
    LABELLED_ARTICLE_FEATURES,
    LABELLED_PARAGRAPH_FEATURES,
    PARAGRAPH_FEATURES,
    load_articles,
    load_challenge,
    load_faithfulness,
    load_paragraphs,
)

__all__ = [
    "ARTICLE_FEATURES", "CHALLENGE_FEATURES", "FAITHFULNESS_FEATURES", "FRANK_FEATURES", "LABELLED_ARTICLE_FEATURES",
    "LABELLED_PARAGRAPH_FEATURES", "PARAGRAPH_FEATURES", "TOPICS", "TOPIC_LABEL", "load_articles", "load_challenge", "load_faithfulness",
    "load_frank", "load_paragraphs",
]
