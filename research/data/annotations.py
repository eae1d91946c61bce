"""Hand-written references in ``seeds/annotations/``: topic labels, summaries, a challenge set, faithfulness.

``read_annotations`` parses and checks every file against the cleaned corpus
and returns the problems as ``file:line: message`` strings, so ``research data
validate`` can list them all and the loaders can refuse labels that drifted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from datasets import ClassLabel

from research.data.faithfulness import read_faithfulness
from research.jsonl import read_lines
from research.paths import SEEDS

TOPICS: tuple[str, ...] = (
    "regional_intervention",
    "domestic_mobilisation",
    "foreign_powers",
    "jihadist_insurgency",
    "coup_and_junta",
    "public_reaction",
)
TOPIC_LABEL = ClassLabel(names=list(TOPICS))
PREFIX_CHARS = 40
SUMMARY_WORDS = (45, 80)
CHALLENGE_MIN_PER_TOPIC = 6
DESCRIPTIONS_MIN = 3  # hand-written descriptions per topic (label_descriptions.jsonl)
ANNOTATIONS = SEEDS / "annotations"


@dataclass
class Annotations:
    paragraph_labels: dict[tuple[str, int], dict] = field(default_factory=dict)
    article_labels: dict[str, dict] = field(default_factory=dict)
    summaries: dict[str, list[str]] = field(default_factory=dict)
    challenge: list[dict] = field(default_factory=list)
    faithfulness: list[dict] = field(default_factory=list)
    descriptions: dict[str, dict] = field(default_factory=dict)  # topic -> {"descriptions", "keywords"}
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path, problems: list[str]) -> list[tuple[str, dict]]:
    """(``file:line``, object) for each non-blank line; bad lines become problems."""
    if not path.is_file():
        problems.append(f"{path}: missing file")
        return []
    return [(line.where, line.row) for line in read_lines(path, problems=problems)]


def _check_topic(value: object, key: str, where: str, problems: list[str]) -> bool:
    if value not in TOPICS:
        problems.append(f"{where}: '{key}' {json.dumps(value)} is not a topic (choose from: {', '.join(TOPICS)})")
        return False
    return True


def _read_paragraph_labels(path: Path, articles: dict[str, dict], out: Annotations) -> None:
    problems = out.problems
    seen: set[tuple[str, int]] = set()  # rows present, valid or not: a bad row is not also "missing"
    for where, row in read_rows(path, problems):
        article_id, index = row.get("article_id"), row.get("index")
        if article_id not in articles:
            problems.append(f"{where}: unknown article_id {json.dumps(article_id)}")
            continue
        paragraphs = articles[article_id]["paragraphs"]
        if not isinstance(index, int) or not 0 <= index < len(paragraphs):
            problems.append(f"{where}: index {json.dumps(index)} out of range for {article_id} ({len(paragraphs)} paragraphs)")
            continue
        if (article_id, index) in seen:
            problems.append(f"{where}: second label row for {article_id} #{index}")
            continue
        seen.add((article_id, index))
        expected = paragraphs[index][:PREFIX_CHARS]
        if row.get("prefix") != expected:
            problems.append(f"{where}: prefix {json.dumps(row.get('prefix'), ensure_ascii=False)} does not match "
                            f"{article_id} #{index} ({json.dumps(expected, ensure_ascii=False)})")
            continue
        ok = _check_topic(row.get("label"), "label", where, problems)
        secondary = row.get("secondary")
        if secondary is not None:
            ok &= _check_topic(secondary, "secondary", where, problems)
            if secondary == row.get("label"):
                problems.append(f"{where}: 'secondary' repeats the label")
                ok = False
        if ok:
            out.paragraph_labels[(article_id, index)] = row
    for article_id, article in articles.items():
        for index in range(len(article["paragraphs"])):
            if (article_id, index) not in seen:
                problems.append(f"{path}: no label row for {article_id} #{index}")


def _known_article(row: dict, where: str, articles: dict[str, dict], seen: set[str], out: Annotations) -> bool:
    """True for the first row of a known article; records the problem otherwise."""
    article_id = row.get("article_id")
    if article_id not in articles:
        out.problems.append(f"{where}: unknown article_id {json.dumps(article_id)}")
        return False
    if article_id in seen:
        out.problems.append(f"{where}: second row for {article_id}")
        return False
    seen.add(article_id)
    return True


def _read_article_labels(path: Path, articles: dict[str, dict], out: Annotations) -> None:
    seen: set[str] = set()
    for where, row in read_rows(path, out.problems):
        if not _known_article(row, where, articles, seen, out):
            continue
        article_id = row["article_id"]
        topics = row.get("topics")
        if not isinstance(topics, list) or not topics:
            out.problems.append(f"{where}: 'topics' must be a non-empty list")
            continue
        ok = _check_topic(row.get("primary"), "primary", where, out.problems)
        ok &= all(_check_topic(t, "topics", where, out.problems) for t in topics)
        if ok and row["primary"] not in topics:
            out.problems.append(f"{where}: 'primary' {row['primary']} is missing from 'topics'")
            ok = False
        if ok:
            out.article_labels[article_id] = row
    for article_id in articles:
        if article_id not in seen:
            out.problems.append(f"{path}: no row for {article_id}")


def _read_summaries(path: Path, articles: dict[str, dict], out: Annotations) -> None:
    low, high = SUMMARY_WORDS
    seen: set[str] = set()
    for where, row in read_rows(path, out.problems):
        if not _known_article(row, where, articles, seen, out):
            continue
        article_id = row["article_id"]
        refs = []
        for key in ("ref_a", "ref_b"):
            text = row.get(key)
            if not isinstance(text, str):
                out.problems.append(f"{where}: '{key}' must be a string")
                continue
            words = len(text.split())
            if not low <= words <= high:
                out.problems.append(f"{where}: '{key}' has {words} words (expected {low} to {high})")
                continue
            refs.append(text)
        if len(refs) == 2:
            out.summaries[article_id] = refs
    for article_id in articles:
        if article_id not in seen:
            out.problems.append(f"{path}: no summaries for {article_id}")


def _read_challenge(path: Path, out: Annotations) -> None:
    seen: set[str] = set()
    for where, row in read_rows(path, out.problems):
        item_id, text = row.get("id"), row.get("text")
        if not isinstance(item_id, str) or item_id in seen:
            out.problems.append(f"{where}: 'id' must be a unique string, got {json.dumps(item_id)}")
            continue
        if not isinstance(text, str) or not text.strip():
            out.problems.append(f"{where}: 'text' must be a non-empty string")
            continue
        if _check_topic(row.get("label"), "label", where, out.problems):
            seen.add(item_id)
            out.challenge.append({"id": item_id, "text": text, "label": row["label"]})
    for topic in TOPICS:
        count = sum(item["label"] == topic for item in out.challenge)
        if count < CHALLENGE_MIN_PER_TOPIC:
            out.problems.append(f"{path}: {count} items labelled {topic} (expected at least {CHALLENGE_MIN_PER_TOPIC})")


def _strings(value: object, key: str, where: str, minimum: int, problems: list[str]) -> bool:
    if (not isinstance(value, list) or len(value) < minimum
            or not all(isinstance(v, str) and v.strip() for v in value)):
        problems.append(f"{where}: '{key}' must be a list of at least {minimum} non-empty strings")
        return False
    if len(set(value)) != len(value):
        problems.append(f"{where}: '{key}' repeats an entry")
        return False
    return True


def read_label_descriptions(path: Path, problems: list[str]) -> dict[str, dict]:
    """``{topic: {"descriptions": [...], "keywords": [...]}}`` in topic order; problems appended."""
    found: dict[str, dict] = {}
    seen: set[str] = set()  # rows present, valid or not: a bad row is not also "missing"
    for where, row in read_rows(path, problems):
        topic = row.get("topic")
        if not _check_topic(topic, "topic", where, problems):
            continue
        if topic in seen:
            problems.append(f"{where}: second row for topic {topic}")
            continue
        seen.add(topic)
        extra = sorted(set(row) - {"topic", "descriptions", "keywords"})
        if extra:
            problems.append(f"{where}: unknown key '{extra[0]}' (expected topic, descriptions, keywords)")
            continue
        ok = _strings(row.get("descriptions"), "descriptions", where, DESCRIPTIONS_MIN, problems)
        ok &= _strings(row.get("keywords"), "keywords", where, 1, problems)
        if ok:
            found[topic] = {"descriptions": list(row["descriptions"]), "keywords": list(row["keywords"])}
    if path.is_file():
        problems.extend(f"{path}: no row for topic {t}" for t in TOPICS if t not in seen)
    return {t: found[t] for t in TOPICS if t in found}


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it (shorter messages)."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def read_annotations(articles: list[dict], folder: Path = ANNOTATIONS,
                     systems: Sequence[str] | None = None) -> Annotations:
    """Parse and check every annotation file against the cleaned ``articles`` (and the summarizer names in
    faithfulness judgments against ``systems``, when given: ``research data validate`` gives them)."""
    folder = _shown(Path(folder))
    by_id = {a["id"]: a for a in articles}
    out = Annotations()
    _read_paragraph_labels(folder / "paragraph_labels.jsonl", by_id, out)
    _read_article_labels(folder / "article_labels.jsonl", by_id, out)
    _read_summaries(folder / "summaries.jsonl", by_id, out)
    _read_challenge(folder / "challenge.jsonl", out)
    out.faithfulness = read_faithfulness(read_rows(folder / "faithfulness.jsonl", out.problems), by_id, out.problems,
                                         systems)
    out.descriptions = read_label_descriptions(folder / "label_descriptions.jsonl", out.problems)
    return out
