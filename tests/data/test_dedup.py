import pytest
from hypothesis import given, settings, strategies as st

from research.data.dedup import containment, near_duplicate_groups, shingles
from research.data.loader import article_rows


def test_containment_is_share_of_smaller_set():
    a, b = shingles("the junta closed the airspace today"), shingles("the junta closed the airspace")
    assert containment(a, b) == 1.0
    assert containment(a, set()) == 0.0


def test_groups_are_connected_components_numbered_by_first_member():
    texts = ["alpha beta gamma delta", "zeta eta theta iota", "alpha beta gamma delta epsilon"]
    assert near_duplicate_groups(texts, 0.5) == [0, 1, 0]
    assert near_duplicate_groups(texts, 1.01) == [0, 1, 2]


def test_seed_retellings_share_a_group():
    groups = {a["id"]: a["group"] for a in article_rows()}
    assert groups == {
        "000_cd27de7ec40d4303": 0, "001_435e95628c7731a9": 0, "002_a19fdc4d4b0ad4ef": 1,
        "003_ff28ba0c9779c2b0": 2, "004_004b61775ea89a25": 3,
    }


def _pairwise_groups(texts, threshold):
    """The definition, by brute force: union every pair whose containment reaches the threshold."""
    sets = [shingles(t) for t in texts]
    parent = list(range(len(texts)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if containment(sets[i], sets[j]) >= threshold:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    numbering = {}
    return [numbering.setdefault(root(i), len(numbering)) for i in range(len(texts))]


WORDS = st.sampled_from("the junta niger ecowas force wagner russia volunteers army border".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=0, max_size=12).map(" ".join), max_size=12),
       st.sampled_from([0.0, 0.09, 0.2, 0.5, 0.75, 1.0]))
def test_indexed_grouping_equals_every_pair_compared(texts, threshold):
    assert near_duplicate_groups(texts, threshold) == _pairwise_groups(texts, threshold)


def test_a_replicated_corpus_groups_copies_with_their_original():
    texts = [row["text"] for row in article_rows()]
    copies = [" ".join(reversed(t.split("\n\n"))) for t in texts] * 3 + texts
    assert near_duplicate_groups(copies, 0.09) == [0, 0, 1, 2, 3] * 4


@pytest.mark.parametrize("text", [
    "The junta met.\n\nECOWAS waited in Abuja.",  # shingles across the break: "met ecowas waited"
    "One.\n\nTwo words\n\nthen three more words",  # a paragraph shorter than a shingle's reach
    "\n\nLeading and trailing breaks\n\n\n",
    "Σ ΣΑΣ.\n\nNiger",
    "single paragraph of plain words",
])
@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_shingles_from_memoised_paragraphs_equal_the_whole_text(text, size):
    import re

    words = re.findall(r"\w+", text.lower())
    assert shingles(text, size) == set(zip(*(words[i:] for i in range(size))))
