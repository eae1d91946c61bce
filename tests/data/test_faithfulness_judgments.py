import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from research.cli import main
from research.data import load_faithfulness
from research.data.annotations import ANNOTATIONS, read_annotations
from research.data.faithfulness import read_faithfulness
from research.data.loader import article_rows
from research.errors import DataError
from research.summarization.registry import system_names

ARTICLES = {"000_a": {"id": "000_a", "sentences": ["Rebels attacked the army.", "Reuters said so."]},
            "001_b": {"id": "001_b", "sentences": ["The army attacked the rebels."]}}
GOOD = {"id": "sum-000-01", "article_id": "000_a", "origin": "summary", "systems": ["lead"],
        "text": "The rebels attacked the army.", "label": "supported", "error_type": None,
        "evidence": ["Rebels attacked the army."], "note": ""}
CLAIM = {**GOOD, "id": "claim-000-01", "origin": "claim", "systems": [], "text": "The army attacked rebels.",
         "label": "contradicted", "error_type": "relation"}


def _problems(*rows: dict) -> list[str]:
    problems: list[str] = []
    read_faithfulness([(f"f.jsonl:{n}", row) for n, row in enumerate(rows, start=1)], ARTICLES, problems,
                      system_names())
    return problems


def test_the_data_layer_checks_summarizer_names_only_against_the_names_it_is_given(tmp_path, capsys):
    problems: list[str] = []
    unknown = {**GOOD, "systems": ["gpt", "lead"]}
    assert read_faithfulness([("f.jsonl:1", unknown)], ARTICLES, problems) == [unknown] and problems == []
    read_faithfulness([("f.jsonl:1", unknown)], ARTICLES, problems, ["lead"])
    assert problems == ["f.jsonl:1: 'systems' has unknown summarizer \"gpt\" (choose from: lead)"]
    folder = tmp_path / "annotations"
    shutil.copytree(ANNOTATIONS, folder)
    path = folder / "faithfulness.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    first = next(i for i, row in enumerate(rows) if row["origin"] == "summary")
    rows[first]["systems"] = ["gpt"]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert main(["data", "validate", "--annotations", str(folder)]) == 2  # the command passes the registry's names
    assert "'systems' has unknown summarizer \"gpt\"" in capsys.readouterr().err


def test_shipped_file_counts():
    rows = read_annotations(article_rows()).faithfulness
    assert len(rows) == 181
    assert Counter(r["origin"] for r in rows) == {"claim": 110, "summary": 71}
    assert Counter(r["label"] for r in rows) == {"supported": 114, "contradicted": 55, "unsupported": 12}
    assert Counter(r["error_type"] for r in rows if r["error_type"]) == {
        "relation": 16, "entity": 9, "attribution": 8, "not_in_article": 7, "cause": 6, "place": 6, "time": 6,
        "number": 5, "coreference": 4}
    claims = [r for r in rows if r["origin"] == "claim"]
    assert Counter(r["label"] for r in claims) == {"supported": 55, "contradicted": 46, "unsupported": 9}
    assert Counter(r["error_type"] for r in claims if r["error_type"]) == {
        "relation": 11, "attribution": 7, "cause": 6, "entity": 6, "time": 6, "not_in_article": 5, "number": 5,
        "place": 5, "coreference": 4}
    assert Counter(r["article_id"][:3] for r in claims) == {"000": 18, "001": 38, "002": 16, "003": 20, "004": 18}
    summaries = [r for r in rows if r["origin"] == "summary"]
    assert Counter(r["label"] for r in summaries) == {"supported": 59, "contradicted": 9, "unsupported": 3}
    assert Counter(s for r in summaries for s in r["systems"]) == {
        "random": 17, "lead": 15, "lexrank": 15, "embedding_centroid": 14, "oracle": 12, "textrank": 12,
        "extract_then_rewrite": 15, "chat_lm": 14, "verified": 15}


