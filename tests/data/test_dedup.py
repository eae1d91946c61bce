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
