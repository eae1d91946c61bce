import json
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

from research.data import FRANK_FEATURES, load_frank
from research.data.frank import FRANK_CATEGORIES, FRANK_METRICS, FRANK_SYSTEMS, frank_articles, frank_rows
from research.errors import DataError

CNNDM_SYSTEMS = "bart, bert_sum, bus, pgn, s2s"
METRICS = ", ".join(FRANK_METRICS)


def _row(article_id: str, dataset: str, system: str, factuality: float, **changes) -> dict:
    article = {"c1": "The council approved the budget on Monday.", "10001": "A storm closed the harbour."}[article_id]
    reference = {"c1": "council approves budget .", "10001": "A storm shut the harbour."}[article_id]
    scores = {metric: round(0.01 * (i + 1) + factuality / 10, 4) for i, metric in enumerate(FRANK_METRICS)}
    scores["Bleu"] = 42.5  # not a share: any number is a score
    if system == "PtGen":
        del scores["Dep Entail"]
    return {
        "id": f"{article_id}-{system}", "article_id": article_id, "dataset": dataset, "system": system,
        "split": "valid", "article": article, "summary": f"summary by {system}", "reference": reference,
        "factuality": factuality,
        "error_free": {c: 1.0 if i % 2 else factuality for i, c in enumerate(FRANK_CATEGORIES)},
        "baseline_scores": scores, **changes,
    }


def _rows() -> list[dict]:
    """Four summaries of two articles, not in the loader's order."""
    return [_row("c1", "cnndm", "pgn", 0.5), _row("10001", "xsum", "PtGen", 0.0),
            _row("c1", "cnndm", "bart", 1.0), _row("10001", "xsum", "BERTS2S", 2 / 3)]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _folder_files(rows: list[dict]) -> dict[str, list]:
    """The same summaries in FRANK's published form (``bbc`` for XSum), plus one summary nobody judged."""
    summaries = [{"article": r["article"], "summary": r["summary"], "reference": r["reference"],
                  "hash": r["article_id"], "model_name": r["system"], "split": r["split"]} for r in rows]
    summaries.append({**summaries[0], "model_name": "s2s", "summary": "never judged"})
    judgments = [{"hash": r["article_id"], "model_name": r["system"], "dataset": "bbc" if r["dataset"] == "xsum"
                  else r["dataset"], "Factuality": r["factuality"], **r["error_free"], "Flip_RelE": 0.0,
                  "Discourse_Errors": 1.0, "split": r["split"]} for r in rows]
    scores = [{"hash": r["article_id"], "model_name": r["system"], "dataset": "x", "split": "valid",
               **r["baseline_scores"]} for r in rows]
    return {"benchmark_data.json": summaries, "human_annotations.json": judgments,
            "baseline_factuality_metrics_outputs.json": scores}


