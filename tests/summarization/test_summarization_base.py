import pytest

from research.code_keys import closure_distributions, source_closure_sha256
from research.provenance import package_versions
from research.summarization import Budget, build_summarizer, get_system, system_names
from research.summarization.base import validate_params
from research.summarization.budget import drop_unfinished, fit_budget, select_sentences
from research.text.sentences import text_sentences
from research.summarization.registry import validate_system

SENTENCES = ["One two three.", "Four five.", "Six seven eight nine ten.", "Eleven."]


def test_registry_lists_every_system():
    assert system_names() == ["chat_lm", "embedding_centroid", "extract_then_rewrite", "lead", "learned", "lexrank",
                              "oracle", "random", "seq2seq", "textrank", "verified"]
    needs = {"seq2seq": {"model": "m"}, "learned": {"budget": {"sentences": 3}}}  # a model; a sentence budget
    for name in system_names():
        cls = get_system(name)
        assert cls.name == name and cls(**needs.get(name, {})).params.name == name


def test_unknown_system_is_one_line_with_choices():
    with pytest.raises(ValueError) as error:
        get_system("textrnk")
    assert str(error.value) == (
        "unknown system \"textrnk\" (did you mean 'textrank'?) (choose from: chat_lm, embedding_centroid, "
        "extract_then_rewrite, lead, learned, lexrank, oracle, random, seq2seq, textrank, verified)")


@pytest.mark.parametrize("params, message", [
    ({"damping": 1.5}, "TextRank: parameter 'damping': input should be less than 1, got number 1.5"),
    ({"damping": "high"}, "TextRank: parameter 'damping': input should be a valid number, got string \"high\""),
    ({"stemming": "yes"}, "TextRank: parameter 'stemming': input should be a valid boolean, got string \"yes\""),
    ({"dampin": 0.5}, "unknown parameter 'dampin' for system 'textrank' (did you mean 'damping'?) "
                      "(parameters: stop_words, stemming, damping)"),
])
def test_constructor_parameters_are_validated_in_one_place(params, message):
    with pytest.raises(ValueError) as error:
        get_system("textrank")(**params)
    assert str(error.value) == message


def test_parameters_are_stored_and_defaults_resolved():
    summarizer = get_system("textrank")(damping=0.5, budget={"sentences": 2})
    assert summarizer.params.model_dump() == {"name": "textrank", "damping": 0.5, "stop_words": True,
                                              "stemming": True}
    assert summarizer.budget == Budget(sentences=2)
    assert repr(summarizer) == "TextRank(stop_words=True, stemming=True, damping=0.5, budget='2 sentences')"


def test_validate_params_returns_the_model():
    params = validate_params(get_system("lexrank"), {"threshold": 0.2})
    assert params.threshold == 0.2 and params.name == "lexrank"


def test_budget_defaults_to_60_words_and_takes_one_unit():
    assert Budget().words == 60 and Budget().sentences is None
    assert Budget(sentences=3).describe() == "3 sentences"
    assert Budget(sentences=1).describe() == "1 sentence"
    assert Budget(words=75).describe() == "75 words"
    with pytest.raises(ValueError, match="give either 'words' or 'sentences', not both"):
        Budget(words=10, sentences=2)
    with pytest.raises(ValueError) as error:
        get_system("lead")(budget={"words": 0})
    assert str(error.value) == "Lead: budget: parameter 'words': input should be greater than 0, got integer 0"


def test_split_text_reproduces_the_loader_sentences(articles):
    for article in articles:
        assert text_sentences(article["text"]) == article["sentences"]
    assert text_sentences("First line\nsame paragraph. Next one.\n\nNew paragraph.") == [
        "First line same paragraph.", "Next one.", "New paragraph."]


@pytest.mark.parametrize("budget, ranking, skip, expected", [
    (Budget(sentences=2), [2, 0, 1, 3], True, "One two three. Six seven eight nine ten."),
    (Budget(words=6), [2, 0, 1, 3], True, "Six seven eight nine ten. Eleven."),  # skips what overflows
    (Budget(words=6), [0, 2, 1, 3], True, "One two three. Four five. Eleven."),
    (Budget(words=6), [0, 2, 1, 3], False, "One two three."),  # stops at the first overflow (lead)
    (Budget(words=3), [2, 0], True, "One two three."),
    (Budget(words=2), [2, 0], True, "Six seven"),  # nothing fits: the best sentence cut to the budget
])
def test_select_sentences(budget, ranking, skip, expected):
    assert select_sentences(SENTENCES, ranking, budget, skip=skip) == expected


def test_fit_budget_cuts_generated_text_at_sentence_boundaries():
    text = "One two three. Four five six. Seven."
    assert fit_budget(text, Budget(words=6)) == "One two three. Four five six."
    assert fit_budget(text, Budget(words=5)) == "One two three."
    assert fit_budget(text, Budget(words=2)) == "One two"
    assert fit_budget(text, Budget(sentences=1)) == "One two three."


def test_drop_unfinished_removes_a_cut_off_last_sentence():
    assert drop_unfinished("Niger closed its border. The junta said it would") == "Niger closed its border."
    assert drop_unfinished("Only a fragment without end") == "Only a fragment without end"
    assert drop_unfinished('He said "no." Then left!') == 'He said "no." Then left!'


def test_build_summarizer_from_a_config_section():
    params = validate_system({"name": "lexrank", "threshold": 0.3})
    summarizer = build_summarizer(params, {"words": 40})
    assert type(summarizer).__name__ == "LexRank" and summarizer.params.threshold == 0.3
    assert summarizer.budget.words == 40


def test_summarize_rejects_empty_texts():
    with pytest.raises(ValueError, match="text 1 is empty or not a string"):
        get_system("lead")().summarize(["Fine.", "  "])


def test_cache_identity_names_everything_but_the_text():
    identity = get_system("random")(budget={"words": 30}).cache_identity()
    assert identity == {"config": {"system": "random", "params": {"name": "random"},
                                   "budget": {"words": 30, "sentences": None}, "seed": 0, "runtime": {}},
                        "inputs": {"fingerprint": {}},
                        "code": source_closure_sha256(["research.summarization.random_baseline"]),
                        "versions": package_versions(tuple(closure_distributions(["research.summarization.random_baseline"])))}
    # derived: the libraries the closure imports and what they require (the sentence splitter's pysbd among them)
    assert "pysbd" in identity["versions"] and "numpy" in identity["versions"]
    assert get_system("lead")().cache_identity()["config"]["seed"] is None  # declared deterministic