def test_false_summary_sentences_and_their_true_counterparts():
    rows = {r["id"]: r for r in read_annotations(article_rows()).faithfulness}
    false = {i: (r["systems"], r["label"], r["error_type"]) for i, r in rows.items()
             if r["origin"] == "summary" and r["label"] != "supported"}
    assert false == {
        "sum-000-11": (["extract_then_rewrite"], "contradicted", "entity"),
        "sum-001-11": (["chat_lm"], "contradicted", "relation"),
        "sum-001-12": (["extract_then_rewrite"], "contradicted", "relation"),
        "sum-001-13": (["extract_then_rewrite"], "contradicted", "relation"),
        "sum-003-13": (["chat_lm"], "unsupported", "place"),
        "sum-004-14": (["chat_lm"], "contradicted", "attribution"),
        # the llama_cpp backend's summaries (2026-12-02), judged as new rows: the old ones stay frozen
        "sum-000-12": (["extract_then_rewrite"], "contradicted", "relation"),
        "sum-001-14": (["chat_lm"], "contradicted", "relation"),
        "sum-001-16": (["extract_then_rewrite"], "unsupported", "not_in_article"),
        "sum-003-15": (["chat_lm"], "unsupported", "not_in_article"),
        "sum-004-17": (["chat_lm"], "contradicted", "entity"),
        "sum-004-18": (["extract_then_rewrite"], "contradicted", "entity"),
    }
    assert "to aid the military forces of ECOWAS" in rows["sum-000-11"]["text"]
    assert "to fight against the junta" in rows["sum-001-11"]["text"]
    assert rows["sum-004-14"]["text"].startswith("Soufan Center: General Salifou Mody")
    # the article sentences they distort are summary sentences of other systems, judged supported
    by_text = {r["text"]: r for r in rows.values()}
    for row in ("sum-000-11", "sum-001-11", "sum-004-14"):
        for evidence in rows[row]["evidence"][:1]:
            assert by_text[evidence]["label"] == "supported", evidence


def test_valid_rows_have_no_problem():
    assert _problems(CLAIM, GOOD) == []


@pytest.mark.parametrize(("change", "message"), [
    ({"note": None}, "missing key 'note'"),
    ({"score": 1}, "unknown key 'score' (expected: id, article_id, origin, systems, text, label, error_type, "
                   "evidence, note)"),
    ({"article_id": "999_z"}, "unknown article_id \"999_z\""),
    ({"origin": "model"}, "'origin' \"model\" is not allowed (choose from: summary, claim)"),
    ({"text": " "}, "'text' must be a non-empty string"),
    ({"note": 3}, "'note' must be a string"),
    ({"id": "claim-000-01"}, "'id' \"claim-000-01\" does not match origin and article (expected sum-000-<n>)"),
    ({"id": "sum-001-01"}, "'id' \"sum-001-01\" does not match origin and article (expected sum-000-<n>)"),
    ({"id": "sum-000-1"}, "'id' \"sum-000-1\" does not match origin and article (expected sum-000-<n>)"),
    ({"systems": []}, "'systems' must name at least one summarizer for a summary sentence"),
    ({"systems": "lead"}, "'systems' must be a list of summarizer names"),
    ({"systems": ["lead", "gpt"]}, "'systems' has unknown summarizer \"gpt\" (choose from: chat_lm, "
                                   "embedding_centroid, extract_then_rewrite, lead, learned, lexrank, oracle, random, "
                                   "seq2seq, textrank, verified)"),
    ({"systems": ["textrank", "lead"]}, "'systems' must be sorted and without repeats"),
    ({"label": "true"}, "'label' \"true\" is not allowed (choose from: supported, unsupported, contradicted)"),
    ({"error_type": "entity"}, "'error_type' must be null for a supported sentence, got \"entity\""),
    ({"label": "unsupported"}, "'error_type' is missing for a unsupported sentence"),
    ({"label": "contradicted", "error_type": "polarity"},
     "'error_type' \"polarity\" is not allowed (choose from: relation, entity, place, time, number, attribution, "
     "cause, coreference, not_in_article)"),
    ({"evidence": "Rebels attacked the army."}, "'evidence' must be a list of article sentences"),
    ({"evidence": []}, "'evidence' is empty (only a not_in_article judgment may have no evidence)"),
    ({"evidence": ["The army attacked the rebels."]}, "evidence \"The army attacked the rebels.\" is not a sentence "
                                                      "of 000_a"),
    ({"evidence": ["Rebels attacked the army"]}, "evidence \"Rebels attacked the army\" is not a sentence of 000_a"),
])
def test_each_rule_refuses_a_bad_row(change, message):
    row = {key: value for key, value in {**GOOD, **change}.items() if value is not None or key == "error_type"}
    assert _problems(row) == [f"f.jsonl:1: {message}"]