def _write_folder(folder: Path, files: dict[str, list]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, items in files.items():
        (folder / name).write_text(json.dumps(items, indent=2), encoding="utf-8")
    return folder


def _error(path: Path) -> str:
    with pytest.raises(DataError) as error:
        frank_rows(path)
    return str(error.value)


def test_vendored_validation_split():
    rows = frank_rows()
    assert len(rows) == 671
    articles = frank_articles(rows)
    assert len(articles) == 149
    assert Counter(a["dataset"] for a in articles) == {"cnndm": 75, "xsum": 74}
    expected = {(d, s): 75 if d == "cnndm" else 74 for d, systems in FRANK_SYSTEMS.items() for s in systems}
    assert Counter((r["dataset"], r["system"]) for r in rows) == expected
    assert sum(r["baseline_scores"]["Dep Entail"] is None for r in rows) == 42
    assert {r["split"] for r in rows} == {"valid"}
    dataset = load_frank()
    assert dataset.features == FRANK_FEATURES
    assert dataset.num_rows == 671
    assert dataset[0] == rows[0]


def test_jsonl_rows_are_sorted_and_complete(tmp_path):
    rows = frank_rows(_write_jsonl(tmp_path / "frank.jsonl", _rows()))
    assert [r["id"] for r in rows] == ["c1-bart", "c1-pgn", "10001-BERTS2S", "10001-PtGen"]
    assert [list(r) for r in rows] == [list(FRANK_FEATURES)] * 4
    assert rows[3]["baseline_scores"] == {**_rows()[1]["baseline_scores"], "Dep Entail": None}
    assert list(rows[3]["baseline_scores"]) == list(FRANK_METRICS)
    assert rows[1] == _rows()[0]


def test_null_score_is_missing(tmp_path):
    rows = _rows()
    rows[0]["baseline_scores"]["QAGS"] = None
    assert frank_rows(_write_jsonl(tmp_path / "frank.jsonl", rows))[1]["baseline_scores"]["QAGS"] is None


def test_folder_form_gives_the_same_rows(tmp_path):
    expected = frank_rows(_write_jsonl(tmp_path / "frank.jsonl", _rows()))
    assert frank_rows(_write_folder(tmp_path / "frank", _folder_files(_rows()))) == expected
    dataset = load_frank(tmp_path / "frank")
    assert dataset.features == FRANK_FEATURES
    assert dataset.to_list() == expected


def test_folder_form_keeps_frank_split(tmp_path):
    files = _folder_files(_rows())
    for item in files["benchmark_data.json"]:
        item["split"] = "test"
    assert {r["split"] for r in frank_rows(_write_folder(tmp_path / "frank", files))} == {"test"}


def test_folder_form_without_scores_file(tmp_path):
    files = _folder_files(_rows())
    del files["baseline_factuality_metrics_outputs.json"]
    rows = frank_rows(_write_folder(tmp_path / "frank", files))
    assert [r["id"] for r in rows] == ["c1-bart", "c1-pgn", "10001-BERTS2S", "10001-PtGen"]
    assert all(r["baseline_scores"] == dict.fromkeys(FRANK_METRICS) for r in rows)


def test_folder_form_nan_score_is_missing(tmp_path):
    files = _folder_files(_rows())
    files["baseline_factuality_metrics_outputs.json"][0]["FEQA"] = float("nan")  # json.dumps writes NaN
    assert frank_rows(_write_folder(tmp_path / "frank", files))[1]["baseline_scores"]["FEQA"] is None


def _set(index: int, key: str, value) -> Callable:
    def change(rows: list[dict]) -> None:
        rows[index][key] = value
    return change


def _set_in(index: int, key: str, inner: str, value) -> Callable:
    def change(rows: list[dict]) -> None:
        rows[index][key][inner] = value
    return change


def _delete(index: int, key: str, inner: str | None = None) -> Callable:
    def change(rows: list[dict]) -> None:
        del (rows[index] if inner is None else rows[index][key])[inner or key]
    return change


JSONL_ERRORS = [
    (_delete(2, "summary"), "3: missing 'summary'"),
    (_delete(0, "article_id"), "1: missing 'article_id'"),
    (_delete(0, "id"), "1: missing 'id'"),
    (_delete(1, "error_free", "GramE"), "2: missing 'error_free.GramE'"),
    (_delete(1, "baseline_scores"), "2: missing 'baseline_scores'"),
    (_set(1, "factuality", "0.5"), "2: 'factuality' must be a number, got string"),
    (_set(1, "factuality", True), "2: 'factuality' must be a number, got boolean"),
    (_set(1, "dataset", 3), "2: 'dataset' must be a string, got number"),
    (_set(1, "split", None), "2: 'split' must be a string, got null"),
    (_set(1, "error_free", [1.0]), "2: 'error_free' must be an object, got array"),
    (_set_in(1, "error_free", "LinkE", "yes"), "2: 'error_free.LinkE' must be a number, got string"),
    (_set_in(1, "baseline_scores", "FEQA", "0.2"), "2: 'baseline_scores.FEQA' must be a number, got string"),
    (_set(1, "dataset", "bbc"), "2: unknown dataset 'bbc' (allowed: cnndm, xsum)"),
    (_set(0, "system", "PtGen"), f"1: unknown system 'PtGen' for dataset 'cnndm' (allowed: {CNNDM_SYSTEMS})"),
    (lambda rows: rows.append(_row("c1", "cnndm", "pgn", 0.5)), "5: duplicate id 'c1-pgn' (first on line 1)"),
    (_set(2, "id", "c1_bart"), "3: id 'c1_bart' is not '<article_id>-<system>' ('c1-bart')"),
    (_set(2, "id", "c1-pgn"), "3: duplicate id 'c1-pgn' (first on line 1)"),
    (_set(0, "id", "10001-pgn"), "1: id '10001-pgn' is not '<article_id>-<system>' ('c1-pgn')"),
    (_set(3, "factuality", 1.5), "4: 'factuality' must be in [0, 1], got 1.5"),
    (_set_in(3, "error_free", "RelE", -0.25), "4: 'error_free.RelE' must be in [0, 1], got -0.25"),
    (_set(2, "summary", " \n"), "3: 'summary' is empty (a judgment with no summary)"),
    (_set(2, "article", ""), "3: 'article' is empty"),
    (_set(2, "article_id", ""), "3: 'article_id' is empty"),
    (_set(2, "article", "Another text."), "3: article 'c1' has a different text than at line 1"),
    (lambda rows: rows.append(_row("c1", "xsum", "TranS2S", 0.5)),
     "5: article 'c1' is in dataset 'xsum' here but in 'cnndm' at line 1"),
    (_set_in(0, "baseline_scores", "Rouge 3", 0.1), f"1: 'baseline_scores' has unknown metric 'Rouge 3' "
                                                   f"(allowed: {METRICS})"),
    (_set_in(0, "error_free", "NoE", 1.0), f"1: 'error_free' has unknown category 'NoE' "
                                           f"(allowed: {', '.join(FRANK_CATEGORIES)})"),
]


@pytest.mark.parametrize("change, message", JSONL_ERRORS)
def test_jsonl_errors_name_file_and_line(tmp_path, change, message):
    rows = _rows()
    change(rows)
    path = _write_jsonl(tmp_path / "frank.jsonl", rows)
    assert _error(path) == f"{path}:{message}"


def test_jsonl_problems_from_the_reader(tmp_path):
    path = tmp_path / "frank.jsonl"
    path.write_text(json.dumps(_rows()[0]) + "\n{bad\n", encoding="utf-8")
    assert _error(path) == f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes)"


