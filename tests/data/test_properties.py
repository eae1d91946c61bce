"""Property-based tests: the loader and cleaning hold up on arbitrary text."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research.data import load_articles
from research.data.cleaning import clean_article
from research.text.sentences import split_sentences
from research.errors import DataError

# Text that looks like web clutter and prose, plus arbitrary unicode.
LINES = st.one_of(
    st.sampled_from(["Scroll Top", "Leave a Reply", "READ MORE: x", "Guardian", " date 2023-11-06 Body text.",
                     "A Headline", "", "  ", "The junta said on Friday it would talk.", "“Quoted,” he said."]),
    st.text(max_size=80),
)
DOCUMENTS = st.lists(LINES, max_size=12).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_cleaning_is_idempotent(raw):
    once = clean_article(raw)
    again = clean_article("\n\n".join(once.paragraphs), detect_title=False)
    assert again.paragraphs == once.paragraphs
    assert again.removed == []


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_paragraphs_are_trimmed_non_empty_single_lines(raw):
    for paragraph in clean_article(raw).paragraphs:
        assert paragraph and paragraph == paragraph.strip()
        assert len(paragraph.splitlines()) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_joined_sentences_reproduce_the_text_up_to_whitespace(text):
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert squash("".join(split_sentences(text))) == squash(text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCUMENTS)
def test_loader_returns_paragraphs_or_its_own_error(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(raw, encoding="utf-8", errors="surrogatepass")
    try:
        articles = load_articles(folder)
    except DataError as error:
        assert str(error).startswith(str(folder))
    else:
        assert articles.num_rows == 1 and articles[0]["paragraphs"]
