import json

import pytest

from research.cli import main
from research.errors import ConfigError, DataError
from research.faithfulness.verify import read_verify_config, verify_files

SOURCES = [{"id": "a", "text": "ECOWAS gave the junta seven days.\n\nThe junta closed the airspace."},
           {"id": 7, "text": "Russia denied sending 500 troops."}]


def _write(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_verify_round_trips_ids_in_source_order(tmp_path):
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    summaries = _write(tmp_path / "p.jsonl", [{"id": "7", "summary": "Russia sent 600 troops. Russia denied it."},
                                              {"id": "a", "summary": "The junta had 7 days. It closed the airspace."}])
    out = tmp_path / "o.jsonl"
    assert main(["verify", "--sources", str(sources), "--summaries", str(summaries), "--output", str(out),
                 "--checker", "numbers"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a", "7"]
    assert rows[0] == {"id": "a", "score": 1.0, "unsupported": 0, "sentences": [
        {"text": "The junta had 7 days.", "supported": True, "score": 1.0,
         "evidence": ["ECOWAS gave the junta seven days."]},
        {"text": "It closed the airspace.", "supported": True, "score": 1.0, "evidence": []}]}
    assert rows[1] == {"id": "7", "score": 0.5, "unsupported": 1, "sentences": [  # score: the sentences' mean
        {"text": "Russia sent 600 troops.", "supported": False, "score": 0.0, "evidence": []},
        {"text": "Russia denied it.", "supported": True, "score": 1.0, "evidence": []}]}


def test_verify_refuses_mismatched_ids_and_writes_nothing(tmp_path, capsys):
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    summaries = _write(tmp_path / "p.jsonl", [{"id": "a", "summary": "x."}, {"id": "b", "summary": "y."}])
    out = tmp_path / "o.jsonl"
    assert main(["verify", "--sources", str(sources), "--summaries", str(summaries), "--output", str(out),
                 "--checker", "numbers"]) == 2
    assert capsys.readouterr().err == f"error: {summaries}:2: key 'id': 'b' has no source in {sources}\n"
    assert not out.exists()


def test_verify_names_a_missing_summary_id(tmp_path):
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    summaries = _write(tmp_path / "p.jsonl", [{"id": "a", "summary": "x."}])
    with pytest.raises(DataError, match=rf"^{tmp_path}/s.jsonl:2: key 'id': '7' has no summary in .*p.jsonl$"):
        verify_files(sources, summaries, tmp_path / "o.jsonl", "numbers")


def test_verify_names_file_line_and_key_of_a_bad_summary(tmp_path):
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    summaries = _write(tmp_path / "p.jsonl", [{"id": "a", "summary": "x."}, {"id": "7", "summary": 3}])
    with pytest.raises(DataError, match=r"p.jsonl:2: 'summary' must be a string, got number$"):
        verify_files(sources, summaries, tmp_path / "o.jsonl", "numbers")
    assert not (tmp_path / "o.jsonl").exists()


def test_verify_config_names_checker_and_rejects_unknown_keys(tmp_path):
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    summaries = _write(tmp_path / "p.jsonl", [{"id": "a", "summary": "x."}, {"id": "7", "summary": "y."}])
    config = tmp_path / "c.yaml"
    config.write_text("system: {name: numbers}\nchecker_options: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c.yaml: unknown key 'checker_options'$"):
        verify_files(sources, summaries, tmp_path / "o.jsonl", config=config)
    config.write_text("checker: numbers\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:  # the old shape
        verify_files(sources, summaries, tmp_path / "o.jsonl", config=config)
    assert str(error.value) == (f"{config}: write system: {{name: numbers}} (the options go inside it, a separate "
                                "'options' key is not read)")
    config.write_text("system: {name: numbrs}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c.yaml: key 'system': unknown checker \"numbrs\" \(did you mean 'numbers'"):
        verify_files(sources, summaries, tmp_path / "o.jsonl", config=config)
    config.write_text("system: {name: combined, C: -1}\n", encoding="utf-8")  # its options, checked with the file
    with pytest.raises(ConfigError) as error:
        read_verify_config(config)
    assert str(error.value) == f"{config}: key 'system': checker 'combined': combined: C must be positive, got -1"
    config.write_text("system: {name: numbers}\n", encoding="utf-8")
    rows = verify_files(sources, summaries, tmp_path / "o.jsonl", config=config)
    assert [row["unsupported"] for row in rows] == [0, 0]


def test_evaluate_with_sources_reports_the_unsupported_share(tmp_path, monkeypatch):
    from research.evaluation.evaluate import evaluate_files

    monkeypatch.setattr("research.evaluation.evaluate.DEFAULT_CHECKER", "numbers")
    sources = _write(tmp_path / "s.jsonl", SOURCES)
    refs = _write(tmp_path / "r.jsonl", [{"id": "a", "summaries": ["The junta had seven days."]},
                                         {"id": "7", "summaries": ["Russia denied it."]}])
    preds = _write(tmp_path / "p.jsonl", [{"id": "a", "summary": "The junta had 7 days. It had 9 jets."},
                                          {"id": "7", "summary": "Russia sent 500 troops."}])
    evaluation = evaluate_files(refs, preds, sources=sources, seed=0)
    assert evaluation.table.rows[-1][:2] == ["unsupported sentences (numbers)", 100 * (1 / 3)]  # the share (1 of 3 sentences) times 100
    assert evaluation.payload["unsupported"]["sentences"] == 3
    assert [row["unsupported_sentences"] for row in evaluation.payload["items"]] == [1, 0]
    bad = _write(tmp_path / "s2.jsonl", [SOURCES[0]])
    with pytest.raises(DataError, match=r"s2.jsonl: no source for id '7' of the predictions"):
        evaluate_files(refs, preds, sources=bad)
