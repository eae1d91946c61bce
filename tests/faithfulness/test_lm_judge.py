import math

import pytest

from research.errors import UserError
from research.faithfulness import build_checker
from research.faithfulness.lm_judge import NO, YES, answer_logprobs, yes_probability

SOURCE = ("Volunteers in Niamey are registering to defend the junta against a possible ECOWAS intervention.\n\n"
          "ECOWAS threatened to use force unless the junta reinstates President Bazoum.\n\n"
          "The junta closed Niger's airspace because of the threat of military intervention.")


def test_yes_probability_normalises_yes_against_no():
    assert yes_probability([math.log(0.3), math.log(0.1), math.log(0.1), -1000.0], 2) == pytest.approx(0.8)
    assert yes_probability([-1000.0, -1000.0, -1.0, -2.0], 2) == pytest.approx(0.0)


@pytest.mark.parametrize("options, message", [
    ({"k": 0}, r"lm_judge: k must be an integer >= 1, got 0"),
    ({"prompt": "Is {claim} true?"}, r"lm_judge: prompt must use exactly \{evidence\} and \{claim\}, got \['claim'\]"),
    ({"threshold": 2}, r"lm_judge: threshold must be a number in \[0, 1\], got 2"),
    ({"backend": "onnx"}, r"lm_judge: backend must be one of transformers, llama_cpp, got 'onnx'"),
])
def test_options_are_validated_by_name(options, message):
    with pytest.raises(UserError, match=message):
        build_checker("lm_judge", **options)


def test_answer_logprobs_are_a_distribution_over_next_tokens():
    messages = [{"role": "user", "content": "Is Paris in France? Answer with yes or no."}]
    logprobs = answer_logprobs(messages, YES + NO)
    assert all(v < 0 for v in logprobs)
    assert sum(math.exp(v) for v in logprobs) <= 1.0 + 1e-6  # four distinct next tokens of one distribution
    assert answer_logprobs(messages, YES + NO) == logprobs  # deterministic (and cached)


def test_scores_are_probabilities_and_true_sentences_rank_above_false_ones():
    checker = build_checker("lm_judge")
    claims = ["The junta closed Niger's airspace because of the threat of military intervention.",
              "The junta opened Niger's airspace to welcome ECOWAS troops.",
              "ECOWAS threatened to use force unless the junta reinstates President Bazoum.",
              "ECOWAS promised never to use force against the junta."]
    verdicts = checker.check(SOURCE, claims)
    assert all(0.0 <= v.score <= 1.0 for v in verdicts)
    assert verdicts[0].score > verdicts[1].score
    assert verdicts[2].score > verdicts[3].score
    assert verdicts[0].evidence[0] == claims[0]  # the most similar source sentence comes first
    assert len(verdicts[0].evidence) == 3
