"""Every command that reads input accepts UTF-8 with a byte-order mark and CRLF line ends (Windows editors)."""

import json

import pytest

from research.cli import main
from research.config import read_yaml_mapping
from research.data.sources import read_documents
from research.errors import DataError
from research.jsonl import read_lines
from research.paths import CONFIGS

ROWS = [{"id": "a", "text": "Troops reached Niamey. The weather was mild.\n\nECOWAS met on Friday."},
        {"id": "b", "text": "A second text. It is short."}]


def _write(path, rows, windows: bool):
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    data = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8") if windows else text.encode("utf-8")
    path.write_bytes(data)
    return path


def _both(tmp_path, name, rows):
    return _write(tmp_path / f"{name}.jsonl", rows, False), _write(tmp_path / f"{name}-windows.jsonl", rows, True)


def test_reader_drops_bom_and_cr_and_keeps_raw_line_separators_inside_strings(tmp_path):
    rows = [{"id": "a", "text": "one\u2028two\x85three"}, {"id": "b", "text": "x"}]
    plain, windows = _both(tmp_path, "in", rows)
    assert [line.row for line in read_lines(windows)] == rows
    assert [line.where for line in read_lines(plain)] == [f"{plain}:1", f"{plain}:2"]


def test_other_encodings_name_file_line_and_byte_offset(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes('{"text": "a"}\n{"text": "é"}\n'.encode("utf-16"))
    with pytest.raises(DataError) as error:
        list(read_lines(path))
    assert str(error.value) == f"{path}:1: not UTF-8 text (byte offset 0)"


@pytest.mark.parametrize("command, config, extra", [
    ("summarize", "summarize-lead.yaml", ["--set", "budget.sentences=1"]),
    ("classify", "classify-majority.yaml", []),
])
def test_summarize_and_classify_read_windows_files(tmp_path, capsys, command, config, extra):
    outputs = []
    for source in _both(tmp_path, "in", ROWS):
        out = tmp_path / f"out-{source.stem}.jsonl"
        assert main([command, "--config", str(CONFIGS / config), "--input", str(source), "--output", str(out),
                     *extra, "--quiet"]) == 0
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert [json.loads(line)["id"] for line in outputs[1].splitlines()] == ["a", "b"]


def test_evaluate_reads_windows_files(tmp_path, capsys):
    refs = [{"id": "a", "summaries": ["ECOWAS met on Friday."]}, {"id": "b", "summaries": ["It is short."]}]
    preds = [{"id": "b", "summary": "It is short."}, {"id": "a", "summary": "ECOWAS met on Friday."}]
    printed = []
    for (r, p) in zip(_both(tmp_path, "refs", refs), _both(tmp_path, "preds", preds)):
        assert main(["evaluate", "--references", str(r), "--predictions", str(p), "--quiet"]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1]
    assert "| R1 | 100.00 | 100.00 | 100.00 |" in printed[1]


def test_text_sources_and_configs_drop_the_bom(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes("\ufeffTroops reached Niamey.\r\n\r\nECOWAS met.\r\n".encode("utf-8"))
    (document,) = read_documents(folder)
    assert document.text.startswith("Troops")
    config = tmp_path / "c.yaml"
    config.write_bytes("\ufeffexperiment: dataset_stats\r\nseed: 3\r\n".encode("utf-8"))
    assert read_yaml_mapping(config) == {"experiment": "dataset_stats", "seed": 3}


def test_verify_reads_windows_files(tmp_path, capsys):
    summaries = [{"id": "b", "summary": "It is short."}, {"id": "a", "summary": "ECOWAS met on Monday."}]
    written = []
    for source, summary in zip(_both(tmp_path, "sources", ROWS), _both(tmp_path, "summaries", summaries)):
        out = tmp_path / f"verified-{source.stem}.jsonl"
        assert main(["verify", "--sources", str(source), "--summaries", str(summary), "--output", str(out),
                     "--checker", "numbers", "--quiet"]) == 0
        written.append(out.read_text(encoding="utf-8"))
    assert written[0] == written[1]
    assert [json.loads(line)["id"] for line in written[1].splitlines()] == ["a", "b"]
