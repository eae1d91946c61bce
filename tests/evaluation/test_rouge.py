import pytest

from research.evaluation.rouge import ROUGE_TYPES, one_sentence_per_line, rouge


def test_a_text_against_itself_scores_one_everywhere():
    text = "Niger's junta closed the airspace. ECOWAS imposed sanctions on Sunday."
    result = rouge(text, [text])
    for kind in ROUGE_TYPES:
        for prf in (result.best[kind], result.mean[kind]):
            assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)


def test_stemming_matches_inflected_forms():
    result = rouge("troops arrived", ["troop arrives"])
    assert result.best["rouge1"].f1 == 1.0
    assert result.best["rouge2"].f1 == 1.0


def test_lsum_scores_sentences_one_per_line_unlike_rougeL():
    summary, reference = "The army moved. The junta spoke.", "The junta spoke. The army moved."
    assert one_sentence_per_line(summary) == "The army moved.\nThe junta spoke."
    result = rouge(summary, [reference])
    assert result.best["rougeL"].f1 == 0.5  # LCS "the junta spoke" = 3 of 6 tokens
    assert result.best["rougeLsum"].f1 == 1.0  # every reference sentence is matched by a summary sentence


def test_multi_reference_is_the_best_reference_and_mean_is_the_average():
    result = rouge("the cat sat", ["the cat sat", "a dog ran"])
    assert result.best["rouge1"].f1 == 1.0
    assert result.mean["rouge1"].f1 == 0.5
    assert result.mean["rouge1"].precision == 0.5


def test_hand_computed_precision_recall():
    # 2 of the 3 summary unigrams occur among the 4 reference unigrams.
    result = rouge("the army left", ["the army stayed home"])
    assert result.best["rouge1"].precision == pytest.approx(2 / 3)
    assert result.best["rouge1"].recall == pytest.approx(2 / 4)
    assert result.best["rouge1"].f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))
    assert result.flat()["rouge2_f"] == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))


def test_references_must_not_be_empty():
    with pytest.raises(ValueError, match=r"^rouge: references must hold at least one reference, got none$"):
        rouge("text", [])


def test_equals_rouge_score_used_directly_on_the_seed_references():
    from rouge_score.rouge_scorer import RougeScorer

    from research.data import load_articles
    from research.evaluation.rouge import one_sentence_per_line

    scorer = RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    for article in load_articles():
        summary = " ".join(article["sentences"][:3])
        targets = [one_sentence_per_line(r) for r in article["summaries"]]
        prediction = one_sentence_per_line(summary)
        result = rouge(summary, list(article["summaries"]))
        best = scorer.score_multi(targets, prediction)
        each = [scorer.score(t, prediction) for t in targets]
        for kind in best:
            assert (result.best[kind].precision, result.best[kind].recall, result.best[kind].f1) == tuple(best[kind])
            assert result.mean[kind].f1 == sum(s[kind].fmeasure for s in each) / len(each)
