from research.text.sentences import split_sentences


def test_abbreviations_numbers_and_quotes():
    text = ("The U.S. sent Gen. Smith to Niamey. Nearly 2,000 people have died. "
            "He said: “It’s an eventuality. We need to be ready.” Then he left.")
    assert split_sentences(text) == [
        "The U.S. sent Gen. Smith to Niamey.",
        "Nearly 2,000 people have died.",
        "He said: “It’s an eventuality. We need to be ready.”",
        "Then he left.",
    ]


def test_single_sentence_and_empty():
    assert split_sentences("No full stop here") == ["No full stop here"]
    assert split_sentences("   ") == []
