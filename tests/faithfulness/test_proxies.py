import pytest

from research.errors import UserError
from research.faithfulness import Verdict, build_checker

SOURCE = "Soldiers led by General Tchiani seized power in Niamey.\n\nECOWAS gave the junta seven days to step down."


def test_names_flags_a_name_absent_from_the_source():
    verdicts = build_checker("names").check(SOURCE, ["Tchiani seized power.", "Troops of Bazoum seized power in Niamey."])
    assert verdicts == [
        Verdict(1.0, True, ("Soldiers led by General Tchiani seized power in Niamey.",)),
        Verdict(0.0, False, ("Soldiers led by General Tchiani seized power in Niamey.",)),
    ]


def test_numbers_flags_a_number_absent_from_the_source():
    verdicts = build_checker("numbers").check(SOURCE, ["The junta had 7 days.", "The junta had 10 days."])
    assert verdicts == [
        Verdict(1.0, True, ("ECOWAS gave the junta seven days to step down.",)),
        Verdict(0.0, False, ()),
    ]


def test_unknown_checker_names_the_choices():
    with pytest.raises(UserError, match=r'unknown checker "nmaes" \(did you mean \'names\'\?\)'):
        build_checker("nmaes")
