"""Hand-written faithfulness judgments (``seeds/annotations/faithfulness.jsonl``): rules and reader.

Each line judges one sentence against one seed article: a frozen sentence of a
shipped summarizer's seed summary (``origin: summary``) or a claim written by the
annotator (``origin: claim``). ``read_faithfulness`` checks every line against the
cleaned articles and records problems as ``file:line: message`` strings, like the
other annotation readers (``research.data.annotations``); ``read_judgment_file`` is
the same check for a reader that stops at the first problem (the checkers' tests).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from research.errors import DataError
from research.jsonl import read_lines

ORIGINS: tuple[str, ...] = ("summary", "claim")
LABELS: tuple[str, ...] = ("supported", "unsupported", "contradicted")
ERROR_TYPES: tuple[str, ...] = (
    "relation", "entity", "place", "time", "number", "attribution", "cause", "coreference", "not_in_article",
)
ID_PREFIX = {"summary": "sum", "claim": "claim"}
ID_PATTERN = re.compile(r"(sum|claim)-(\d{3})-(\d{2,})")
KEYS: tuple[str, ...] = ("id", "article_id", "origin", "systems", "text", "label", "error_type", "evidence", "note")


def _choices(value: object, key: str, allowed: tuple[str, ...]) -> str | None:
    if value in allowed:
        return None
    return f"'{key}' {json.dumps(value)} is not allowed (choose from: {', '.join(allowed)})"


def _id_problem(row: dict, article_id: str) -> str | None:
    item_id = row.get("id")
    match = ID_PATTERN.fullmatch(item_id) if isinstance(item_id, str) else None
    expected = f"{ID_PREFIX[row['origin']]}-{article_id[:3]}-<n>"
    if match is None or match.group(1) != ID_PREFIX[row["origin"]] or match.group(2) != article_id[:3]:
        return f"'id' {json.dumps(item_id)} does not match origin and article (expected {expected})"
    return None


def _systems_problem(row: dict, known: Sequence[str] | None) -> str | None:
    systems = row.get("systems")
    if not isinstance(systems, list) or not all(isinstance(s, str) for s in systems):
        return "'systems' must be a list of summarizer names"
    if row["origin"] == "claim":
        return None if not systems else "'systems' must be empty for a claim"
    if not systems:
        return "'systems' must name at least one summarizer for a summary sentence"
    unknown = [s for s in systems if known is not None and s not in known]
    if unknown:
        return f"'systems' has unknown summarizer {json.dumps(unknown[0])} (choose from: {', '.join(known)})"
    if systems != sorted(set(systems)):
        return "'systems' must be sorted and without repeats"
    return None


def _label_problem(row: dict) -> str | None:
    problem = _choices(row.get("label"), "label", LABELS)
    if problem:
        return problem
    error_type = row.get("error_type")
    if row["label"] == "supported":
        return None if error_type is None else f"'error_type' must be null for a supported sentence, got {json.dumps(error_type)}"
    if error_type is None:
        return f"'error_type' is missing for a {row['label']} sentence"
    return _choices(error_type, "error_type", ERROR_TYPES)


def _evidence_problem(row: dict, sentences: set[str]) -> str | None:
    evidence = row.get("evidence")
    if not isinstance(evidence, list) or not all(isinstance(s, str) for s in evidence):
        return "'evidence' must be a list of article sentences"
    if not evidence and row.get("error_type") != "not_in_article":
        return "'evidence' is empty (only a not_in_article judgment may have no evidence)"
    for text in evidence:
        if text not in sentences:
            return f"evidence {json.dumps(text[:60], ensure_ascii=False)} is not a sentence of {row['article_id']}"
    return None


def check_judgment(row: dict, articles: dict[str, dict], known_systems: Sequence[str] | None) -> str | None:
    """The first problem of one judgment row (``None`` when it is valid)."""
    missing = [key for key in KEYS if key not in row]
    if missing:
        return f"missing key '{missing[0]}'"
    unknown = sorted(set(row) - set(KEYS))
    if unknown:
        return f"unknown key '{unknown[0]}' (expected: {', '.join(KEYS)})"
    if row["article_id"] not in articles:
        return f"unknown article_id {json.dumps(row['article_id'])}"
    origin_problem = _choices(row["origin"], "origin", ORIGINS)
    if origin_problem:
        return origin_problem
    article = articles[row["article_id"]]
    if not isinstance(row["text"], str) or not row["text"].strip():
        return "'text' must be a non-empty string"
    if not isinstance(row["note"], str):
        return "'note' must be a string"
    return (_id_problem(row, article["id"]) or _systems_problem(row, known_systems) or _label_problem(row)
            or _evidence_problem(row, set(article["sentences"])))


def read_faithfulness(rows: list[tuple[str, dict]], articles: dict[str, dict], problems: list[str],
                      systems: Sequence[str] | None = None) -> list[dict]:
    """The valid judgments of ``(file:line, row)`` pairs; every problem appended to ``problems``.

    ``systems``: the summarizer names a summary sentence may credit (``research data validate`` passes the
    registry's); None checks only their form, as this layer knows no systems.
    """
    judged: list[dict] = []
    ids: set[str] = set()
    sentences: set[tuple[str, str]] = set()  # (article, text) of summary sentences: one judgment each
    previous = ""
    for where, row in rows:
        problem = check_judgment(row, articles, systems)
        if problem is None and row["id"] in ids:
            problem = f"second row with id {json.dumps(row['id'])}"
        if problem is None and row["origin"] == "summary" and (row["article_id"], row["text"]) in sentences:
            problem = f"second judgment of the same summary sentence of {row['article_id']}"
        if problem is None and row["id"] < previous:
            problem = f"'id' {json.dumps(row['id'])} comes after {json.dumps(previous)} (keep the file sorted by id)"
        if problem is not None:
            problems.append(f"{where}: {problem}")
            continue
        ids.add(row["id"])
        previous = row["id"]
        if row["origin"] == "summary":
            sentences.add((row["article_id"], row["text"]))
        judged.append(row)
    return judged


def read_judgment_file(path: Path, articles: dict[str, dict]) -> list[dict]:
    """The one reader of the judgments file, for every use: each line checked as ``research data validate``
    checks it (``read_faithfulness``, form only), a DataError on the first problem; the rows in file order."""
    problems: list[str] = []
    rows = read_faithfulness([(line.where, line.row) for line in read_lines(path, problems=problems)], articles,
                             problems)
    if problems:
        more = f" (and {len(problems) - 1} more: research data validate lists them)" if len(problems) > 1 else ""
        raise DataError(f"{problems[0]}{more}")
    if not rows:
        raise DataError(f"{path}: no judgments")
    return rows


def is_supported(row: dict) -> bool:
    """The binary target of checkers: supported (positive) against unsupported or contradicted."""
    return row["label"] == "supported"

