"""Property-based tests: bounded metrics stay in [0, 1]; ROUGE of a text against itself is 1."""

from hypothesis import given, settings
from hypothesis import strategies as st

from research.evaluation.classification import classification_scores
from research.evaluation.faithfulness import faithfulness
from research.evaluation.rouge import ROUGE_TYPES, rouge

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", min_size=1, max_size=8)
SENTENCE = st.lists(WORD, min_size=2, max_size=12).map(lambda words: " ".join(words) + ".")  # a bigram
TEXT = st.lists(SENTENCE, min_size=1, max_size=5).map(" ".join)
ANY_TEXT = st.one_of(TEXT, st.text(max_size=200))


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_rouge_of_a_text_against_itself_is_one(text):
    result = rouge(text, [text])
    for kind in ROUGE_TYPES:
        assert result.best[kind].f1 == 1.0 and result.mean[kind].f1 == 1.0


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT, st.lists(ANY_TEXT, min_size=1, max_size=3))
def test_rouge_stays_in_unit_interval(summary, references):
    for value in rouge(summary, references).flat().values():
        assert 0.0 <= value <= 1.0


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_faithfulness_ratios_stay_in_unit_interval(summary, source):
    scores = faithfulness(summary, source)
    for value in (scores.invented_number_rate, scores.invented_name_rate, scores.novel_1, scores.novel_2,
                  scores.novel_3, scores.coverage):
        assert value is None or 0.0 <= value <= 1.0
    assert scores.density >= 0.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=1, max_size=30))
def test_classification_scores_stay_in_unit_interval(pairs):
    gold, predicted = map(list, zip(*pairs))
    scores = classification_scores(gold, predicted)
    assert 0.0 <= scores.macro_f1 <= 1.0 and 0.0 <= scores.accuracy <= 1.0
