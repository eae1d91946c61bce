import random

import pytest

from research.faithfulness.corruptions import (
    CORRUPTIONS, ArticleContext, add_negation, antonym_swap, cause_swap, date_swap, drop_negation, entity_swap,
    number_change, place_swap, role_swap, source_swap,
)
from research.faithfulness.paraphrases import compress, merge_with_neighbour, move_attribution, move_leading_phrase, \
    passive, synonyms

ARTICLE = [
    "Soldiers led by General Abdourahamane Tchiani ousted President Mohamed Bazoum in Niamey on Wednesday.",
    "ECOWAS imposed sanctions on Niger and threatened the junta with military intervention.",
    "According to Reuters, about 40 trucks brought troops to Niamey.",
    "Volunteers in Niamey are ready to fight for the junta, Amsarou Bako said.",
    "The junta closed the airspace because of the threat of intervention.",
    "The junta is not directly involved in the recruitment.",
    "Mali and Burkina Faso back the junta.",
    "Some residents fled to Maradi after the coup.",
]
CONTEXT = ArticleContext.of(ARTICLE)


def run(function, index: int, seed: int = 0):
    return function(ARTICLE[index], CONTEXT, random.Random(seed))


def test_entities_are_typed_by_their_most_specific_type_in_the_article():
    assert dict(CONTEXT.entity_types)["Reuters"] == "org"  # "according to X" is a source, not a place
    assert CONTEXT.of_type("place") == ["Niamey", "Maradi"]
    assert CONTEXT.of_type("date") == ["Wednesday"]


def test_entity_swap_uses_another_person_of_the_article():
    assert run(entity_swap, 3) == "Volunteers in Niamey are ready to fight for the junta, Mohamed Bazoum said."


def test_place_swap_uses_another_place_of_the_article():
    assert run(place_swap, 7) == "Some residents fled to Niamey after the coup."
    assert run(place_swap, 6) is None


def test_date_swap_changes_the_weekday():
    assert run(date_swap, 0) == ("Soldiers led by General Abdourahamane Tchiani ousted President Mohamed Bazoum in "
                                 "Niamey on Friday.")
    assert date_swap("The coup was in July 2023.", CONTEXT, random.Random(1)) == "The coup was in November 2023."


def test_negation_added_after_an_auxiliary_or_as_never():
    assert run(add_negation, 3) == "Volunteers in Niamey are not ready to fight for the junta, Amsarou Bako said."
    assert run(add_negation, 4) == "The junta never closed the airspace because of the threat of intervention."
    assert run(add_negation, 5) is None  # already negated


def test_negation_dropped():
    assert run(drop_negation, 5) == "The junta is directly involved in the recruitment."
    assert drop_negation("The deadline passed without any change.", CONTEXT, random.Random(0)) == \
        "The deadline passed with any change."
    assert run(drop_negation, 0) is None


def test_number_change():
    assert run(number_change, 2) == "According to Reuters, about 47 trucks brought troops to Niamey."
    assert number_change("Tens of thousands joined.", CONTEXT, random.Random(0)) == "Tens of millions joined."
    assert number_change("It began in 2023.", CONTEXT, random.Random(0)) is None  # years are dates


def test_relation_inversion_by_antonym_and_by_role_swap():
    assert run(antonym_swap, 3) == "Volunteers in Niamey are ready to fight against the junta, Amsarou Bako said."
    assert run(antonym_swap, 6) == "Mali and Burkina Faso oppose the junta."
    assert run(role_swap, 1) == "The junta imposed sanctions on Niger and threatened ECOWAS with military intervention."
    assert run(role_swap, 0) == ("Soldiers led by General Mohamed Bazoum ousted President Abdourahamane Tchiani in "
                                 "Niamey on Wednesday.")


def test_source_swap():
    assert run(source_swap, 2) == "According to ECOWAS, about 40 trucks brought troops to Niamey."
    assert run(source_swap, 3) == "Volunteers in Niamey are ready to fight for the junta, Mohamed Bazoum said."
    assert run(source_swap, 6) is None


def test_cause_swap_replaces_or_adds_a_cause():
    assert run(cause_swap, 4) == "The junta closed the airspace because of the coup."
    assert run(cause_swap, 6) == "Mali and Burkina Faso back the junta because of the threat of intervention."


def test_every_corruption_changes_the_text_and_is_seeded():
    for name, corrupt in CORRUPTIONS.items():
        for sentence in ARTICLE:
            first = corrupt(sentence, CONTEXT, random.Random(3))
            assert first == corrupt(sentence, CONTEXT, random.Random(3)), name
            assert first != sentence, name


def test_paraphrases():
    assert run(move_attribution, 2) == "About 40 trucks brought troops to Niamey, according to Reuters."
    assert run(move_attribution, 3) == "Amsarou Bako said that volunteers in Niamey are ready to fight for the junta."
    assert move_leading_phrase("In response, ECOWAS activated a standby force.", CONTEXT, random.Random(0)) == \
        "ECOWAS activated a standby force in response."
    assert compress("Bako, one of the founders, said it.", CONTEXT, random.Random(0)) == "Bako, said it."
    assert compress("The junta closed the airspace of Niger, citing the threat of intervention.", CONTEXT,
                    random.Random(0)) == "The junta closed the airspace of Niger."
    assert run(synonyms, 4) == "The junta closed the airspace because of the danger of intervention."
    assert passive("ECOWAS imposed the sanctions.", CONTEXT, random.Random(0)) == \
        "The sanctions were imposed by ECOWAS."
    assert run(merge_with_neighbour, 5) == ("The junta is not directly involved in the recruitment, and Mali and "
                                            "Burkina Faso back the junta.")


@pytest.mark.parametrize("index", range(len(ARTICLE)))
def test_paraphrases_keep_negations_numbers_and_names(index):
    from research.faithfulness.paraphrases import PARAPHRASES
    from research.faithfulness.spans import negations, numbers

    for name, rewrite in PARAPHRASES.items():
        text = rewrite(ARTICLE[index], CONTEXT, random.Random(0))
        if text and name != "merge":
            assert negations(text) == negations(ARTICLE[index]), name
            assert numbers(text) == numbers(ARTICLE[index]), name
