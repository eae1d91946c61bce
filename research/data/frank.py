"""FRANK (Pagnoni et al., NAACL 2021): human factuality judgments of system summaries, with the published metrics.

Read from the vendored JSONL (``data/frank/frank-valid.jsonl``, see ``data/frank/README.md``) or from a folder
of FRANK's own files, so a copy of the original release loads the same way. Every problem is a DataError naming
the file and the line (JSONL) or the item (JSON list, 1-based).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Iterable, Iterator

import datasets
from datasets import Features, Value

from research.errors import DataError
from research.io import json_type, read_utf8
from research.jsonl import line_id, read_lines
from research.paths import PROJECT_ROOT

FRANK_DEFAULT = PROJECT_ROOT / "data" / "frank" / "frank-valid.jsonl"
FRANK_SYSTEMS: dict[str, tuple[str, ...]] = {
    "cnndm": ("bart", "bert_sum", "bus", "pgn", "s2s"),
    "xsum": ("BERTS2S", "PtGen", "TConvS2S", "TranS2S"),
}
FRANK_CATEGORIES = ("RelE", "EntE", "CircE", "OutE", "GramE", "CorefE", "LinkE", "Other")
FRANK_METRICS = ("Rouge 1", "Rouge 2", "Rouge L", "Bleu", "Meteor", "BertScore P", "BertScore R", "BertScore F1",
                 "BertScore P Art", "BertScore R Art", "BertScore F1 Art", "FactCC", "FEQA", "Dep Entail", "QAGS")
TEXT_FIELDS = ("id", "article_id", "dataset", "system", "split", "article", "summary", "reference")
FRANK_FEATURES = Features({
    **{key: Value("string") for key in TEXT_FIELDS},
    "factuality": Value("float64"),
    "error_free": {category: Value("float64") for category in FRANK_CATEGORIES},
    "baseline_scores": {metric: Value("float64") for metric in FRANK_METRICS},
})
FOLDER_DATASETS = {"cnndm": "cnndm", "bbc": "xsum"}  # FRANK's own files call XSum by its source, the BBC
FOLDER_FILES = ("benchmark_data.json", "human_annotations.json")
FOLDER_SCORES = "baseline_factuality_metrics_outputs.json"
SCORE_FILE_KEYS = {"hash", "model_name", "dataset", "split"}  # the score file's non-metric keys
# FRANK's files may also judge the dataset's own reference summary (its evaluate.py drops model_name
# 'reference'): not a system's summary, so not a row
REFERENCE_MODEL = "reference"

Origin = tuple[str, str]  # (where, for the message; how a later problem refers back to it: "line 3", "item 3")


def _text(obj: dict, key: str, where: str, empty: str | None = None) -> str:
    """A string field; with ``empty`` (the message) it must hold more than whitespace."""
    if key not in obj:
        raise DataError(f"{where}: missing '{key}'")
    value = obj[key]
    if not isinstance(value, str):
        raise DataError(f"{where}: '{key}' must be a string, got {json_type(value)}")
    if empty is not None and not value.strip():
        raise DataError(f"{where}: {empty}")
    return value


def _number(value: object, label: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{where}: '{label}' must be a number, got {json_type(value)}")
    return float(value)


def _unit(obj: dict, key: str, where: str, label: str | None = None) -> float:
    """A judgment: a share of sentences, so anything outside [0, 1] (NaN too) is a broken file."""
    if key not in obj:
        raise DataError(f"{where}: missing '{label or key}'")
    value = _number(obj[key], label or key, where)
    if not 0 <= value <= 1:
        raise DataError(f"{where}: '{label or key}' must be in [0, 1], got {obj[key]}")
    return value


def _scores(obj: dict, where: str, label: str = "") -> dict[str, float | None]:
    """Every metric of FRANK_METRICS; a missing one (FRANK has no DAE score for some summaries) is None."""
    scores: dict[str, float | None] = {}
    for metric in FRANK_METRICS:
        value = obj.get(metric)
        missing = value is None or (isinstance(value, float) and math.isnan(value))  # FRANK's own files: NaN
        scores[metric] = None if missing else _number(value, label + metric, where)
    return scores


def _known(keys: Iterable[str], allowed: tuple[str, ...], kind: str, where: str, owner: str = "") -> None:
    for key in keys:
        if key not in allowed:
            raise DataError(f"{where}: {owner}unknown {kind} '{key}' (allowed: {', '.join(allowed)})")


def _object(obj: dict, key: str, where: str, allowed: tuple[str, ...], kind: str) -> dict:
    """A mapping over fixed names: a name outside them is a typo or another benchmark's field."""
    if key not in obj:
        raise DataError(f"{where}: missing '{key}'")
    if not isinstance(obj[key], dict):
        raise DataError(f"{where}: '{key}' must be an object, got {json_type(obj[key])}")
    _known(obj[key], allowed, kind, where, f"'{key}' has ")
    return obj[key]


