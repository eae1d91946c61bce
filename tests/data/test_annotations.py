import json
import shutil
from pathlib import Path

import pytest

from research.cli import main
from research.data.annotations import ANNOTATIONS, read_annotations
from research.data.loader import article_rows, checked_annotations
from research.errors import DataError


@pytest.fixture()
def copy(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANNOTATIONS, tmp_path / "ann")
    return Path("ann")


def _edit(path: Path, line: int, **changes) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[line - 1])
    for key, value in changes.items():
        if value is None:
            row.pop(key, None)
        else:
            row[key] = value
    lines[line - 1] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_bundled_annotations_are_valid():
    annotations = read_annotations(article_rows())
    assert annotations.problems == []
    assert len(annotations.paragraph_labels) == 57
    assert len(annotations.summaries) == 5
    assert len(annotations.challenge) == 42
    assert len(annotations.article_labels) == 5


def test_every_problem_is_reported_as_file_line_message(copy):
    _edit(copy / "paragraph_labels.jsonl", 3, label="politics")
    _edit(copy / "paragraph_labels.jsonl", 5, prefix="Shifted paragraph")
    _edit(copy / "article_labels.jsonl", 2, primary="public_reaction")
    _edit(copy / "summaries.jsonl", 4, ref_b="Too short.")
    _edit(copy / "challenge.jsonl", 1, label="coup")
    problems = read_annotations(article_rows(), copy).problems
    assert problems == [
        "ann/paragraph_labels.jsonl:3: 'label' \"politics\" is not a topic (choose from: regional_intervention, "
        "domestic_mobilisation, foreign_powers, jihadist_insurgency, coup_and_junta, public_reaction)",
        "ann/paragraph_labels.jsonl:5: prefix \"Shifted paragraph\" does not match 000_cd27de7ec40d4303 #4 "
        "(\"The standoff between Niger and ECOWAS co\")",
        "ann/article_labels.jsonl:2: 'primary' public_reaction is missing from 'topics'",
        "ann/summaries.jsonl:4: 'ref_b' has 2 words (expected 45 to 80)",
        "ann/challenge.jsonl:1: 'label' \"coup\" is not a topic (choose from: regional_intervention, "
        "domestic_mobilisation, foreign_powers, jihadist_insurgency, coup_and_junta, public_reaction)",
    ]


def test_missing_rows_and_duplicates(copy):
    path = copy / "paragraph_labels.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1] + [lines[0]]) + "\n", encoding="utf-8")
    assert read_annotations(article_rows(), copy).problems == [
        "ann/paragraph_labels.jsonl:57: second label row for 000_cd27de7ec40d4303 #0",
        "ann/paragraph_labels.jsonl: no label row for 004_004b61775ea89a25 #8",
    ]


def test_loaders_refuse_drifted_labels(copy):
    _edit(copy / "summaries.jsonl", 1, ref_a=None)
    with pytest.raises(DataError) as error:
        checked_annotations(article_rows(), copy)
    assert str(error.value) == "ann/summaries.jsonl:1: 'ref_a' must be a string"


def test_validate_command(copy, capsys):
    assert main(["data", "validate", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("ok: 57 paragraph labels, 5 article labels, 10 reference summaries")
    _edit(copy / "article_labels.jsonl", 1, article_id="999")
    assert main(["data", "validate", "--annotations", str(copy), "--quiet"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "ann/article_labels.jsonl:1: unknown article_id \"999\"",
        "ann/article_labels.jsonl: no row for 000_cd27de7ec40d4303",
    ]


def test_label_descriptions_cover_every_topic():
    descriptions = read_annotations(article_rows()).descriptions
    assert list(descriptions) == ["regional_intervention", "domestic_mobilisation", "foreign_powers",
                                  "jihadist_insurgency", "coup_and_junta", "public_reaction"]
    assert all(len(d["descriptions"]) >= 3 and d["keywords"] for d in descriptions.values())


def test_label_description_problems_are_named(copy):
    path = copy / "label_descriptions.jsonl"
    _edit(path, 1, descriptions=["only one"])
    _edit(path, 2, topic="foreign_powers")
    _edit(path, 4, keywords=["x", "x"], colour="red")
    problems = read_annotations(article_rows(), copy).problems
    assert problems == [
        "ann/label_descriptions.jsonl:1: 'descriptions' must be a list of at least 3 non-empty strings",
        "ann/label_descriptions.jsonl:3: second row for topic foreign_powers",
        "ann/label_descriptions.jsonl:4: unknown key 'colour' (expected topic, descriptions, keywords)",
        "ann/label_descriptions.jsonl: no row for topic domestic_mobilisation",
    ]
