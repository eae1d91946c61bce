"""The deletion guard: a sentence passes only as a deletion of one article sentence (plus a few function words)."""

import pytest

from research.summarization.deletion import INSERTABLE, Deletion, unmatched, words

VOA = ("Voice of America reported that General Salifou Mody, a coup leader, visited Mali and contacted someone from "
       "Wagner for assistance.")
NIAMEY = "Citizens of Niger are uniting to prepare for potential conflict."
SOURCE = f"{NIAMEY}\n\n{VOA}\nThe junta did not reply."


@pytest.mark.parametrize("sentence, supported, evidence", [
    (VOA, True, VOA),  # a copy
    ("General Salifou Mody visited Mali and contacted Wagner.", True, VOA),  # words deleted, order kept
    ("The General Mody visited Mali.", True, VOA),  # + "the" (insertable)
    ("Citizens of Niamey are uniting to prepare for conflict.", False, NIAMEY),  # a substituted place
    ("Soufan Center: General Salifou Mody visited Mali.", False, VOA),  # a moved attribution
    ("Mali visited General Salifou Mody.", False, VOA),  # roles swapped: out of order
    ("The junta did reply.", True, "The junta did not reply."),  # a deleted negation passes the guard alone
    ("The junta did not not reply.", False, "The junta did not reply."),  # "not" is never insertable
    ("", False, None),
])
def test_deletion_verdicts(sentence, supported, evidence):
    (verdict,) = Deletion().check(SOURCE, [sentence])
    assert verdict.supported is supported and verdict.score == float(supported)
    assert verdict.evidence == ((evidence,) if evidence else ())


def test_unmatched_words_are_those_outside_the_longest_common_subsequence():
    assert words("Niger’s junta, in 2023.") == ["niger", "s", "junta", "in", "2023"]
    assert unmatched(["a", "x", "b", "c"], ["a", "b", "y", "c"]) == ["x"]
    assert unmatched(["c", "b", "a"], ["a", "b", "c"]) == ["b", "a"]
    assert unmatched([], ["a"]) == [] and unmatched(["a"], []) == ["a"]
    assert "not" not in INSERTABLE and "by" not in INSERTABLE
