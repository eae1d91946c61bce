"""Read and pair the JSONL files of ``research evaluate``; every problem is one DataError line naming file:line.

Summarization: references ``{"id", "summaries": [str, ...]}``, predictions ``{"id", "summary"}``.
Classification: references ``{"id", "label"}``, predictions ``{"id", "label"}`` (labels are strings or integers).
Both files must hold the same ids, each once; blank lines are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from research.jsonl import label_field, pair_by_id, read_objects, text_field, texts_field


@dataclass(frozen=True)
class SummaryItem:
    id: str
    summary: str
    references: list[str]


@dataclass(frozen=True)
class LabelItem:
    id: str
    gold: str
    predicted: str


def read_summarization(references: Path | str, predictions: Path | str) -> list[SummaryItem]:
    refs, preds = read_objects(references), read_objects(predictions)
    summaries = {r.row["id"]: texts_field(r, "summaries") for r in refs}
    predicted = {p.row["id"]: text_field(p, "summary") for p in preds}
    pairs = pair_by_id(refs, preds, "reference", "prediction")
    return [SummaryItem(r.row["id"], predicted[p.row["id"]], summaries[r.row["id"]]) for r, p in pairs]


def read_classification(references: Path | str, predictions: Path | str) -> list[LabelItem]:
    refs, preds = read_objects(references), read_objects(predictions)
    gold = {r.row["id"]: label_field(r) for r in refs}
    predicted = {p.row["id"]: label_field(p) for p in preds}
    pairs = pair_by_id(refs, preds, "reference", "prediction")
    return [LabelItem(r.row["id"], gold[r.row["id"]], predicted[p.row["id"]]) for r, p in pairs]
