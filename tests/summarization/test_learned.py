"""The learned extractive summarizer: its ROUGE counting equals rouge-score's, its selection rules, its choice by
article-grouped folds that never scores an article with a model trained on it, and its refusal to summarize
its own training articles (trained here on the small FRANK-format fixture)."""

import itertools

import numpy as np
import pytest
from rouge_score.rouge_scorer import RougeScorer

from research.data.frank import frank_articles, frank_rows
from research.errors import UserError
from research.paths import PROJECT_ROOT
from research.summarization import Runtime, get_system
from research.summarization import learned_fitting
from research.summarization.extract_labels import SentenceRouge, rouge_tokens
from research.summarization.learned_selection import Rule, select
from research.text.sentences import text_sentences

FIXTURE = str(PROJECT_ROOT / "tests" / "fixtures" / "frank" / "frank-small.jsonl")
ARTICLES = [a for a in frank_articles(frank_rows(FIXTURE)) if a["dataset"] == "cnndm"]


def sentence_rouge(article: dict) -> tuple[list[str], SentenceRouge]:
    sentences = text_sentences(article["text"])
    return sentences, SentenceRouge([rouge_tokens(s) for s in sentences], article["reference"])


def test_counted_rouge_equals_rouge_score_on_sentence_sets():
    scorer = RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    for article in ARTICLES:
        sentences, counted = sentence_rouge(article)
        for chosen in list(itertools.combinations(range(min(len(sentences), 6)), 2))[:8] + [(0,), (2, 0, 1)]:
            expected = scorer.score(article["reference"], " ".join(sentences[i] for i in sorted(chosen)))
            r1, r2 = counted.scores(chosen)
            assert r1 == pytest.approx(expected["rouge1"].fmeasure, abs=1e-12)
            assert r2 == pytest.approx(expected["rouge2"].fmeasure, abs=1e-12)


def test_greedy_oracle_adds_the_best_sentence_at_each_step():
    _, counted = sentence_rouge(ARTICLES[0])
    n = len(counted.tokens)
    chosen = counted.greedy_oracle(2)
    first = max(range(n), key=lambda i: (sum(counted.scores([i])) / 2, -i))
    second = max((i for i in range(n) if i != first), key=lambda i: (sum(counted.scores([first, i])) / 2, -i))
    assert chosen == tuple(sorted((first, second)))
    assert counted.greedy_oracle(n + 5) == tuple(range(n))  # never more sentences than the article has
    assert SentenceRouge([["a", "b"], ["c"], ["a", "b"]], "a b").greedy_oracle(1) == (0,)  # ties: the earlier


TOKENS = [["a", "b", "c", "d"], ["a", "b", "c", "x"], ["e", "f", "g"], ["h", "i", "j"], ["k", "l", "m"],
          ["n", "o", "p"], ["q", "r", "s"], ["t", "u", "v"]]


def test_selection_blocks_a_repeated_trigram_and_keeps_article_order():
    scores = np.array([0.9, 0.8, 0.1, 0.7, 0.0, 0.0, 0.0, 0.0])
    assert select(scores, TOKENS, 2, Rule()) == (0, 3)  # 1 repeats "a b c" of 0
    assert select(scores, TOKENS[:2] + [["a", "b", "c"]] * 6, 2, Rule()) == (0, 1)  # nothing else left: fill


def test_selection_window_and_kept_lead():
    scores = np.array([0.0, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.9])
    assert select(scores, TOKENS, 2, Rule(window=4)) == (2, 3)
    assert select(scores, TOKENS, 2, Rule()) == (6, 7)
    assert select(scores, TOKENS, 3, Rule(lead=2)) == (0, 1, 7)
    assert select(scores, TOKENS, 3, Rule(lead=3)) == (0, 1, 2)  # the lead baseline itself


def test_the_choice_never_scores_an_article_with_a_model_trained_on_it(monkeypatch):
    prepared = []
    for article in ARTICLES:
        sentences, counted = sentence_rouge(article)
        features = np.random.default_rng(len(prepared)).normal(size=(len(sentences), len(learned_fitting.FEATURES)))
        prepared.append(learned_fitting.training_article(article["id"], features, counted, 2))
    fit = learned_fitting.fit_scorer
    scored = []

    def recording_fit(articles, features, model, seed):
        scorer = fit(articles, features, model, seed)
        trained = {id(a.features) for a in articles}
        score = scorer.scores

        def checked(matrix):
            scored.append(id(matrix))
            assert id(matrix) not in trained, "an article was scored by a model trained on it"
            return score(matrix)

        scorer.scores = checked
        return scorer

    monkeypatch.setattr(learned_fitting, "fit_scorer", recording_fit)
    choice = learned_fitting.choose(prepared, 2, folds=3, seed=13)
    assert sorted(set(scored)) == sorted(id(a.features) for a in prepared)  # every article scored out-of-fold
    assert choice.rouge2 >= np.mean([a.rouge.rouge2((0, 1)) for a in prepared])  # the lead is in the grid


def learned(**params):
    return get_system("learned")(budget={"sentences": 2}, runtime=Runtime(seed=13),
                                 **{"train": FIXTURE, "folds": 2, **params})


def test_it_refuses_its_own_training_articles_and_summarizes_a_held_out_one():
    with pytest.raises(UserError, match="text 1 is one of its training articles .* list its id in system.hold_out"):
        learned().summarize([ARTICLES[0]["text"]])
    (summary,) = learned(hold_out=[ARTICLES[0]["id"]]).summarize([ARTICLES[0]["text"]])
    sentences = text_sentences(ARTICLES[0]["text"])
    picked = [sentences.index(s) for s in text_sentences(summary)]
    assert len(picked) == 2 and picked == sorted(picked)  # two whole sentences of the article, in its order


def test_it_needs_a_sentence_budget_and_an_existing_training_file():
    with pytest.raises(ValueError, match="budget: learned needs sentences .* got 60 words"):
        get_system("learned")(budget={"words": 60}, train=FIXTURE)
    with pytest.raises(ValueError, match="no such file or folder 'no/such.jsonl'"):
        get_system("learned")(budget={"sentences": 3}, train="no/such.jsonl")
    with pytest.raises(UserError, match="has 2 articles of dataset 'cnndm' outside system.hold_out; its 3 folds"):
        learned(folds=3, hold_out=[ARTICLES[0]["id"]]).summarize(["A text. It is not a training article."])


def test_a_config_with_a_word_budget_is_refused_when_read():
    from research.errors import ConfigError
    from research.paths import CONFIGS
    from research.tasks import load_config

    with pytest.raises(ConfigError) as error:
        load_config(CONFIGS / "summarize-learned.yaml", ["budget.words=60", "budget.sentences=null"])
    assert str(error.value).endswith("key 'budget': learned needs sentences (it learns which sentences to take), "
                                     "got 60 words")
