import pytest

from research.evaluation.faithfulness import coverage_density, faithfulness, novel_ngram_ratio
from research.text.fragments import fragments
from research.text.tokens import names, numbers, tokens

ARTICLE = "The cat sat on the mat today."
SUMMARY = "The cat sat on a mat."


def test_tokens_keep_numbers_and_possessives_whole():
    assert tokens("Niger's army: 5,000-strong, 1.5 million.") == ["niger's", "army", "5,000", "strong", "1.5", "million"]


def test_fragments_by_hand():
    # Grusky et al. (2018): the greedy longest shared sequences, left to right.
    assert fragments(tokens(SUMMARY), tokens(ARTICLE)) == [["the", "cat", "sat", "on"], ["mat"]]
    coverage, density = coverage_density(SUMMARY, ARTICLE)
    assert coverage == 5 / 6
    assert density == (4 ** 2 + 1 ** 2) / 6


def test_fragments_prefer_the_longest_match_in_the_article():
    assert fragments(["a", "b", "c"], ["a", "x", "a", "b", "c"]) == [["a", "b", "c"]]


def test_novel_ngram_ratios_by_hand():
    # summary tokens: the cat sat on a mat; only "a" is new, it breaks 2 of 5 bigrams and 2 of 4 trigrams.
    assert novel_ngram_ratio(SUMMARY, ARTICLE, 1) == 1 / 6
    assert novel_ngram_ratio(SUMMARY, ARTICLE, 2) == 2 / 5
    assert novel_ngram_ratio(SUMMARY, ARTICLE, 3) == 2 / 4
    assert novel_ngram_ratio("cat", ARTICLE, 2) is None


def test_numbers_are_normalised():
    assert numbers("About 40 trucks and 5,000 troops; three died in 2023.") == {"40", "5000", "3", "2023"}
    assert numbers("Forty trucks carried 5000 troops; 3 died in 2024.") == {"40", "5000", "3", "2024"}


def test_names_skip_stop_words_and_ordinary_sentence_starts():
    source = "registration began in Niamey; the junta waited."
    summary = "The junta met Wagner. Registration opened in Niamey with Putin's support."
    assert names(summary, source) == {"wagner", "niamey", "putin"}
    # a sentence's first word counts when it is capitalised inside some sentence (here: of the source)
    assert names("Niamey is calm. Separately, Wagner left.", "Troops reached Niamey.") == {"niamey", "wagner"}


def test_faithfulness_counts_invented_numbers_and_names():
    source = "Forty trucks carried 5000 troops to Niamey; 3 died in 2024, the junta said."
    summary = "The junta said 40 trucks took 5,000 troops to Niamey and Agadez in 2023."
    result = faithfulness(summary, source)
    assert (result.numbers, result.invented_numbers) == (3, 1)  # 40, 5000, 2023: only 2023 is new
    assert (result.names, result.invented_names) == (2, 1)  # Niamey, Agadez: only Agadez is new
    assert result.invented_number_rate == 1 / 3
    assert result.invented_name_rate == 1 / 2
    assert result.words == 14
    assert result.compression == 14 / 14
    flat = result.flat()
    assert flat["invented_number_rate"] == 1 / 3 and flat["novel_1"] == result.novel_1


def test_rates_are_undefined_without_numbers_or_names():
    result = faithfulness(SUMMARY, ARTICLE)
    assert result.invented_number_rate is None
    assert result.invented_name_rate is None
    assert result.compression == 7 / 6
    assert (result.coverage, result.density) == (5 / 6, 17 / 6)


def test_a_copied_article_is_fully_extractive():
    text = "Niger's junta closed the airspace. ECOWAS said force is a last resort."
    result = faithfulness(text, text)
    assert (result.novel_1, result.novel_2, result.novel_3, result.coverage) == (0.0, 0.0, 0.0, 1.0)
    assert result.density == pytest.approx(len(tokens(text)))
    assert result.invented_names == 0 and result.compression == 1.0
