"""``detokenise``: tokenised text (as published systems write it) back to prose, prose left alone; and every
checker judges the prose."""

import re

import pytest

from research.data import load_articles
from research.data.frank import frank_rows
from research.faithfulness.base import Checker
from research.paths import PROJECT_ROOT
from research.text.detokenise import detokenise
from research.text.sentences import line_sentences

FRANK = PROJECT_ROOT / "data" / "frank" / "frank-valid.jsonl"


@pytest.mark.parametrize("tokenised, prose", [
    # FRANK's own sentences (CNN/DM outputs: lower-cased and tokenised)
    ("kilmarnock will confirm gary locke as the club 's new permanent manager on friday .",
     "kilmarnock will confirm gary locke as the club's new permanent manager on friday."),
    ("since then billy has n't been seen and he is n't returning any phone calls .",
     "since then billy hasn't been seen and he isn't returning any phone calls."),
    ("leon yeaman , 55 , was allegedly killed by a single punch in the head .",
     "leon yeaman, 55, was allegedly killed by a single punch in the head."),
    ("44 per cent of the former secretary of state 's followers are `` fake '' .",
     "44 per cent of the former secretary of state's followers are \"fake\"."),
    ("the deal is worth $ 5 million ( # 3.4 million ) , they 're told .",
     "the deal is worth $5 million (#3.4 million), they're told."),
    ("`` mad men 's '' and `` dragnet '' also featured .", "\"mad men's\" and \"dragnet\" also featured."),
])
def test_tokenised_text_comes_back_as_prose(tokenised, prose):
    assert detokenise(tokenised) == prose


def test_frank_sentences_are_detokenised_and_prose_is_left_alone():
    summaries = [row["summary"] for row in frank_rows(FRANK, "valid") if row["dataset"] == "cnndm"]
    changed = [s for summary in summaries for s in line_sentences(summary) if detokenise(s) != s]
    split = re.compile(r" (?:[.,]|'s|n't)(?![\w])")  # " ." but not " .22"
    assert len(changed) > 1000 and not [detokenise(s) for s in changed if split.search(detokenise(s))]
    seeds = [s for article in load_articles().to_list() for s in line_sentences(article["text"])]
    assert [detokenise(s) for s in seeds] == seeds


class _Seen(Checker):
    name = "seen"

    def __init__(self):
        self.seen: list[str] = []

    def score(self, source, sentences):
        self.seen += sentences
        return [(1.0, ()) for _ in sentences]


def test_every_checker_judges_the_prose_a_tokenised_sentence_stands_for():
    checker = _Seen()
    checker.check("The club's manager.", ["the club 's manager .", "The club's manager."])
    assert checker.seen == ["the club's manager.", "The club's manager."]


def test_every_checker_takes_the_detokenise_option():
    from research.errors import UserError
    from research.faithfulness.registry import build_checker

    assert build_checker("names").detokenise is True and build_checker("names", detokenise=False).detokenise is False
    tokenised = build_checker("combined", detokenise=False)
    assert tokenised.detokenise is False and tokenised.members == ("units",)
    with pytest.raises(UserError, match="checker 'names': detokenise must be true or false, got 'no'"):
        build_checker("names", detokenise="no")
