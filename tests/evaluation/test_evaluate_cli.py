import json

import pytest

from research.cli import main

REFS = [
    {"id": "a", "summaries": ["The junta closed the airspace of Niger on Sunday.", "Niger closed its airspace."]},
    {"id": "b", "summaries": ["ECOWAS threatened military intervention."]},
]
PREDS = [{"id": "b", "summary": "ECOWAS threatened military intervention."},
         {"id": "a", "summary": "The junta closed the airspace of Niger on Sunday."}]


def _jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture()
def files(tmp_path):
    return _jsonl(tmp_path / "refs.jsonl", REFS), _jsonl(tmp_path / "preds.jsonl", PREDS)


def _evaluate(*args):
    return main(["evaluate", *map(str, args), "--quiet"])


def test_perfect_summaries_print_100_and_save_json(files, tmp_path, capsys):
    refs, preds = files
    out = tmp_path / "scores.json"
    assert _evaluate("--references", refs, "--predictions", preds, "--output", out) == 0
    printed = capsys.readouterr().out
    # 'a' matches its first reference exactly and shares no bigram with its second: mean over refs (0.5 + 1) / 2
    assert "| R2 | 100.00 | 100.00 | 100.00 | [100.00, 100.00] | 75.00 |" in printed
    assert printed.endswith(f"written to {out}\n")
    saved = json.loads(out.read_text())
    assert saved["n"] == 2 and saved["metrics"]["rouge1"]["f1"] == 1.0
    assert [item["id"] for item in saved["items"]] == ["a", "b"]


def test_csv_output_is_the_printed_table(files, tmp_path, capsys):
    refs, preds = files
    out = tmp_path / "scores.csv"
    assert _evaluate("--references", refs, "--predictions", preds, "--output", out) == 0
    assert out.read_text().splitlines()[0] == "metric,P,R,F1,F1 95% CI,F1 mean over refs"
    assert out.read_text().splitlines()[1].startswith("R1,100.00,100.00,100.00,")


def test_classification(tmp_path, capsys):
    refs = _jsonl(tmp_path / "refs.jsonl", [{"id": 1, "label": "x"}, {"id": 2, "label": "y"}, {"id": 3, "label": "y"}])
    preds = _jsonl(tmp_path / "preds.jsonl", [{"id": 1, "label": "x"}, {"id": 2, "label": "x"}, {"id": 3, "label": "y"}])
    out = tmp_path / "scores.json"
    assert _evaluate("--references", refs, "--predictions", preds, "--task", "classification", "--output", out) == 0
    printed = capsys.readouterr().out
    assert "| macro-F1 | 0.667 |\n| accuracy | 0.667 |" in printed
    saved = json.loads(out.read_text())
    assert saved["macro_f1"] == pytest.approx(2 / 3) and saved["accuracy"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("ref_lines, pred_lines, message", [
    (REFS, [PREDS[0]], "{refs}:1: key 'id': 'a' has no prediction in {preds}"),
    (REFS, [*PREDS, {"id": "c", "summary": "x"}], "{preds}:3: key 'id': 'c' has no reference in {refs}"),
    (REFS, [PREDS[0], {"id": "a", "summary": "  "}], "{preds}:2: 'summary' is empty"),
    (REFS, [PREDS[0], {"id": "a"}], "{preds}:2: missing 'summary'"),
    (REFS, [PREDS[0], {"id": "a", "summary": 3}], "{preds}:2: 'summary' must be a string, got number"),
    (REFS, [PREDS[0], '{"id": "a", "summary": "x"'], "{preds}:2: invalid JSON (Expecting ',' delimiter)"),
    (REFS, [PREDS[0], "[1]"], "{preds}:2: expected a JSON object, got array"),
    (REFS, [PREDS[0], {"summary": "x"}], "{preds}:2: missing 'id'"),
    (REFS, [PREDS[0], PREDS[0]], "{preds}:2: duplicate id 'b' (first on line 1)"),
    (REFS, [], "{preds}: no input lines"),
    ([{"id": "a", "summaries": []}], PREDS, "{refs}:1: 'summaries' is an empty list"),
    ([{"id": "a", "summaries": "text"}], PREDS, "{refs}:1: 'summaries' must be a list of strings, got string"),
    ([{"id": "a", "summaries": ["ok", ""]}], PREDS, "{refs}:1: 'summaries'[1] is empty"),
    ([{"id": "a", "text": "x"}], PREDS, "{refs}:1: missing 'summaries'"),
])
def test_summarization_user_errors(tmp_path, capsys, ref_lines, pred_lines, message):
    refs, preds = _jsonl(tmp_path / "refs.jsonl", ref_lines), _jsonl(tmp_path / "preds.jsonl", pred_lines)
    out = tmp_path / "out.json"
    assert _evaluate("--references", refs, "--predictions", preds, "--output", out) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: " + message.format(refs=refs, preds=preds) + "\n"
    assert captured.out == ""
    assert not out.exists()


@pytest.mark.parametrize("ref_lines, pred_lines, message", [
    ([{"id": "a", "label": "x"}], [{"id": "a"}], "{preds}:1: missing 'label'"),
    ([{"id": "a", "label": ["x"]}], [{"id": "a", "label": "x"}], "{refs}:1: 'label' must be a string or integer, got array"),
    ([{"id": "a", "label": "x"}, {"id": "b", "label": "y"}, {"id": "c", "label": "y"}], [{"id": "c", "label": "x"}],
     "{refs}:1: key 'id': 'a' has no prediction in {preds} (and 1 more)"),
])
def test_classification_user_errors(tmp_path, capsys, ref_lines, pred_lines, message):
    refs, preds = _jsonl(tmp_path / "refs.jsonl", ref_lines), _jsonl(tmp_path / "preds.jsonl", pred_lines)
    assert _evaluate("--references", refs, "--predictions", preds, "--task", "classification") == 2
    assert capsys.readouterr().err == "error: " + message.format(refs=refs, preds=preds) + "\n"


def test_file_and_output_errors(files, tmp_path, capsys):
    refs, preds = files
    cases = [
        (["--references", tmp_path / "none.jsonl", "--predictions", preds], f"{tmp_path / 'none.jsonl'}: no such input file"),
        (["--references", refs, "--predictions", preds, "--output", tmp_path / "x.txt"],
         f"{tmp_path / 'x.txt'}: output must end in .json or .csv"),
        (["--references", refs, "--predictions", preds, "--output", tmp_path / "no" / "x.json"],
         f"{tmp_path / 'no' / 'x.json'}: folder '{tmp_path / 'no'}' does not exist"),
    ]
    for args, message in cases:
        assert _evaluate(*args) == 2
        assert capsys.readouterr().err == f"error: {message}\n"
    (tmp_path / "bad.jsonl").write_bytes(b'{"id": "a", "summary": "ok"}\n\xff\n')
    assert _evaluate("--references", refs, "--predictions", tmp_path / "bad.jsonl") == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'bad.jsonl'}:2: not UTF-8 text (byte offset 29)\n"


def test_unknown_task_is_an_argparse_error(files, capsys):
    refs, preds = files
    with pytest.raises(SystemExit) as info:
        _evaluate("--references", refs, "--predictions", preds, "--task", "translation")
    assert info.value.code == 2
    assert "invalid choice: 'translation'" in capsys.readouterr().err