def test_claim_rules():
    assert _problems({**CLAIM, "systems": ["lead"]}) == ["f.jsonl:1: 'systems' must be empty for a claim"]
    not_in = {**CLAIM, "label": "unsupported", "error_type": "not_in_article", "evidence": []}
    assert _problems(not_in) == []


def test_ids_unique_sorted_and_one_judgment_per_summary_sentence():
    second = {**GOOD, "id": "sum-000-02"}
    assert _problems(GOOD, {**GOOD, "text": "Other."}) == ["f.jsonl:2: second row with id \"sum-000-01\""]
    assert _problems(GOOD, second) == ["f.jsonl:2: second judgment of the same summary sentence of 000_a"]
    assert _problems({**GOOD, "id": "sum-000-02"}, {**GOOD, "text": "Other."}) == [
        "f.jsonl:2: 'id' \"sum-000-01\" comes after \"sum-000-02\" (keep the file sorted by id)"]
    same_text_claim = {**CLAIM, "text": GOOD["text"], "label": "supported", "error_type": None}
    assert _problems(same_text_claim, GOOD) == []  # a claim may repeat a summary sentence's wording


@pytest.fixture()
def copy(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ANNOTATIONS, tmp_path / "ann")
    return Path("ann")


def test_validate_command_reports_file_line_and_exits_2(copy, capsys):
    bad = {**GOOD, "article_id": "000_cd27de7ec40d4303", "evidence": ["Rebels attacked the army."]}
    (copy / "faithfulness.jsonl").write_text("\n" + json.dumps(bad) + "\n{oops\n", encoding="utf-8")
    assert main(["data", "validate", "--annotations", str(copy), "--quiet"]) == 2
    assert capsys.readouterr().err.splitlines() == [  # unreadable lines first, then the judgments' problems
        "ann/faithfulness.jsonl:3: invalid JSON (Expecting property name enclosed in double quotes)",
        "ann/faithfulness.jsonl:2: evidence \"Rebels attacked the army.\" is not a sentence of 000_cd27de7ec40d4303",
    ]


def test_validate_command_accepts_the_shipped_file(capsys):
    assert main(["data", "validate", "--quiet"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(", 42 challenge items, 181 faithfulness judgments")


def test_load_faithfulness():
    everything = load_faithfulness()
    claims = load_faithfulness("claim")
    summaries = load_faithfulness("summary")
    assert everything.num_rows == claims.num_rows + summaries.num_rows
    assert everything["id"] == sorted(everything["id"])
    assert set(claims["origin"]) == {"claim"} and set(summaries["origin"]) == {"summary"}
    assert everything["supported"] == [label == "supported" for label in everything["label"]]
    with pytest.raises(DataError, match=r"^origin \"model\" is not allowed \(choose from: summary, claim\)$"):
        load_faithfulness("model")


def test_the_checkers_read_the_judgments_through_the_same_rules(tmp_path):
    from research.data.faithfulness import read_judgment_file

    path = tmp_path / "faithfulness.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(CLAIM) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:  # the validator's rule: the file is sorted by id
        read_judgment_file(path, ARTICLES)
    assert str(error.value) == f"{path}:2: 'id' \"claim-000-01\" comes after \"sum-000-01\" (keep the file sorted by id)"
    path.write_text(json.dumps({**GOOD, "label": "true"}) + "\n" + json.dumps({**CLAIM, "label": "x"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"f?aithfulness.jsonl:1: .*'label'.* \(and 1 more: research data validate"):
        read_judgment_file(path, ARTICLES)
    path.write_text(json.dumps(CLAIM) + "\n", encoding="utf-8")
    assert read_judgment_file(path, ARTICLES) == [CLAIM]
