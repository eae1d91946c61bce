import pytest

from research.errors import UserError
from research.faithfulness import Verdict, build_checker

SOURCE = ("Gary Locke will be confirmed as Kilmarnock’s permanent manager on Friday.\n\n"
          "An announcement will be made by the Rugby Park club on Friday morning.")


def test_a_copied_tokenised_lower_cased_sentence_scores_one_with_its_source_sentence():
    verdict, = build_checker("copying").check(SOURCE, ["gary locke will be confirmed as kilmarnock 's permanent manager ."])
    assert verdict == Verdict(1.0, True, ("Gary Locke will be confirmed as Kilmarnock’s permanent manager on Friday.",))


def test_the_score_is_the_share_of_the_sentence_s_four_grams_in_the_article():
    # 8 words, 5 four-grams: only "gary locke will be" is in the article
    verdict, = build_checker("copying").check(SOURCE, ["Gary Locke will be sacked by Kilmarnock tomorrow."])
    assert verdict.score == pytest.approx(1 / 5) and not verdict.supported
    verdict, = build_checker("copying").check(SOURCE, ["Gary Locke will be confirmed by the club."])
    # four-grams: gary locke will be, locke will be confirmed, will be confirmed by, be confirmed by the,
    # confirmed by the club: two of five in the article
    assert verdict.score == pytest.approx(2 / 5) and not verdict.supported


def test_n_sets_the_n_gram_length_and_short_sentences_use_their_own_length():
    checker = build_checker("copying", n=2)
    assert checker.check(SOURCE, ["Locke will be sacked."])[0].score == pytest.approx(2 / 3)
    assert build_checker("copying").check(SOURCE, ["Locke confirmed."])[0].score == 0.0
    assert build_checker("copying").check(SOURCE, ["Kilmarnock’s permanent."])[0].score == 1.0


def test_features_give_coverage_density_and_the_longest_fragment():
    row, = build_checker("copying").features(SOURCE, ["Locke will be confirmed on Friday, the club said."])
    # fragments: "locke will be confirmed" (4), "on friday" (2), "the" (1), "club" (1) of 9 words
    assert row == pytest.approx({"copying": 1 / 6, "coverage": 8 / 9, "density": (16 + 4 + 1 + 1) / 81,
                                 "longest": 4 / 9})


def test_a_sentence_without_words_is_not_flagged():
    assert build_checker("copying").check(SOURCE, ["..."])[0].supported


@pytest.mark.parametrize("options, message", [
    ({"n": 0}, "n must be a whole number of words >= 1, got 0"),
    ({"n": 2.5}, "n must be a whole number of words >= 1, got 2.5"),
    ({"threshold": 1.5}, r"threshold must be a number in \[0, 1\], got 1.5"),
])
def test_bad_options_are_refused_naming_the_option(options, message):
    with pytest.raises(UserError, match=message):
        build_checker("copying", **options)
