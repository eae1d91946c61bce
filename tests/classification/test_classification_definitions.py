import pytest

from research.classification.definitions import GUIDELINES, label_definitions
from research.data import TOPICS
from research.errors import DataError


def test_definitions_come_from_the_guidelines_in_topic_order():
    definitions = label_definitions()
    assert tuple(definitions) == TOPICS
    assert definitions["jihadist_insurgency"] == (
        "armed Islamist groups, their attacks and casualties, and the counter-insurgency against them.")
    assert definitions["regional_intervention"].startswith("ECOWAS and neighbouring African states acting on")


def test_missing_definition_is_named(tmp_path):
    text = GUIDELINES.read_text(encoding="utf-8").replace("6. `public_reaction`:", "6. public_reaction:")
    path = tmp_path / "guidelines.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        label_definitions(path)
    assert str(error.value) == f"{path}: no definition line for public_reaction (expected '1. `public_reaction`: ...')"


def test_second_definition_is_an_error(tmp_path):
    path = tmp_path / "guidelines.md"
    lines = [f"{i}. `{t}`: about {t}" for i, t in enumerate(TOPICS, start=1)] + ["7. `coup_and_junta`: again"]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as error:
        label_definitions(path)
    assert str(error.value) == f"{path}:7: second definition of 'coup_and_junta'"


def test_unreadable_guidelines(tmp_path):
    with pytest.raises(DataError) as error:
        label_definitions(tmp_path / "nowhere.md")
    assert str(error.value) == f"{tmp_path / 'nowhere.md'}: cannot read the annotation guidelines"
