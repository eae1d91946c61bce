"""Exact verdicts of the model-based checkers on small inline examples, one per error type."""

import pytest

from research.faithfulness import build_checker
from research.faithfulness.relations import compare, relations

SOURCE = ("ECOWAS threatened the junta with military force. Thousands of volunteers signed up to defend the junta "
          "against a possible ECOWAS intervention.\n\nRussia sent Wagner troops to Mali in 2021, according to a "
          "report by Voice of America. The coup took place in Niamey on 26 July.")
THREAT, VOLUNTEERS, WAGNER, COUP = (s.rstrip(".") + "." for s in SOURCE.replace("\n\n", " ").split(". "))


def flags_of(sentence, evidence):
    flags = compare(sentence, [evidence])
    return {k for k in ("negation", "inversion", "stance", "attribution", "cause") if getattr(flags, k)}


@pytest.mark.parametrize("sentence, evidence, expected", [
    ("The junta threatened ECOWAS with force.", THREAT, {"inversion"}),  # who acts on whom inverted
    ("ECOWAS warned the coup leaders that it could use force.", THREAT, set()),  # its true paraphrase
    ("Thousands of volunteers signed up to fight against the junta.", VOLUNTEERS, {"stance"}),  # for -> against
    ("Thousands of people enrolled to protect the military rulers.", VOLUNTEERS, set()),
    ("Russia did not send Wagner troops to Mali.", WAGNER, {"negation"}),  # negation added
    ("Wagner troops were sent to Mali by Russia.", WAGNER, set()),  # passive paraphrase
    ("According to the Soufan Center, Russia sent Wagner troops to Mali.", WAGNER, {"attribution"}),  # wrong source
    ("According to Voice of America, Russia deployed Wagner fighters to Mali.", WAGNER, set()),
    ("The coup took place in Niamey because of ECOWAS sanctions.", COUP, {"cause"}),  # a cause never given
])
def test_relation_flags(sentence, evidence, expected):
    assert flags_of(sentence, evidence) == expected


def test_relations_turn_passives_active_and_keep_role_prepositions():
    (rel,) = [r for r in relations("Wagner troops were sent to Mali by Russia.") if r.predicate == "send"]
    assert (rel.subject, rel.object, rel.negated, rel.roles) == ("Russia", "Wagner troops", False, (("to", "Mali"),))


def test_relations_checker_scores_flags():
    verdicts = build_checker("relations").check(SOURCE, ["The junta threatened ECOWAS with force.",
                                                         "ECOWAS threatened the military rulers with force."])
    assert [(v.score, v.supported) for v in verdicts] == [(0.5, False), (1.0, True)]
    assert verdicts[0].evidence[0] == "ECOWAS threatened the junta with military force."


@pytest.mark.parametrize("sentence, supported", [
    ("Russia sent Wagner troops to Mali in 2019.", False),  # time
    ("Russia sent 300 Wagner troops to Mali.", False),  # number
    ("The coup took place in Dakar.", False),  # place
    ("Turkey sent Wagner troops to Mali.", False),  # entity not in the article
    ("In 2021 Russia sent Wagner fighters to Mali.", True),
    ("The coup happened in Niamey on 26 July.", True),
])
def test_entity_precision(sentence, supported):
    (verdict,) = build_checker("entities").check(SOURCE, [sentence])
    assert verdict.supported is supported


def test_alignment_finds_the_window_and_rejects_an_unrelated_claim():
    checker = build_checker("alignment")
    related, unrelated = checker.check(SOURCE, ["Volunteers signed up to defend the junta against ECOWAS.",
                                                "China opened a new railway line in Kenya."])
    assert related.supported and not unrelated.supported
    assert related.evidence[0] == "Thousands of volunteers signed up to defend the junta against a possible ECOWAS intervention."


def test_checker_options_are_validated():
    from research.errors import UserError

    with pytest.raises(UserError, match=r"checker 'alignment': alignment: max_window must be 1, 2 or 3, got 4"):
        build_checker("alignment", max_window=4)
    with pytest.raises(UserError, match=r"checker 'combined': combined: members must be checker names"):
        build_checker("combined", members=["nope"])
    with pytest.raises(UserError, match=r"checker 'combined': combined: copied must be true or false, got 'yes'"):
        build_checker("combined", copied="yes")


def test_combined_passes_a_sentence_the_article_holds_word_for_word(monkeypatch):
    from research.faithfulness import combined

    copied, written = "thousands of volunteers signed up to defend the junta", "Volunteers rallied for the junta."
    edited = "Thousands of volunteers signed up to fight the junta."  # one word changed: half its 4-grams copied
    doubtful = {"features": ["units"], "mean": [0.0], "scale": [1.0], "coef": [0.0], "intercept": -3.0,
                "threshold": 0.5}  # weights that doubt every sentence
    monkeypatch.setattr(combined, "shipped_weights", lambda *args: doubtful)
    ruled, plain = build_checker("combined"), build_checker("combined", copied=False)
    assert [v.score for v in ruled.check(SOURCE, [copied, written])] == [1.0, pytest.approx(0.0474, abs=1e-4)]
    assert [v.supported for v in ruled.check(SOURCE, [copied, written, edited])] == [True, False, False]
    assert not any(v.supported for v in plain.check(SOURCE, [copied, written]))


def test_no_written_claim_is_a_copy_and_no_copied_judgment_is_false():
    """Why the copied-sentence rule leaves the meta-evaluation as it was (docs/faithfulness.md says so)."""
    from research.faithfulness.combined import judgments_copied
    from research.faithfulness.judgments import read_judgments

    items = read_judgments()
    copied = judgments_copied(items)
    assert not any(c for c, j in zip(copied, items) if j.origin == "claim")
    assert all(j.supported for c, j in zip(copied, items) if c)
    assert sum(copied) >= 40  # the frozen extractive summaries' sentences: the rule has something to pass
