import pytest

from research.errors import DataError, UserError
from research.io import atomic_write_text, check_output_path
from research.jsonl import read_text_inputs


def _input(tmp_path, content: str | bytes):
    path = tmp_path / "in.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_reads_rows_and_defaults_ids(tmp_path):
    rows = read_text_inputs(_input(tmp_path, '{"text": "a"}\n\n{"id": 7, "text": "b"}\n'))
    assert rows == [{"id": "1", "text": "a"}, {"id": "7", "text": "b"}]


@pytest.mark.parametrize("content, message", [
    ('{"text": "a"}\n{oops\n', "in.jsonl:2: invalid JSON (Expecting property name enclosed in double quotes)"),
    ('"just a string"\n', "in.jsonl:1: expected a JSON object, got string"),
    ('{"id": "a"}\n', "in.jsonl:1: missing 'text'"),
    ('{"text": ["a"]}\n', "in.jsonl:1: 'text' must be a string, got array"),
    ('{"text": "  "}\n', "in.jsonl:1: 'text' is empty"),
    ('{"id": "x", "text": "a"}\n{"id": "x", "text": "b"}\n', "in.jsonl:2: duplicate id 'x' (first on line 1)"),
    (b'{"text": "a"}\n{"text": "caf\xe9"}\n', "in.jsonl:2: not UTF-8 text (byte offset 27)"),
    ("", "in.jsonl: no input lines"),
])
def test_input_errors_name_file_and_line(tmp_path, content, message):
    with pytest.raises(DataError) as error:
        read_text_inputs(_input(tmp_path, content))
    assert str(error.value) == f"{tmp_path}/{message}"


def test_line_size_limit(tmp_path):
    with pytest.raises(DataError) as error:
        read_text_inputs(_input(tmp_path, '{"text": "' + "x" * 50 + '"}\n'), max_line_bytes=20)
    assert str(error.value) == f"{tmp_path}/in.jsonl:1: line longer than 20 bytes"


def test_output_path_checks(tmp_path):
    source = _input(tmp_path, '{"text": "a"}\n')
    with pytest.raises(UserError, match="output path is the same as the input"):
        check_output_path(source, source)
    with pytest.raises(UserError, match=r"folder '.*missing' does not exist$"):
        check_output_path(tmp_path / "missing" / "out.jsonl", source)
    check_output_path(tmp_path / "out.jsonl", source)


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    atomic_write_text(tmp_path / "a" / "b.txt", "hello")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.txt"]


@pytest.mark.parametrize("stage", ["fsync", "replace"])
def test_a_write_that_fails_midway_keeps_the_old_file_whole(tmp_path, monkeypatch, stage):
    """The data has reached the temporary file (fsync) or is about to be renamed (replace) when the write fails."""
    import os

    target = tmp_path / "table.md"
    atomic_write_text(target, "old content\n")

    def fail(*args):
        raise OSError(f"injected failure in {stage}")

    monkeypatch.setattr(os, stage, fail)
    with pytest.raises(OSError, match=f"injected failure in {stage}"):
        atomic_write_text(target, "new content that must never be seen half-written\n")
    monkeypatch.undo()
    assert target.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.md"]  # no temporary left behind


def test_atomic_write_creates_folders_and_renames_a_temporary_from_beside_the_target(tmp_path, monkeypatch):
    import os
    import re

    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (renamed.append((src, dst)), real_replace(src, dst)))
    target = tmp_path / "a" / "b" / "table.md"
    atomic_write_text(target, "é\n")
    monkeypatch.undo()
    ((src, dst),) = renamed
    assert dst == target and os.path.dirname(src) == str(target.parent)  # same folder: the rename is atomic
    assert re.fullmatch(r"\.table\.md\.[^.]+\.tmp", os.path.basename(src))
    assert target.read_bytes() == "é\n".encode("utf-8")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # an ordinary file, not mkstemp's private 0600


def test_json_dumps_are_canonical():
    from research.io import dumps_json, dumps_jsonl

    assert dumps_jsonl([{"b": "é", "a": 1}, {}]) == '{"b": "é", "a": 1}\n{}\n'
    assert dumps_jsonl([]) == ""
    assert dumps_json({"b": ["é"], "a": None}) == '{\n  "a": null,\n  "b": [\n    "é"\n  ]\n}\n'


def test_json_type_names():
    from research.io import json_type

    assert [json_type(v) for v in ({}, [], "", 1, 1.5, True, None, {1})] == [
        "object", "array", "string", "number", "number", "boolean", "null", "set"]


def test_missing_or_folder_input_is_named(tmp_path):
    with pytest.raises(DataError) as error:
        read_text_inputs(tmp_path)
    assert str(error.value) == f"{tmp_path}: is a folder, expected a JSONL file"
    with pytest.raises(DataError) as error:
        read_text_inputs(tmp_path / "none.jsonl")
    assert str(error.value) == f"{tmp_path}/none.jsonl: no such input file"
    with pytest.raises(UserError) as error:
        check_output_path(tmp_path, tmp_path / "in.jsonl")
    assert str(error.value) == f"{tmp_path}: is a folder, expected a file path"


def test_line_of_exactly_the_limit_is_read(tmp_path):
    line = '{"text": "' + "x" * 8 + '"}'
    assert read_text_inputs(_input(tmp_path, line + "\n"), max_line_bytes=len(line))[0]["text"] == "x" * 8


def test_default_ids_are_line_numbers_even_with_colons_in_the_path(tmp_path):
    path = tmp_path / "in:put.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b"}\n')
    assert [row["id"] for row in read_text_inputs(path)] == ["1", "2"]


@pytest.mark.parametrize("value, kind", [("true", "boolean"), ("[1]", "array"), ("1.5", "number"), ("null", "null")])
def test_ids_must_be_strings_or_integers(tmp_path, value, kind):
    with pytest.raises(DataError) as error:
        read_text_inputs(_input(tmp_path, '{"id": ' + value + ', "text": "a"}\n'))
    assert str(error.value) == f"{tmp_path}/in.jsonl:1: 'id' must be a string or integer, got {kind}"
