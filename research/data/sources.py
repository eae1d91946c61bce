"""Where raw articles come from: the bundled seeds, a folder of .txt files, or a .jsonl file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from research.errors import DataError
from research.io import json_type
from research.jsonl import line_id, read_lines
from research.paths import SEEDS_RAW

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class RawDocument:
    id: str
    text: str
    sha256: str
    origin: str  # file (and line) it came from, for error messages
    title: str | None = None
    date: str | None = None


def resolve_source(source: str | Path) -> Path:
    """``"seeds"`` means the bundled articles; anything else is a path."""
    if str(source) == "seeds":
        return SEEDS_RAW
    return Path(source)


def read_documents(source: str | Path) -> list[RawDocument]:
    path = resolve_source(source)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix == ".jsonl" and path.is_file():
        return _read_jsonl(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder (source is 'seeds', a folder of .txt files or a .jsonl file)")
    raise DataError(f"{path}: unsupported source (expected a folder of .txt files or a .jsonl file)")


def _decode(data: bytes, origin: str) -> str:
    if b"\x00" in data:
        raise DataError(f"{origin}: not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is dropped
    except UnicodeDecodeError as exc:
        raise DataError(f"{origin}: not UTF-8 text (invalid byte at offset {exc.start})") from None


def _read_folder(folder: Path) -> list[RawDocument]:
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    if not files:
        raise DataError(f"{folder}: no .txt files in this folder")
    documents = []
    for file in files:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise DataError(f"{file}: larger than {MAX_FILE_BYTES} bytes")
        data = file.read_bytes()
        documents.append(RawDocument(file.stem, _decode(data, str(file)), hashlib.sha256(data).hexdigest(), str(file)))
    return documents


def _optional_string(row: dict, key: str, origin: str) -> str | None:
    value = row.get(key)
    if value is not None and not isinstance(value, str):
        raise DataError(f"{origin}: '{key}' must be a string, got {json_type(value)}")
    return value


def _read_jsonl(path: Path) -> list[RawDocument]:
    documents: list[RawDocument] = []
    seen: dict[str, int] = {}
    for line in read_lines(path):
        origin, row = line.where, line.row
        doc_id = line_id(line, seen)
        if "text" not in row:
            raise DataError(f"{origin}: missing 'text'")
        body = row["text"]
        if not isinstance(body, str):
            raise DataError(f"{origin}: 'text' must be a string, got {json_type(body)}")
        documents.append(RawDocument(
            doc_id, body, hashlib.sha256(body.encode("utf-8")).hexdigest(), origin,
            title=_optional_string(row, "title", origin), date=_optional_string(row, "date", origin),
        ))
    if not documents:
        raise DataError(f"{path}: no articles in this file")
    return documents


def corpus_fingerprint(articles: list[dict]) -> str:
    """One sha256 over every article's id and raw-text hash (order-independent)."""
    digest = hashlib.sha256()
    for article_id, raw_sha in sorted((a["id"], a["raw_sha256"]) for a in articles):
        digest.update(f"{article_id}\t{raw_sha}\n".encode("utf-8"))
    return digest.hexdigest()