def _texts(obj: dict, where: str) -> dict[str, str]:
    """The texts of a summary: FRANK's ``benchmark_data.json`` and the JSONL name them alike."""
    return {"split": _text(obj, "split", where), "article": _text(obj, "article", where, "'article' is empty"),
            "summary": _text(obj, "summary", where, "'summary' is empty (a judgment with no summary)"),
            "reference": _text(obj, "reference", where)}


def _check_system(dataset: str, system: str, where: str) -> None:
    if dataset not in FRANK_SYSTEMS:
        raise DataError(f"{where}: unknown dataset '{dataset}' (allowed: {', '.join(FRANK_SYSTEMS)})")
    if system not in FRANK_SYSTEMS[dataset]:
        raise DataError(f"{where}: unknown system '{system}' for dataset '{dataset}' "
                        f"(allowed: {', '.join(FRANK_SYSTEMS[dataset])})")


def _jsonl_rows(path: Path) -> Iterator[tuple[dict, Origin, Origin]]:
    seen: dict[str, int] = {}
    for line in read_lines(path):
        row, where = line.row, line.where
        row_id = line_id(line, seen)
        article_id = _text(row, "article_id", where, "'article_id' is empty")
        dataset, system = _text(row, "dataset", where), _text(row, "system", where)
        _check_system(dataset, system, where)
        if row_id != f"{article_id}-{system}":
            raise DataError(f"{where}: id '{row_id}' is not '<article_id>-<system>' ('{article_id}-{system}')")
        error_free = _object(row, "error_free", where, FRANK_CATEGORIES, "category")
        scores = _object(row, "baseline_scores", where, FRANK_METRICS, "metric")
        origin = (where, f"line {line.number}")
        yield {
            "id": row_id, "article_id": article_id, "dataset": dataset, "system": system, **_texts(row, where),
            "factuality": _unit(row, "factuality", where),
            "error_free": {c: _unit(error_free, c, where, f"error_free.{c}") for c in FRANK_CATEGORIES},
            "baseline_scores": _scores(scores, where, "baseline_scores."),
        }, origin, origin


def _items(path: Path) -> Iterator[tuple[tuple[str, str], dict, Origin]]:
    """A JSON list file's objects with their (hash, model_name) key, each key once."""
    try:
        data = json.loads(read_utf8(path))
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a JSON list, got {json_type(data)}")
    seen: dict[tuple[str, str], int] = {}
    for number, item in enumerate(data, start=1):
        where = f"{path}: item {number}"
        if not isinstance(item, dict):
            raise DataError(f"{where}: expected a JSON object, got {json_type(item)}")
        key = (_text(item, "hash", where, "'hash' is empty"), _text(item, "model_name", where))
        if key in seen:
            raise DataError(f"{where}: duplicate id '{key[0]}-{key[1]}' (first at item {seen[key]})")
        seen[key] = number
        yield key, item, (where, f"item {number}")


def _folder_rows(folder: Path) -> Iterator[tuple[dict, Origin, Origin]]:
    summaries_path, judgments_path = (folder / name for name in FOLDER_FILES)
    summaries = {key: (item, origin) for key, item, origin in _items(summaries_path)}
    scores_path = folder / FOLDER_SCORES
    scores = {key: (item, origin) for key, item, origin in _items(scores_path)} if scores_path.is_file() else {}
    for (article_id, system), judgment, origin in _items(judgments_path):
        if system == REFERENCE_MODEL:
            continue
        where = origin[0]
        name = _text(judgment, "dataset", where)
        if name not in FOLDER_DATASETS:
            raise DataError(f"{where}: unknown dataset '{name}' (allowed: {', '.join(FOLDER_DATASETS)})")
        dataset = FOLDER_DATASETS[name]
        _check_system(dataset, system, where)
        if (article_id, system) not in summaries:
            raise DataError(f"{where}: judgment with no summary in {summaries_path} "
                            f"(hash '{article_id}', model_name '{system}')")
        summary, text_origin = summaries[(article_id, system)]
        score, score_origin = scores.get((article_id, system), ({}, origin))
        _known((key for key in score if key not in SCORE_FILE_KEYS), FRANK_METRICS, "metric", score_origin[0])
        yield {
            "id": f"{article_id}-{system}", "article_id": article_id, "dataset": dataset, "system": system,
            **_texts(summary, text_origin[0]), "factuality": _unit(judgment, "Factuality", where),
            "error_free": {c: _unit(judgment, c, where) for c in FRANK_CATEGORIES},
            "baseline_scores": _scores(score, score_origin[0]),
        }, text_origin, origin


