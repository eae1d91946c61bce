"""The fast sentence path gives exactly pysbd's sentences; the reference is computed here with pysbd itself."""

import json

import pysbd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from research.data import load_articles
from research.text import plain_sentences
from research.data.loader import article_rows
from research.text.plain_sentences import plain_split
from research.text.sentences import _cached_split, split_sentences
from research.paths import PROJECT_ROOT

SEGMENTER = pysbd.Segmenter(language="en", clean=False)


def reference(paragraph):
    return [s.strip() for s in SEGMENTER.segment(paragraph) if s.strip()]


SEED_PARAGRAPHS = [p for a in article_rows() for p in a["paragraphs"]]
CHALLENGE = [json.loads(line)["text"] for line in
             (PROJECT_ROOT / "seeds" / "annotations" / "challenge.jsonl").read_text().splitlines()]


def test_seed_sentences_equal_pysbd():
    articles = load_articles()
    expected = [[s for p in a["paragraphs"] for s in reference(p)] for a in articles]
    assert articles["sentences"] == expected
    assert sum(map(len, expected)) == 110


def test_all_but_one_seed_paragraph_take_the_fast_path():
    hard = [p for p in SEED_PARAGRAPHS if plain_split(p) is None]
    assert len(SEED_PARAGRAPHS) == 57 and len(hard) == 1 and "The U.S is" in hard[0]


@pytest.mark.parametrize("paragraph", CHALLENGE, ids=[f"challenge-{i + 1:03d}" for i in range(len(CHALLENGE))])
def test_challenge_paragraphs_equal_pysbd(paragraph):
    assert plain_split(paragraph) in (None, reference(paragraph))
    assert split_sentences(paragraph) == reference(paragraph)


@pytest.mark.parametrize("paragraph, sentences", [
    ("(Reuters) The junta spoke. It left.", ["(Reuters)", "The junta spoke.", "It left."]),
    ("“It’s an eventuality. We need to be ready,” he said. Then he left.",
     ["“It’s an eventuality. We need to be ready,” he said.", "Then he left."]),
    ("It sent troops.” The bloc met.", None),  # a stray closing quote: pysbd
    ("He said “stop.” The bloc met in 2023. Prices rose 1.5 percent (about $2.5 million) in July.",
     ["He said “stop.”", "The bloc met in 2023.", "Prices rose 1.5 percent (about $2.5 million) in July."]),
    ("“Enough.” Soldiers took over in 2023 (see page 12.) and stayed", None),  # "12.)": a list marker
    ("No full stop here", ["No full stop here"]),
    ("Côte d'Ivoire pledged a battalion. Tillabéri was hit", ["Côte d'Ivoire pledged a battalion.",
                                                              "Tillabéri was hit"]),
])
def test_plain_paragraphs_split_as_pysbd(paragraph, sentences):
    assert plain_split(paragraph) == sentences
    assert split_sentences(paragraph) == reference(paragraph)
    if sentences is not None:
        assert sentences == reference(paragraph)


@pytest.mark.parametrize("paragraph", [
    "Gen. Tiani spoke. He left.", "The U.S. sent troops.", "It is no. 5 on the list.", "Talks end at 5 p.m. today.",
    "Items: 1. food 2. water.", "Options (a) talk (b) fight.", "Chapter (iv) The end.", "He left! She stayed.",
    "Why? Nobody knows.", 'He said "no." Then left.', "Smith & Co. KG closed.", "He waited... Then left.",
    "It ended  here. Then.", " Leading space.", "J. Smith arrived.", "See section b) first.",
    "Wait -- really.", "He said 'no.' Then left.", "It cost 12. Then 13. Then more.",
])
def test_paragraphs_with_pysbd_rules_take_pysbd(paragraph):
    assert plain_split(paragraph) is None
    assert split_sentences(paragraph) == reference(paragraph)


@pytest.mark.parametrize("paragraph", [
    "Gen. Tiani met Mr. Zeine on Monday. They spoke for an hour.",  # pysbd's path
    "The junta met the envoys on Monday. They spoke for an hour.",  # the plain fast path
])
def test_splits_are_memoised_by_text(paragraph):
    split_sentences(paragraph)
    hits = _cached_split.cache_info().hits
    assert split_sentences(paragraph) == reference(paragraph)
    assert _cached_split.cache_info().hits == hits + 1
    split_sentences(paragraph).append("changed")  # each call gets its own list: the memo cannot be edited
    assert split_sentences(paragraph) == reference(paragraph)


def test_fast_path_is_off_for_an_unchecked_pysbd(monkeypatch):
    monkeypatch.setattr(plain_sentences, "ENABLED", False)
    assert plain_split("The junta spoke. It left.") is None


# Prose built from seed-like words, pysbd's trigger words, quotes, parentheses, numbers and stops.
NORMAL = st.sampled_from("the junta said on Friday Niger ECOWAS Bazoum troops West 2023 1990 50,000 40% 1.5 24 "
                         "Tillabéri France’s d’état Army-2023 G5 and".split())
TRICKY = st.sampled_from("Gen Mr U.S. e.g. a I b iv x mass no p St Co Inc 1 9 Yahoo! why? \"no\" 'yes' ... -- "
                         "KG ; : —".split())
WORD = st.one_of(NORMAL, NORMAL, NORMAL, TRICKY)
WRAP = st.sampled_from(["{}", "{}", "{}.", "“{}", "{}”", "({}", "{})", "{},", "{}.”", "{}.)", "{},”"])
PARAGRAPH = st.lists(st.tuples(WRAP, WORD).map(lambda t: t[0].format(t[1])), min_size=1, max_size=30).map(" ".join)
SENTENCES = st.lists(st.tuples(st.sampled_from(["{}.", "“{}.” Then {}.", "“{}, {},” he said.", "({}.)", "({})",
                                                 "{} ({}).", "“{}. {}.”", "{}:", "{}"]),
                               st.lists(st.lists(WORD, min_size=1, max_size=8).map(" ".join), min_size=3, max_size=3))
                     .map(lambda t: t[0].format(*(w[:1].upper() + w[1:] for w in t[1]))),
                     min_size=1, max_size=6).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(PARAGRAPH, SENTENCES))
def test_generated_paragraphs_split_as_pysbd(paragraph):
    assert split_sentences(paragraph) == reference(paragraph)