def test_empty_jsonl(tmp_path):
    path = tmp_path / "frank.jsonl"
    path.write_text("\n", encoding="utf-8")
    assert _error(path) == f"{path}: no summaries in this file"


def test_missing_path(tmp_path):
    assert _error(tmp_path / "nope") == f"{tmp_path}/nope: no such file or folder"


@pytest.mark.parametrize("present", [[], ["benchmark_data.json"], ["human_annotations.json"]])
def test_folder_without_frank_files(tmp_path, present):
    for name in present:
        (tmp_path / name).write_text("[]", encoding="utf-8")
    assert _error(tmp_path) == f"{tmp_path}: not a FRANK folder (needs benchmark_data.json and human_annotations.json)"


SUMMARIES, JUDGMENTS = "benchmark_data.json", "human_annotations.json"
SCORES = "baseline_factuality_metrics_outputs.json"


def _item(name: str, index: int, key: str, value=None, delete: bool = False) -> Callable:
    def change(files: dict[str, list]) -> None:
        if delete:
            del files[name][index][key]
        else:
            files[name][index][key] = value
    return change


FOLDER_ERRORS = [
    (_item(JUDGMENTS, 1, "hash", "99999"), JUDGMENTS,
     f"item 2: judgment with no summary in {{folder}}/{SUMMARIES} (hash '99999', model_name 'PtGen')"),
    (_item(JUDGMENTS, 1, "dataset", "xsum"), JUDGMENTS, "item 2: unknown dataset 'xsum' (allowed: cnndm, bbc)"),
    (_item(JUDGMENTS, 1, "model_name", "bart"), JUDGMENTS,
     "item 2: unknown system 'bart' for dataset 'xsum' (allowed: BERTS2S, PtGen, TConvS2S, TranS2S)"),
    (_item(JUDGMENTS, 2, "model_name", "pgn"), JUDGMENTS, "item 3: duplicate id 'c1-pgn' (first at item 1)"),
    (_item(SUMMARIES, 4, "model_name", "pgn"), SUMMARIES, "item 5: duplicate id 'c1-pgn' (first at item 1)"),
    (_item(SCORES, 3, "model_name", "PtGen"), SCORES, "item 4: duplicate id '10001-PtGen' (first at item 2)"),
    (_item(JUDGMENTS, 0, "Factuality", delete=True), JUDGMENTS, "item 1: missing 'Factuality'"),
    (_item(JUDGMENTS, 0, "Factuality", 1.01), JUDGMENTS, "item 1: 'Factuality' must be in [0, 1], got 1.01"),
    (_item(JUDGMENTS, 0, "CorefE", "1"), JUDGMENTS, "item 1: 'CorefE' must be a number, got string"),
    (_item(JUDGMENTS, 0, "hash", 10001), JUDGMENTS, "item 1: 'hash' must be a string, got number"),
    (_item(SUMMARIES, 2, "summary", delete=True), SUMMARIES, "item 3: missing 'summary'"),
    (_item(SUMMARIES, 2, "summary", ""), SUMMARIES, "item 3: 'summary' is empty (a judgment with no summary)"),
    (_item(SUMMARIES, 2, "reference", ["a"]), SUMMARIES, "item 3: 'reference' must be a string, got array"),
    (_item(SUMMARIES, 2, "article", "Another text."), SUMMARIES,
     "item 3: article 'c1' has a different text than at item 1"),
    (_item(SCORES, 0, "QAGS", "high"), SCORES, "item 1: 'QAGS' must be a number, got string"),
    (_item(SCORES, 0, "Rouge 3", 0.5), SCORES, f"item 1: unknown metric 'Rouge 3' (allowed: {METRICS})"),
]


