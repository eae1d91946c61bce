"""Read and pair the JSONL files of ``research evaluate``; every problem is one DataError line naming file:line.

Summarization: references ``{"id", "summaries": [str, ...]}``, predictions ``{"id", "summary"}``.
Classification: references ``{"id", "label"}``, predictions ``{"id", "label"}`` (labels are strings or integers).
Both files must hold the same ids, each once; blank lines are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from research.errors import DataError

from research.io import iter_json_objects
from research.io import json_type as _kind


@dataclass(frozen=True)
class Line:
    path: Path
    number: int
    row: dict

    @property
    def where(self) -> str:
        return f"{self.path}:{self.number}"


def read_jsonl_objects(path: Path | str) -> list[Line]:
    """The non-blank lines of a JSONL file, each a JSON object with a unique ``id`` (made a string)."""
    path = Path(path)
    lines: list[Line] = []
    seen: dict[str, int] = {}
    for where, row in iter_json_objects(path):
        number = int(where.rsplit(":", 1)[1])
        if "id" not in row:
            raise DataError(f"{where}: missing 'id'")
        if isinstance(row["id"], bool) or not isinstance(row["id"], (str, int)):
            raise DataError(f"{where}: 'id' must be a string or integer, got {_kind(row['id'])}")
        row_id = str(row["id"])
        if not row_id.strip():
            raise DataError(f"{where}: 'id' is empty")
        if row_id in seen:
            raise DataError(f"{where}: duplicate id '{row_id}' (first on line {seen[row_id]})")
        seen[row_id] = number
        lines.append(Line(path, number, {**row, "id": row_id}))
    if not lines:
        raise DataError(f"{path}: no JSON lines")
    return lines


def _text(line: Line, key: str) -> str:
    if key not in line.row:
        raise DataError(f"{line.where}: missing '{key}'")
    value = line.row[key]
    if not isinstance(value, str):
        raise DataError(f"{line.where}: '{key}' must be a string, got {_kind(value)}")
    if not value.strip():
        raise DataError(f"{line.where}: '{key}' is empty")
    return value


def _texts(line: Line, key: str) -> list[str]:
    if key not in line.row:
        raise DataError(f"{line.where}: missing '{key}'")
    values = line.row[key]
    if not isinstance(values, list):
        raise DataError(f"{line.where}: '{key}' must be a list of strings, got {_kind(values)}")
    if not values:
        raise DataError(f"{line.where}: '{key}' is an empty list")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise DataError(f"{line.where}: '{key}'[{index}] must be a string, got {_kind(value)}")
        if not value.strip():
            raise DataError(f"{line.where}: '{key}'[{index}] is empty")
    return values


def _label(line: Line) -> str:
    if "label" not in line.row:
        raise DataError(f"{line.where}: missing 'label'")
    value = line.row["label"]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DataError(f"{line.where}: 'label' must be a string or integer, got {_kind(value)}")
    if not str(value).strip():
        raise DataError(f"{line.where}: 'label' is empty")
    return str(value)


def pair_by_id(first: list[Line], second: list[Line], first_kind: str, second_kind: str) -> list[tuple[Line, Line]]:
    """(first, second) line pairs in ``first``'s order; the ids must match one to one. A DataError names the
    line of the first unmatched id, e.g. ``p.jsonl:3: key 'id': 'c' has no reference in r.jsonl``."""
    by_id = {line.row["id"]: line for line in first}
    for line in second:
        if line.row["id"] not in by_id:
            raise DataError(f"{line.where}: key 'id': '{line.row['id']}' has no {first_kind} in {first[0].path}")
    matched = {line.row["id"]: line for line in second}
    missing = [line for line in first if line.row["id"] not in matched]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise DataError(f"{missing[0].where}: key 'id': '{missing[0].row['id']}' has no {second_kind} in "
                        f"{second[0].path}{more}")
    return [(line, matched[line.row["id"]]) for line in first]


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
    refs, preds = read_jsonl_objects(references), read_jsonl_objects(predictions)
    summaries = {r.row["id"]: _texts(r, "summaries") for r in refs}
    predicted = {p.row["id"]: _text(p, "summary") for p in preds}
    pairs = pair_by_id(refs, preds, "reference", "prediction")
    return [SummaryItem(r.row["id"], predicted[p.row["id"]], summaries[r.row["id"]]) for r, p in pairs]


def read_classification(references: Path | str, predictions: Path | str) -> list[LabelItem]:
    refs, preds = read_jsonl_objects(references), read_jsonl_objects(predictions)
    gold = {r.row["id"]: _label(r) for r in refs}
    predicted = {p.row["id"]: _label(p) for p in preds}
    pairs = pair_by_id(refs, preds, "reference", "prediction")
    return [LabelItem(r.row["id"], gold[r.row["id"]], predicted[p.row["id"]]) for r, p in pairs]
