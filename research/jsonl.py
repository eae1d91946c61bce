"""The one JSONL input path: lines as data (file, line number, object), id checks, field checks, pairing by id.

Every reader of a user's or the corpus's JSONL goes through ``read_lines``:
a missing file, a folder, bytes that are not UTF-8, an over-long line,
invalid JSON or a line that is not an object is a DataError naming the file
and line. A byte-order mark and CRLF line ends are accepted; blank lines are
skipped. Ids are checked in one place (``line_id``), with one wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from research.errors import DataError
from research.io import DEFAULT_MAX_LINE_BYTES, json_type, read_utf8


@dataclass(frozen=True)
class Line:
    path: Path
    number: int  # 1-based
    row: dict

    @property
    def where(self) -> str:
        return f"{self.path}:{self.number}"


def read_lines(path: Path | str, max_line_bytes: int | None = None,
               problems: list[str] | None = None) -> Iterator[Line]:
    """Each non-blank line of a JSONL file as a ``Line`` holding a JSON object.

    With ``problems`` (a list), a line that is not a JSON object is recorded there and skipped, so a
    validator can report every bad line at once; otherwise the first problem is raised.
    """
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder, expected a JSONL file")
    if not path.is_file():
        raise DataError(f"{path}: no such input file")
    text = read_utf8(path)
    # Only "\n" ends a line ("\r\n" too, via removesuffix): str.splitlines would also split inside a
    # JSON string holding a raw U+2028 or U+0085, which JSON allows unescaped.
    lines = text.split("\n")  # a final "\n" leaves an empty last item: a blank line, skipped below
    for number, line in enumerate((line.removesuffix("\r") for line in lines), start=1):
        where = f"{path}:{number}"
        if max_line_bytes is not None and len(line.encode("utf-8")) > max_line_bytes:
            raise DataError(f"{where}: line longer than {max_line_bytes} bytes")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            problem = None if isinstance(row, dict) else f"{where}: expected a JSON object, got {json_type(row)}"
        except json.JSONDecodeError as exc:
            problem = f"{where}: invalid JSON ({exc.msg})"
        if problem is None:
            yield Line(path, number, row)
        elif problems is None:
            raise DataError(problem)
        else:
            problems.append(problem)


def line_id(line: Line, seen: dict[str, int], default: str | None = None) -> str:
    """The line's ``id`` as a string (``default`` when absent, if given), recorded in ``seen`` (id -> line)."""
    if "id" not in line.row and default is None:
        raise DataError(f"{line.where}: missing 'id'")
    value = line.row.get("id", default)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DataError(f"{line.where}: 'id' must be a string or integer, got {json_type(value)}")
    row_id = str(value)
    if not row_id.strip():
        raise DataError(f"{line.where}: 'id' is empty")
    if row_id in seen:
        raise DataError(f"{line.where}: duplicate id '{row_id}' (first on line {seen[row_id]})")
    seen[row_id] = line.number
    return row_id


def read_objects(path: Path | str, max_line_bytes: int | None = None, ids: str = "required") -> list[Line]:
    """The lines of a JSONL file, each with a unique string ``id`` (``ids="line"``: the line number when absent)."""
    if ids not in ("required", "line"):
        raise ValueError(f"ids must be 'required' or 'line', got {ids!r}")
    seen: dict[str, int] = {}
    lines = [Line(line.path, line.number, {**line.row, "id": line_id(line, seen, str(line.number) if ids == "line"
                                                                     else None)})
             for line in read_lines(path, max_line_bytes)]
    if not lines:
        raise DataError(f"{path}: no input lines")
    return lines


def text_field(line: Line, key: str) -> str:
    """A non-empty string field."""
    if key not in line.row:
        raise DataError(f"{line.where}: missing '{key}'")
    value = line.row[key]
    if not isinstance(value, str):
        raise DataError(f"{line.where}: '{key}' must be a string, got {json_type(value)}")
    if not value.strip():
        raise DataError(f"{line.where}: '{key}' is empty")
    return value


def texts_field(line: Line, key: str) -> list[str]:
    """A non-empty list of non-empty strings."""
    if key not in line.row:
        raise DataError(f"{line.where}: missing '{key}'")
    values = line.row[key]
    if not isinstance(values, list):
        raise DataError(f"{line.where}: '{key}' must be a list of strings, got {json_type(values)}")
    if not values:
        raise DataError(f"{line.where}: '{key}' is an empty list")
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise DataError(f"{line.where}: '{key}'[{index}] must be a string, got {json_type(value)}")
        if not value.strip():
            raise DataError(f"{line.where}: '{key}'[{index}] is empty")
    return values


def label_field(line: Line) -> str:
    """A non-empty ``label``, a string or an integer, as a string."""
    if "label" not in line.row:
        raise DataError(f"{line.where}: missing 'label'")
    value = line.row["label"]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DataError(f"{line.where}: 'label' must be a string or integer, got {json_type(value)}")
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


def read_text_inputs(path: Path | str, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[dict]:
    """Rows of a user's JSONL input, each with a non-empty string ``text`` and an ``id`` (default: the line
    number, as a string). Any problem is a DataError naming the file and line."""
    lines = read_objects(path, max_line_bytes, ids="line")
    for line in lines:
        text_field(line, "text")
    return [line.row for line in lines]
