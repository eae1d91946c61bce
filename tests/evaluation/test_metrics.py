import pytest

from research.evaluation.metrics import SUMMARY_METRICS, Metric, metric_notes
from research.evaluation.scoring import SummaryInput, aggregate, score_articles

ROWS = [{"semantic": 0.5, "invented_numbers": 1, "numbers": 4, "words": 10},
        {"semantic": None, "invented_numbers": 0, "numbers": 0, "words": 20},
        {"semantic": 0.25, "invented_numbers": 2, "numbers": 2, "words": 30}]


def test_a_mean_metric_averages_the_articles_that_have_a_value():
    assert Metric("semantic", "semantic", "higher", "mean").system_value(ROWS) == 0.375
    assert Metric("semantic", "semantic", "higher", "mean").system_value(ROWS[1:2]) is None


def test_a_pooled_metric_divides_summed_counts():
    invented = Metric("invented_numbers", "invented numbers", "lower", "pooled", total="numbers")
    assert invented.system_value(ROWS) == 3 / 6  # not the mean of 1/4 and 2/2
    assert invented.system_value(ROWS[1:2]) is None
    assert [invented.article_cell(r) for r in ROWS] == ["1/4", "0/0", "2/2"]


def test_a_checker_metric_is_left_to_the_report():
    with pytest.raises(ValueError, match="unsupported: a 'checker' metric is computed by the report"):
        Metric("unsupported", "unsupported", "lower", "checker").system_value(ROWS)


def test_notes_join_each_group_and_fill_in_names():
    metrics = (Metric("a", "a", "higher", "mean", note="a: one.", group="g"),
               Metric("b", "b", "higher", "mean", group="g"),
               Metric("c", "c ({checker})", "lower", "checker", note="c: by '{checker}'."),
               Metric("d", "d", "neither", "mean", note="d: two.", group="g"))
    assert metric_notes(metrics, checker="x") == ["a: one. d: two.", "c: by 'x'."]


def test_every_declared_metric_is_computed_per_article_and_aggregated():
    article = "The junta closed the border on 26 July. ECOWAS met in Abuja. Niger's volunteers registered."
    rows = score_articles([SummaryInput("a", "The junta closed the border on 27 July in Paris.",
                                        ["The junta closed the border."], article)])
    summary = aggregate(rows, seed=0, n_resamples=100)
    for metric in SUMMARY_METRICS:
        if metric.aggregate != "checker":
            assert summary.values[metric.key] == metric.system_value(rows)
    # "27" is not in the article (1 of 1 numbers); of the names Paris and July, Paris is not (1 of 2)
    assert summary.values["invented_numbers"] == 1.0 and summary.values["invented_names"] == 1 / 2
    assert summary.values["words"] == 10