def frank_rows(path: Path | str = FRANK_DEFAULT, split: str | None = None) -> list[dict]:
    """The validated summaries, sorted by (dataset, article_id, system): the rows of ``load_frank``.

    ``path``: a JSONL file like the vendored one, or a folder of FRANK's ``benchmark_data.json`` and
    ``human_annotations.json`` (and optionally ``baseline_factuality_metrics_outputs.json``); summaries nobody
    judged, and judgments of the reference summary (``model_name`` 'reference'), are left out. ``split``: only
    the summaries of that split (FRANK's release holds ``valid`` and ``test`` together); None: all of them.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such file or folder")
    if path.is_dir() and not all((path / name).is_file() for name in FOLDER_FILES):
        raise DataError(f"{path}: not a FRANK folder (needs {' and '.join(FOLDER_FILES)})")
    records = _folder_rows(path) if path.is_dir() else _jsonl_rows(path)
    rows: list[dict] = []
    first: dict[str, tuple[dict, Origin, Origin]] = {}  # article id -> its first row, text and dataset origins
    for row, text_origin, dataset_origin in records:
        earlier = first.setdefault(row["article_id"], (row, text_origin, dataset_origin))
        if earlier[0]["article"] != row["article"]:
            raise DataError(f"{text_origin[0]}: article '{row['article_id']}' has a different text "
                            f"than at {earlier[1][1]}")
        if earlier[0]["dataset"] != row["dataset"]:
            raise DataError(f"{dataset_origin[0]}: article '{row['article_id']}' is in dataset '{row['dataset']}' "
                            f"here but in '{earlier[0]['dataset']}' at {earlier[2][1]}")
        rows.append(row)
    if not rows:
        raise DataError(f"{path / FOLDER_FILES[1] if path.is_dir() else path}: no summaries in this file")
    if split is not None:
        found = sorted({row["split"] for row in rows})
        rows = [row for row in rows if row["split"] == split]
        if not rows:
            raise DataError(f"{path}: no summaries of split '{split}' (splits here: {', '.join(found)})")
    return sorted(rows, key=lambda row: (row["dataset"], row["article_id"], row["system"]))


def load_frank(path: Path | str = FRANK_DEFAULT, split: str | None = None) -> datasets.Dataset:
    """One row per judged summary (see ``frank_rows``), with FRANK_FEATURES."""
    return datasets.Dataset.from_list(frank_rows(path, split), features=FRANK_FEATURES)


# A sentence end glued to the next sentence ("at home.Half of parents"): FRANK's XSum articles join the BBC's
# paragraphs with no separator, so no sentence splitter sees the boundary.
GLUED = re.compile(r"(?<=[a-z0-9][.!?])(?=[“‘]?[A-Z])|(?<=[a-z0-9][.!?][\"”’'])(?=[A-Z])")


def article_text(article: str) -> str:
    """The article with each glued paragraph break restored as a line break (what summarizers and checkers read;
    ``article`` stays as FRANK gives it)."""
    return GLUED.sub("\n", article)


def frank_articles(rows: list[dict]) -> list[dict]:
    """One dict per article (``id``, ``dataset``, ``text``, ``reference``), in order of first appearance;
    ``text`` is ``article_text`` of the article.

    A metric that scores against the reference needs one reference per article, not one per summary.
    """
    articles: dict[str, dict] = {}
    first: dict[str, str] = {}  # article id -> the id of its first summary
    for row in rows:
        article_id = row["article_id"]
        article = articles.setdefault(article_id, {"id": article_id, "dataset": row["dataset"],
                                                   "text": article_text(row["article"]), "reference": row["reference"]})
        first.setdefault(article_id, row["id"])
        if article["reference"] != row["reference"]:
            raise DataError(f"FRANK article '{article_id}': summaries '{first[article_id]}' and '{row['id']}' "
                            "disagree on the reference")
    return list(articles.values())
