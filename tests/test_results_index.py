"""results/README.md: the index `research reproduce` writes from the tables and figures it produced."""

import pytest

from research.errors import ConfigError
from research.paths import CONFIGS, PROJECT_ROOT
from research.reproduce import generate, results_index
from research.runs import RunRecord
from research.tables import Table
from research.tasks import TaskOutput


def test_index_lists_every_table_and_figure_with_its_config():
    output = TaskOutput(
        tables={"b_table": Table("Second | table", ["x"], []), "a_table": Table("First table", ["x"], [])},
        metrics={}, figures={"plot": b"png", "bare": b"png"}, captions={"plot": "A plot of things"})
    text = results_index([(PROJECT_ROOT / "configs" / "x.yaml", output)])
    assert text.startswith("# Results\n\nEvery file here is written by `research reproduce`")
    assert text.endswith(
        "| file | what it shows | config |\n| --- | --- | --- |\n"
        "| [a_table.md](a_table.md), [a_table.csv](a_table.csv) | First table | `configs/x.yaml` |\n"
        "| [b_table.md](b_table.md), [b_table.csv](b_table.csv) | Second / table | `configs/x.yaml` |\n"
        "| [figures/bare.png](figures/bare.png) | bare | `configs/x.yaml` |\n"
        "| [figures/plot.png](figures/plot.png) | A plot of things | `configs/x.yaml` |\n")


def test_generate_writes_the_index(tmp_path):
    names = generate(tmp_path / "results", tmp_path / "experiments", progress=False,
                     configs=[CONFIGS / "dataset-stats.yaml"])
    assert names == {"README.md", "dataset.md", "dataset.csv"}
    assert "| [dataset.md](dataset.md), [dataset.csv](dataset.csv) | Dataset statistics | " \
           "`configs/dataset-stats.yaml` |" in (tmp_path / "results" / "README.md").read_text()


def test_a_table_named_readme_is_refused(tmp_path, monkeypatch):
    output = TaskOutput(tables={"README": Table("Clash", ["x"], [])}, metrics={})
    monkeypatch.setattr("research.reproduce.run_experiment",
                        lambda config, **kwargs: RunRecord("clash", tmp_path, output))
    config = CONFIGS / "dataset-stats.yaml"
    with pytest.raises(ConfigError) as info:
        generate(tmp_path / "results", tmp_path / "experiments", progress=False, configs=[config])
    assert str(info.value) == f"{config}: 'README.md' is also written by the results index"


def test_the_index_header_is_the_committed_one_and_outside_configs_keep_their_path(tmp_path):
    from research.paths import RESULTS

    output = TaskOutput(tables={}, metrics={}, figures={"p": b"png"}, captions={"p": "left | right"})
    outside = tmp_path / "mine.yaml"
    text = results_index([(outside, output)])
    committed = (RESULTS / "README.md").read_text(encoding="utf-8")
    header = committed[: committed.index("| file | what it shows | config |")]
    assert text.startswith(header) and header.count("\n") == 7
    assert text.endswith(f"| [figures/p.png](figures/p.png) | left / right | `{outside.as_posix()}` |\n")
