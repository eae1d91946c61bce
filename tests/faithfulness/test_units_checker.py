"""The ``units`` checker on a tiny inline article: one false claim per error type and true paraphrases, exact verdicts."""

import re

import pytest

from research.faithfulness import build_checker

SOURCE = (
    "ECOWAS threatened to use military force unless the junta reinstates President Bazoum.\n\n"
    "The recruitment drive will start on Saturday in Niamey and near the borders with Nigeria and Benin.\n\n"
    "Organisers hope to attract tens of thousands of volunteers over 18 to help the junta if needed.\n\n"
    "Voice of America reported that General Salifou Mody visited Mali and contacted Wagner.\n\n"
    "The junta later charged Bazoum with high treason.\n\n"
    "In neighbouring Chad, Prime Minister Zeine met President Mahamat Idriss Itno on Tuesday.\n\n"
    "Putin addressed an arms forum in Moscow.\n\n"
    "The forum was held for the army.\n\n"
    "He said Russia offers its partners modern weapons."
)
CASES = [
    ("Registration opens on Saturday in the capital and close to the Nigerian and Beninese borders.", True),
    ("The organisers want tens of thousands of people older than 18 to volunteer for the junta.", True),
    ("According to Voice of America, Mody went to Mali and reached out to Wagner.", True),
    ("Putin said Russia offers modern weapons to its partners.", True),  # "He said": the name is further back
    ("The recruitment drive will start on Sunday in Niamey.", False),  # time
    ("Organisers hope to attract hundreds of thousands of volunteers.", False),  # number
    ("The drive will start near the borders with Chad and Benin.", False),  # place: a country of the article
    ("The Soufan Center reported that Mody visited Mali and contacted Wagner.", False),  # attribution
    ("According to the army, Mody visited Mali and contacted Wagner.", False),  # attribution, no name involved
    ("Organisers hope to attract volunteers to fight against the junta.", False),  # stance
    ("Organisers said the volunteers would not help the junta even if needed.", False),  # negation
    ("ECOWAS threatened force because the junta charged Bazoum with high treason.", False),  # cause never stated
]


def test_units_checker_verdicts():
    verdicts = build_checker("units").check(SOURCE, [claim for claim, _ in CASES])
    assert [v.supported for v in verdicts] == [expected for _, expected in CASES]
    assert [v.score for v in verdicts] == [1.0 if expected else 0.0 for _, expected in CASES]


def test_units_evidence_is_the_matching_sentence_with_the_one_before():
    (verdict,) = build_checker("units").check(SOURCE, ["Mody went to Mali, Voice of America said."])
    assert verdict.evidence == ("Organisers hope to attract tens of thousands of volunteers over 18 to help the junta "
                                "if needed.", "Voice of America reported that General Salifou Mody visited Mali and "
                                "contacted Wagner.")


def test_units_signals_are_named_for_the_combination():
    (signals,) = build_checker("units").features(SOURCE, ["The junta later charged Bazoum with treason."])
    assert sorted(signals) == ["attribution", "cause_link", "loose", "negation", "stance", "units", "window"]
    assert (signals["units"], signals["loose"], signals["negation"]) == (1.0, 0.0, 0.0)
    assert 0.8 < signals["window"] <= 1.0


@pytest.mark.parametrize("options, message", [
    ({"threshold": 2}, "units: threshold must be a number in [0, 1], got 2"),
    ({"lexical_weight": -1}, "units: lexical_weight must be a number >= 0, got -1"),
    ({"max_window": 4}, "units: max_window must be 1, 2 or 3, got 4"),
])
def test_units_options_are_validated(options, message):
    from research.errors import UserError

    with pytest.raises(UserError, match="^" + re.escape(f"checker 'units': {message}") + "$"):
        build_checker("units", **options)
