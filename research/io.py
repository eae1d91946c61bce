"""File writing that never leaves a half-written file behind, and the helpers every reader shares
(UTF-8 decoding, JSON type names, output path checks)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from research.errors import DataError, UserError


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
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text (byte offset {exc.start})") from None


def check_output_path(output: Path, *inputs: Path) -> None:
    """An output must go to an existing folder and never overwrite an input."""
    output = Path(output)
    if not output.parent.resolve().is_dir():
        raise UserError(f"{output}: folder '{output.parent}' does not exist")
    if output.is_dir():
        raise UserError(f"{output}: is a folder, expected a file path")
    for source in inputs:
        if Path(source).resolve() == output.resolve():
            raise UserError(f"{output}: output path is the same as the input")
