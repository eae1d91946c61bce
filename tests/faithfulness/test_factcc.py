import pytest

from research.errors import UserError
from research.faithfulness import build_checker
from research.faithfulness.features import NAMES, inverted_pairs

SOURCE = ("Volunteers in Niamey are registering to help the army defend the junta against a possible ECOWAS "
          "intervention.\n\n"
          "ECOWAS threatened to use force unless the junta reinstates President Mohamed Bazoum.\n\n"
          "According to Voice of America, General Salifou Mody visited Mali to ask Wagner for help.\n\n"
          "The junta closed Niger's airspace because of the threat of military intervention.\n\n"
          "A convoy of about 40 trucks arrived in Niamey on Sunday.\n\n"
          "The junta is not involved in the recruitment drive.")
# (error type, a false sentence of that type, a true paraphrase of the same fact)
CASES = [
    # Known misses (strict xfail: the test fails once they pass): the relation features fire (a role word
    # opposite to the evidence's, participants in reversed order) but their weights leave these at 0.57 and 0.88.
    pytest.param("relation", "Volunteers in Niamey are registering to fight against the junta.",
                 "Volunteers in Niamey are signing up to help defend the junta.",
                 marks=pytest.mark.xfail(strict=True, reason="factcc misses this relation inversion")),
    pytest.param("relation: roles inverted",
                 "The junta threatened to use force unless ECOWAS reinstates President Mohamed Bazoum.",
                 "ECOWAS warned that it would use force unless the junta reinstates President Mohamed Bazoum.",
                 marks=pytest.mark.xfail(strict=True, reason="factcc misses this who-acts-on-whom inversion")),
    ("negation added", "The junta did not close Niger's airspace.", "The junta shut Niger's airspace."),
    ("negation dropped", "The junta is involved in the recruitment drive.",
     "The junta is not taking part in the recruitment drive."),
    ("number", "A convoy of about 400 trucks arrived in Niamey.", "About 40 trucks arrived in Niamey."),
    ("place", "A convoy of about 40 trucks arrived in Mali on Sunday.",
     "On Sunday, a convoy of about 40 trucks arrived in Niamey."),
    ("time", "A convoy of about 40 trucks arrived in Niamey on Friday.",
     "A convoy of roughly 40 trucks reached Niamey on Sunday."),
    ("attribution", "According to ECOWAS, General Salifou Mody visited Mali to ask Wagner for help.",
     "Voice of America reported that General Salifou Mody went to Mali to seek help from Wagner."),
    ("entity", "President Mohamed Bazoum visited Mali to ask Wagner for help.",
     "General Salifou Mody travelled to Mali to ask Wagner for help."),
    ("cause", "The junta closed Niger's airspace because of the recruitment drive.",
     "Fearing a military intervention, the junta closed Niger's airspace."),
]


@pytest.fixture(scope="module")
def verdicts():
    checker = build_checker("factcc")
    claims = [text for case in CASES for text in (case.values if hasattr(case, "values") else case)[1:]]
    return dict(zip(claims, checker.check(SOURCE, claims)))


@pytest.mark.parametrize("kind, false, true", CASES)
def test_false_sentence_flagged_and_true_paraphrase_passed(verdicts, kind, false, true):
    assert verdicts[false].supported is False
    assert verdicts[true].supported is True


def test_scores_are_probabilities_with_the_best_window_as_evidence(verdicts):
    verdict = verdicts["About 40 trucks arrived in Niamey."]
    assert 0.0 <= verdict.score <= 1.0
    assert verdict.evidence == ("A convoy of about 40 trucks arrived in Niamey on Sunday.",)


def test_inverted_pairs_counts_participants_in_reversed_order():
    assert inverted_pairs("The junta threatened ECOWAS.", "ECOWAS threatened the junta.") == (1, 1)
    assert inverted_pairs("ECOWAS threatened the junta.", "ECOWAS threatened the junta.") == (0, 1)
    assert len(NAMES) == len(set(NAMES))


@pytest.mark.parametrize("options, message", [
    ({"model": "svm"}, r"factcc: model must be one of logistic, boosting, got 'svm'"),
    ({"features": "some"}, r"factcc: features must be one of targeted, all, got 'some'"),
    ({"rounds": 0}, r"factcc: rounds must be an integer >= 1, got 0"),
    ({"seed": "1"}, r"factcc: seed must be an integer >= 0, got '1'"),
    ({"embeddings": "yes"}, r"factcc: embeddings must be true or false, got 'yes'"),
    ({"threshold": -0.1}, r"factcc: threshold must be a number in \[0, 1\], got -0.1"),
])
def test_options_are_validated_by_name(options, message):
    with pytest.raises(UserError, match=message):
        build_checker("factcc", **options)
