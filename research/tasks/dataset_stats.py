"""The dataset statistics experiment: per-article counts after cleaning."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from research.config import ExperimentConfig
from research.data.config import DataConfig
from research.data.loader import article_rows
from research.data.sources import corpus_fingerprint
from research.tables import Table
from research.tasks import RunContext, Task, TaskOutput

COLUMNS = ["article", "title", "date", "paragraphs", "sentences", "words", "removed_lines", "group"]


class DatasetStatsConfig(ExperimentConfig):
    experiment: Literal["dataset_stats"]
    data: DataConfig = DataConfig()
    table: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = "dataset"


def run(config: DatasetStatsConfig, context: RunContext) -> TaskOutput:
    articles = article_rows(config.data.source, config.data.near_duplicate_threshold, progress=context.progress)
    stats = [
        {
            "article": a["id"],
            "title": a["title"],
            "date": a["date"],
            "paragraphs": len(a["paragraphs"]),
            "sentences": len(a["sentences"]),
            "words": a["n_words"],
            "removed_lines": len(a["removed"]),
            "group": a["group"],
        }
        for a in sorted(articles, key=lambda a: a["id"])
    ]
    totals = {key: sum(s[key] for s in stats) for key in ("paragraphs", "sentences", "words", "removed_lines")}
    n_groups = len({s["group"] for s in stats})
    rows = [[s[c] for c in COLUMNS] for s in stats]
    rows.append(["total", "", "", totals["paragraphs"], totals["sentences"], totals["words"],
                 totals["removed_lines"], f"{n_groups} groups"])
    table = Table(
        title="Dataset statistics",
        columns=COLUMNS,
        rows=rows,
        notes=[
            f"source: {config.data.source}; words are whitespace tokens of the cleaned body (title excluded).",
            "removed_lines: lines (or inline prefixes) dropped by the cleaning rules; see the dataset card.",
            f"group: near-duplicate cluster (word 3-gram containment >= {config.data.near_duplicate_threshold}).",
        ],
    )
    context.logger.info("%d articles, %d paragraphs, %d groups", len(stats), totals["paragraphs"], n_groups)
    metrics = {"articles": len(stats), "groups": n_groups, **totals}
    return TaskOutput(
        tables={config.table: table}, metrics=metrics, predictions=stats,
        input_hash=corpus_fingerprint(articles),
    )


TASK = Task("dataset_stats", DatasetStatsConfig, run)
