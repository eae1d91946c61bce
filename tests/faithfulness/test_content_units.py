"""Content units, polarity, cause links and stances (research.faithfulness.content_units) on tiny inline texts: exact values."""

import pytest

from research.faithfulness.content_units import (
    cause_parts, missing_units, names, negation_flips, numbers, polarity, stance_flips, times, vocabulary,
)

EVIDENCE = ("The recruitment drive will start on Saturday in Niamey and near the borders with Nigeria and Benin, "
            "and aims to attract tens of thousands of volunteers over 18.")


@pytest.mark.parametrize("claim, expected", [
    # a true paraphrase: demonyms, reworded, every unit kept
    ("Sign-ups open on Saturday in Niamey and close to the Nigerian and Beninese borders.", {}),
    ("Organisers want hundreds of thousands of volunteers.", {"numbers": ["1e5+"]}),  # wrong quantity
    ("Anyone over 21 can sign up for the recruitment drive.", {"numbers": ["21"]}),
    ("The recruitment drive will start on Friday in Niamey.", {"times": ["friday"]}),  # wrong day
    ("Recruitment starts on Saturday near the borders with Mali and Benin.", {"names": ["mali"]}),  # wrong place
    ("Recruitment starts in northern Niamey.", {"places": ["northern"]}),
])
def test_missing_units_by_kind(claim, expected):
    found = {kind: units for kind, units in missing_units(claim, EVIDENCE).items() if units}
    assert found == expected


def test_units_match_across_rewording():
    assert numbers("nearly 2,000 killed over a decade, and three raids") == {"2000", "10", "3"}
    assert numbers("tens of thousands, not hundreds of thousands") == {"1e4+", "1e5+"}
    assert times("It may begin in May 2023, three days later") == {"may", "2023", "day"}
    assert times("They may begin later") == set()  # the verb, not the month
    assert {"america", "nigeria", "10", "year"} <= vocabulary("The U.S. backed Nigerian troops for a decade")
    assert names("General Salifou Mody met Wagner in Mali.") == [["salifou", "mody"], ["wagner"], ["mali"]]


def test_a_person_is_found_by_surname_but_not_a_country_by_prefix():
    assert missing_units("Svenja Schulze chairs the alliance.", "Schulze chairs the alliance.")["names"] == []
    assert missing_units("Troops arrived from Niger.", "Troops arrived from Nigeria.")["names"] == ["niger"]


@pytest.mark.parametrize("text, expected", [
    ("The junta is not involved.", 2), ("The team was refused a meeting.", 1), ("They were freed without delay.", 0),
    ("The volunteers would be available.", 0), ("Its whereabouts are unknown.", 1),
])
def test_polarity(text, expected):
    assert polarity(text) == expected


def test_negation_flips_need_a_core_negation_against_none():
    evidence = ["Bako said the volunteers would be available to the junta if needed."]
    assert negation_flips("Bako said the volunteers would not be available to the junta.", evidence) == 1
    assert negation_flips("According to Bako, the volunteers could be called on by the junta.", evidence) == 0
    assert negation_flips("The mediators were not allowed to meet the leader.",
                          ["The mediation team was denied access to the junta leader."]) == 0


def test_cause_parts():
    assert cause_parts("ECOWAS put its force on alert because the junta charged Bazoum.") == (
        "ECOWAS put its force on alert", "the junta charged Bazoum")
    assert cause_parts("Wagner wants power in Niger, which is why the junta asked for help.") == (
        "the junta asked for help", "Wagner wants power in Niger")
    assert cause_parts("The junta charged Bazoum with treason.") is None


def test_stance_flips():
    evidence = ["Volunteers will fight and provide medical care in case the junta needs help."]
    assert stance_flips("Volunteers are being recruited to fight against the junta.", evidence) == 1
    assert stance_flips("Volunteers are being recruited to help the junta if it needs them.", evidence) == 0
    bloc = ["Residents are preparing a defense against a military intervention by the regional bloc, ECOWAS."]
    assert stance_flips("Residents are signing up to aid the forces of ECOWAS.", bloc) == 1
    assert stance_flips("Residents are signing up to defend the country against an ECOWAS intervention.", bloc) == 0


def test_a_list_item_is_no_target_of_the_item_before_it():
    from research.faithfulness.content_units import stances

    assert stances("The roles include combat, the army and medical help.") == {}
    assert stances("Troops fought the rebels and the jihadists.") == {"rebel": {-1}, "jihadist": {-1}}
