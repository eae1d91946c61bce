"""The extractive systems on the five seed articles: which sentences each picks, within the budget."""

import pytest
from rouge_score import rouge_scorer

from research.errors import UserError
from research.summarization import Budget, Runtime, get_system
from research.summarization.sumy_support import PysbdTokenizer, rank_sentences

WORDS_75 = Budget(words=75)

# Sentence indices (into each article's `sentences`) chosen with a 75-word budget, articles in id order.
EXPECTED_75 = {
    "lead": [[0, 1], [0], [0, 1], [0, 1, 2], [0, 1]],
    "random": [[0, 10, 21], [2, 9, 22], [4, 8, 11, 12], [2, 13, 15], [6, 7, 9, 13]],  # seed 13
    "textrank": [[0, 1], [0, 7], [0, 11, 14], [5, 14, 17], [0, 1]],
    "lexrank": [[0, 3, 10], [8, 21], [0, 1, 12], [1, 7, 11, 20], [0, 8, 13]],
    "embedding_centroid": [[0, 10, 20], [0, 19], [0, 11, 14], [0, 8, 14], [0, 12, 14]],
    "oracle": [[1, 5], [0, 12], [0, 14], [0, 2, 17], [1, 2, 9]],
}


def _indices(article: dict, summary: str) -> list[int]:
    chosen = [i for i, s in enumerate(article["sentences"]) if s in summary]
    assert " ".join(article["sentences"][i] for i in chosen) == summary  # whole sentences, document order
    return chosen


@pytest.fixture(scope="module")
def summaries_75(texts) -> dict[str, list[str]]:
    return {name: get_system(name)(budget=WORDS_75, runtime=Runtime(seed=13)).summarize(texts)
            for name in EXPECTED_75}


@pytest.mark.parametrize("name", sorted(EXPECTED_75))
def test_system_picks_whole_sentences_within_the_budget(name, summaries_75, articles):
    summaries = summaries_75[name]
    assert [_indices(a, s) for a, s in zip(articles, summaries)] == EXPECTED_75[name]
    assert all(0 < len(s.split()) <= 75 for s in summaries)


def test_lead_3_is_the_first_three_sentences(articles, texts):
    summaries = get_system("lead")(budget={"sentences": 3}).summarize(texts)
    assert summaries == [" ".join(a["sentences"][:3]) for a in articles]
    assert [len(s.split()) for s in summaries] == [86, 120, 85, 66, 91]


def test_lead_cuts_a_first_sentence_longer_than_the_budget(texts):
    assert get_system("lead")(budget={"words": 8}).summarize(texts[:1]) == [
        "Niamey, Niger: In response to escalating tensions and"]


def test_random_is_seeded_and_independent_of_batch_and_order(texts, articles):
    system = get_system("random")
    same = system(budget={"sentences": 2}, runtime=Runtime(seed=13))
    assert same.summarize(texts) == same.summarize(texts)
    assert same.summarize(texts[::-1]) == same.summarize(texts)[::-1]
    assert same.summarize(texts[2:3]) == same.summarize(texts)[2:3]
    other = system(budget={"sentences": 2}, runtime=Runtime(seed=14)).summarize(texts)
    assert other != same.summarize(texts)


def test_graph_systems_run_offline_with_our_tokenizer():
    tokenizer = PysbdTokenizer()
    assert tokenizer.to_sentences("Gen. Tiani spoke in the U.S. on Friday. Then he left.") == (
        "Gen. Tiani spoke in the U.S. on Friday.", "Then he left.")
    assert tokenizer.to_words("Niger’s junta, 2023: well-armed troops") == ("Niger’s", "junta", "well-armed", "troops")


def test_sumy_ranking_is_sumys_own_order(texts):
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from research.text.sentences import text_sentences
    from research.summarization.sumy_support import build_document

    sentences = text_sentences(texts[4])
    order = rank_sentences(LexRankSummarizer(Stemmer("english")), sentences)
    assert sorted(order) == list(range(len(sentences)))
    top = LexRankSummarizer(Stemmer("english"))(build_document(sentences), 3)  # sumy's top 3, document order
    assert [str(s) for s in top] == [sentences[i] for i in sorted(order[:3])]


def test_textrank_parameters_change_the_choice(texts):
    default = get_system("textrank")(budget={"sentences": 3}).summarize(texts)
    no_stemming = get_system("textrank")(budget={"sentences": 3}, stemming=False, stop_words=False).summarize(texts)
    assert default != no_stemming


def test_embedding_mmr_relevance_one_is_pure_centroid_order():
    import numpy as np

    from research.summarization.embedding_centroid import mmr_ranking

    unit = np.array([[1.0, 0.0], [0.8, 0.6], [0.8, 0.6], [0.0, 1.0]])
    assert mmr_ranking(unit, 1.0) == [1, 2, 0, 3]  # the two rows nearest the centroid first
    assert mmr_ranking(unit, 0.5)[:2] == [1, 3]  # the duplicate of row 1 is passed over for the most different


def _objective(summary: str, references: list[str]) -> float:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    scores = [scorer.score(ref, summary) for ref in references]
    return sum(s[m].fmeasure for s in scores for m in ("rouge1", "rouge2")) / (2 * len(scores))


def test_oracle_beats_every_other_extractive_choice(summaries_75, articles):
    for index, article in enumerate(articles):
        best = _objective(summaries_75["oracle"][index], article["summaries"])
        for name, summaries in summaries_75.items():
            assert _objective(summaries[index], article["summaries"]) <= best, (name, article["id"])


def test_oracle_is_labelled_as_the_extractive_ceiling():
    assert get_system("oracle").display_name() == "oracle (extractive ceiling)"
    assert get_system("textrank").display_name() == "textrank"


def test_oracle_needs_references():
    with pytest.raises(UserError) as error:
        get_system("oracle")().summarize(["The junta closed the border on Friday. Talks failed."])
    assert str(error.value) == (
        "oracle (extractive ceiling) needs reference summaries: text 1 ('The junta closed the border on Friday. "
        "Talks ...') is not an article of references 'seeds' (system.references: 'seeds' or a FRANK-format file "
        "or folder)")


def test_oracle_reads_a_frank_benchmarks_references():
    from research.data.frank import FRANK_DEFAULT, frank_articles, frank_rows

    article = frank_articles(frank_rows(FRANK_DEFAULT))[0]
    oracle = get_system("oracle")(budget={"sentences": 1}, references=str(FRANK_DEFAULT))
    summary = oracle.summarize([article["text"]])[0]
    assert summary == oracle.summarize_with_references([article["text"]], [[article["reference"]]])[0]
    assert summary in article["text"]


def test_oracle_with_supplied_references():
    text = "Troops reached Niamey on Sunday. The weather was mild. Talks with ECOWAS failed."
    summary = get_system("oracle")(budget={"sentences": 1}).summarize_with_references(
        [text], [["ECOWAS talks failed."]])
    assert summary == ["Talks with ECOWAS failed."]
