"""File writing that never leaves a half-written file behind."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the file normal permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_jsonl(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def dumps_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


DEFAULT_MAX_LINE_BYTES = 1_000_000

JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number",
              bool: "boolean", type(None): "null"}


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for error messages."""
    return JSON_TYPES.get(type(value), type(value).__name__)


def read_utf8(path: Path) -> str:
    """A text file as UTF-8, with an optional byte-order mark dropped (as Windows editors write it).

    Other encodings are a DataError naming the file, line and byte offset of the first bad byte.
    """
    from research.errors import DataError

    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text (byte offset {exc.start})") from None


def iter_json_objects(path: Path, max_line_bytes: int | None = None) -> Iterator[tuple[str, dict]]:
    """``(file:line, object)`` for each non-blank line of a JSONL file.

    The one JSONL reader of the package: a missing file, a folder, bytes that
    are not UTF-8, an over-long line, invalid JSON or a line that is not an
    object is a DataError naming the file and line. A byte-order mark and
    CRLF line ends are accepted.
    """
    from research.errors import DataError

    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: is a folder, expected a JSONL file")
    if not path.is_file():
        raise DataError(f"{path}: no such input file")
    text = read_utf8(path)
    # Only "\n" ends a line ("\r\n" too, via removesuffix): str.splitlines would also split inside a
    # JSON string holding a raw U+2028 or U+0085, which JSON allows unescaped.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate((line.removesuffix("\r") for line in lines), start=1):
        where = f"{path}:{number}"
        if max_line_bytes is not None and len(line.encode("utf-8")) > max_line_bytes:
            raise DataError(f"{where}: line longer than {max_line_bytes} bytes")
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DataError(f"{where}: expected a JSON object, got {json_type(row)}")
        yield where, row


def read_text_inputs(path: Path, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[dict]:
    """Rows of a user's JSONL input, each with a non-empty string ``text`` and an ``id``.

    ``id`` defaults to the 1-based line number as a string. Any problem is a
    DataError naming the file and line.
    """
    from research.errors import DataError

    rows: list[dict] = []
    seen: set[str] = set()
    for where, row in iter_json_objects(path, max_line_bytes):
        if "text" not in row:
            raise DataError(f"{where}: missing 'text'")
        if not isinstance(row["text"], str):
            raise DataError(f"{where}: 'text' must be a string, got {json_type(row['text'])}")
        if not row["text"].strip():
            raise DataError(f"{where}: 'text' is empty")
        row_id = row.get("id", where.rsplit(":", 1)[1])
        if not isinstance(row_id, (str, int)) or isinstance(row_id, bool):
            raise DataError(f"{where}: 'id' must be a string or integer")
        row_id = str(row_id)
        if row_id in seen:
            raise DataError(f"{where}: duplicate id '{row_id}'")
        seen.add(row_id)
        rows.append({**row, "id": row_id})
    if not rows:
        raise DataError(f"{path}: no input lines")
    return rows


def check_output_path(output: Path, *inputs: Path) -> None:
    """An output must go to an existing folder and never overwrite an input."""
    from research.errors import UserError

    output = Path(output)
    if not output.parent.resolve().is_dir():
        raise UserError(f"{output}: folder '{output.parent}' does not exist")
    if output.is_dir():
        raise UserError(f"{output}: is a folder, expected a file path")
    for source in inputs:
        if Path(source).resolve() == output.resolve():
            raise UserError(f"{output}: output path is the same as the input")
