import pytest

from research.evaluation.semantic import semantic_similarity


def test_cosine_with_minilm():
    summary = "Niger's junta closed the country's airspace."
    paraphrase = "The military rulers of Niger shut its airspace."
    unrelated = "Bake the bread for forty minutes at a high temperature."
    same, mixed = semantic_similarity([summary, summary], [[summary], [paraphrase, unrelated]])
    assert same.best == pytest.approx(1.0, abs=1e-5) and same.mean == pytest.approx(1.0, abs=1e-5)
    paraphrase_score, = semantic_similarity([summary], [[paraphrase]])
    unrelated_score, = semantic_similarity([summary], [[unrelated]])
    assert paraphrase_score.best > 0.6 > 0.2 > unrelated_score.best
    assert mixed.best == pytest.approx(paraphrase_score.best, abs=1e-5)
    assert mixed.mean == pytest.approx((paraphrase_score.best + unrelated_score.best) / 2, abs=1e-5)


def test_every_summary_needs_references():
    with pytest.raises(ValueError, match=r"^semantic_similarity: 1 summaries but 0 reference lists$"):
        semantic_similarity(["a"], [])