@pytest.mark.parametrize("change, name, message", FOLDER_ERRORS)
def test_folder_errors_name_file_and_item(tmp_path, change, name, message):
    files = _folder_files(_rows())
    change(files)
    folder = _write_folder(tmp_path / "frank", files)
    assert _error(folder) == f"{folder}/{name}: {message.format(folder=folder)}"


def test_folder_dataset_conflict_names_the_judgment(tmp_path):
    rows = _rows() + [_row("c1", "xsum", "TranS2S", 0.5)]
    folder = _write_folder(tmp_path / "frank", _folder_files(rows))
    assert _error(folder) == (f"{folder}/{JUDGMENTS}: item 5: article 'c1' is in dataset 'xsum' here "
                              "but in 'cnndm' at item 1")


@pytest.mark.parametrize("text, message", [
    ("{}", "expected a JSON list, got object"),
    ("[1]", "item 1: expected a JSON object, got number"),
    ("[\n{bad", "2: invalid JSON (Expecting property name enclosed in double quotes)"),
])
def test_folder_file_structure(tmp_path, text, message):
    folder = _write_folder(tmp_path / "frank", _folder_files(_rows()))
    (folder / JUDGMENTS).write_text(text, encoding="utf-8")
    separator = "" if message[0].isdigit() else " "
    assert _error(folder) == f"{folder}/{JUDGMENTS}:{separator}{message}"


def test_folder_without_judgments(tmp_path):
    files = _folder_files(_rows())
    files[JUDGMENTS] = []
    folder = _write_folder(tmp_path / "frank", files)
    assert _error(folder) == f"{folder}/{JUDGMENTS}: no summaries in this file"


def test_articles_one_per_article_with_reference(tmp_path):
    articles = frank_articles(frank_rows(_write_jsonl(tmp_path / "frank.jsonl", _rows())))
    assert articles == [
        {"id": "c1", "dataset": "cnndm", "text": "The council approved the budget on Monday.",
         "reference": "council approves budget ."},
        {"id": "10001", "dataset": "xsum", "text": "A storm closed the harbour.",
         "reference": "A storm shut the harbour."},
    ]


def test_articles_whose_summaries_disagree_on_the_reference(tmp_path):
    rows = _rows()
    rows[0]["reference"] = "another reference ."
    with pytest.raises(DataError) as error:
        frank_articles(frank_rows(_write_jsonl(tmp_path / "frank.jsonl", rows)))
    assert str(error.value) == "FRANK article 'c1': summaries 'c1-bart' and 'c1-pgn' disagree on the reference"


def test_folder_form_leaves_out_judgments_of_the_reference(tmp_path):
    files = _folder_files(_rows())
    first = files["human_annotations.json"][0]
    files["human_annotations.json"].append({**first, "model_name": "reference"})
    files["benchmark_data.json"].append({**files["benchmark_data.json"][0], "model_name": "reference"})
    expected = frank_rows(_write_jsonl(tmp_path / "frank.jsonl", _rows()))
    assert frank_rows(_write_folder(tmp_path / "frank", files)) == expected


def test_split_keeps_one_split(tmp_path):
    files = _folder_files(_rows())
    for item in files["benchmark_data.json"]:
        item["split"] = "test" if item["hash"] == "c1" else "valid"
    folder = _write_folder(tmp_path / "frank", files)
    assert [r["id"] for r in frank_rows(folder, "test")] == ["c1-bart", "c1-pgn"]
    assert [r["id"] for r in frank_rows(folder, "valid")] == ["10001-BERTS2S", "10001-PtGen"]
    assert len(frank_rows(folder)) == 4
    with pytest.raises(DataError) as error:
        frank_rows(folder, "tset")
    assert str(error.value) == f"{folder}: no summaries of split 'tset' (splits here: test, valid)"
