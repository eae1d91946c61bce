"""Learned extractive: a sentence scorer trained on articles with references, with trigram blocking.

Each sentence is described by its position, length, MiniLM centrality and surface
cues (``sentence_features``); a model learns which sentences a greedy ROUGE oracle
takes (BertSumExt's recipe, with small models instead of BERT). The feature set,
the model and the selection rule (the best of the first K sentences, or the first
few kept and the rest filled, down to the lead baseline itself) are chosen by
cross-validation grouped by article on the training articles, then refitted on all
of them. It refuses to summarize one of its own training articles: hold it out
(``hold_out``) to score it, as the FRANK benchmark does fold by fold.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import numpy as np
from pydantic import Field

from research import encoder
from research.cache import normalised_sha256, path_fingerprint
from research.data.config import ExistingPath
from research.data.frank import frank_articles, frank_rows
from research.errors import UserError
from research.summarization.base import Summarizer, SystemParams
from research.summarization.budget import Budget
from research.summarization.extract_labels import SentenceRouge, rouge_tokens
from research.summarization.learned_fitting import Choice, Scorer, choose, fit_scorer, training_article
from research.summarization.learned_selection import select
from research.summarization.sentence_features import sentence_features
from research.text.sentences import text_sentences


class LearnedParams(SystemParams):
    train: ExistingPath = "data/frank/frank-valid.jsonl"  # articles with references: FRANK-format file or folder
    dataset: str | None = "cnndm"  # only the training file's articles of this dataset (null: all)
    hold_out: list[str] = []  # article ids left out of training (the benchmark's held-out fold)
    folds: Annotated[int, Field(ge=2)] = 4  # article-grouped folds that choose the features, model and rule


def _prepared(text: str, batch_size: int) -> tuple[list[str], list[list[str]], np.ndarray]:
    sentences = text_sentences(text)
    vectors = encoder.encode(sentences, batch_size=batch_size)
    tokens = [rouge_tokens(s) for s in sentences]
    return sentences, tokens, sentence_features(sentences, vectors, tokens)


@lru_cache(maxsize=16)
def fit_on_corpus(train: str, dataset: str | None, hold_out: tuple[str, ...], k: int, folds: int, seed: int,
           batch_size: int) -> tuple[Choice, Scorer, frozenset[str]]:
    """The choice made by grouped folds, the scorer refitted with it on every training article, and the
    training texts' sha256 (once per process for each set of arguments)."""
    articles = [a for a in frank_articles(frank_rows(train))
                if (dataset is None or a["dataset"] == dataset) and a["id"] not in hold_out]
    if len(articles) < folds:
        raise UserError(f"learned: system.train '{train}' has {len(articles)} articles of dataset "
                        f"'{dataset}' outside system.hold_out; its {folds} folds need at least {folds}")
    prepared = []
    for article in articles:
        sentences, tokens, features = _prepared(article["text"], batch_size)
        prepared.append(training_article(article["id"], features, SentenceRouge(tokens, article["reference"]), k))
    choice = choose(prepared, k, folds, seed)
    scorer = fit_scorer(prepared, choice.features, choice.model, seed)
    return choice, scorer, frozenset(normalised_sha256(a["text"]) for a in articles)


class Learned(Summarizer):
    name = "learned"
    extractive = True
    Params = LearnedParams

    @classmethod
    def check_budget(cls, budget: Budget) -> None:
        if budget.sentences is None:
            raise ValueError(f"learned needs sentences (it learns which sentences to take), got {budget.describe()}")

    def fingerprint(self) -> dict:
        return {"train_sha256": path_fingerprint(Path(self.params.train)),
                "model_sha256": path_fingerprint(encoder.model_folder())}

    def fitted(self) -> tuple[Choice, Scorer, frozenset[str]]:
        p = self.params
        return fit_on_corpus(p.train, p.dataset, tuple(sorted(p.hold_out)), self.budget.sentences, p.folds,
                      self.runtime.seed, self.runtime.batch_size)

    def _summarize(self, texts: list[str]) -> list[str]:
        choice, scorer, seen = self.fitted()
        summaries = []
        for index, text in enumerate(texts):
            if normalised_sha256(text) in seen:
                raise UserError(f"learned: text {index + 1} is one of its training articles (system.train "
                                f"'{self.params.train}'); list its id in system.hold_out to score it")
            sentences, tokens, features = _prepared(text, self.runtime.batch_size)
            chosen = select(scorer.scores(features), tokens, self.budget.sentences, choice.rule)
            summaries.append(" ".join(sentences[i] for i in chosen))
        return summaries
