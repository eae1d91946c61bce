"""research.jsonl: every reader's lines, ids, fields and pairing, with exact values and messages."""

import pytest

from research.errors import DataError
from research.io import DEFAULT_MAX_LINE_BYTES
from research.jsonl import (
    Line, label_field, line_id, pair_by_id, read_lines, read_objects, read_text_inputs, text_field, texts_field,
)


def write(tmp_path, text: str, name: str = "in.jsonl"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def error(call, *args, **kwargs) -> str:
    with pytest.raises(DataError) as caught:
        result = call(*args, **kwargs)
        list(result) if hasattr(result, "__next__") else result
    return str(caught.value)


# -- read_lines ------------------------------------------------------------------------------------------------
def test_lines_keep_their_numbers_past_blank_lines_and_crlf(tmp_path):
    path = write(tmp_path, '{"a": 1}\r\n\n   \r\n{"b": "x"}\n{"c": []}')  # no final newline
    lines = list(read_lines(path))
    assert lines == [Line(path, 1, {"a": 1}), Line(path, 4, {"b": "x"}), Line(path, 5, {"c": []})]
    assert [line.where for line in lines] == [f"{path}:1", f"{path}:4", f"{path}:5"]


def test_a_path_given_as_a_string_becomes_a_path(tmp_path):
    path = write(tmp_path, '{"a": 1}\n')
    assert list(read_lines(str(path))) == [Line(path, 1, {"a": 1})]


def test_a_byte_order_mark_is_dropped_and_raw_separators_stay_inside_strings(tmp_path):
    path = write(tmp_path, '\ufeff{"t": "one\u2028two\u0085three"}\n')
    assert list(read_lines(path)) == [Line(path, 1, {"t": "one\u2028two\u0085three"})]


def test_an_empty_file_has_no_lines(tmp_path):
    assert list(read_lines(write(tmp_path, ""))) == []
    assert list(read_lines(write(tmp_path, "\n", "newline.jsonl"))) == []


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    assert error(read_lines, tmp_path) == f"{tmp_path}: is a folder, expected a JSONL file"
    assert error(read_lines, tmp_path / "nope.jsonl") == f"{tmp_path / 'nope.jsonl'}: no such input file"


def test_the_line_limit_counts_utf8_bytes_and_allows_exactly_the_limit(tmp_path):
    line = '{"t": "é"}'  # 11 bytes, 10 characters
    path = write(tmp_path, line + "\n" + line + "\n")
    assert len(list(read_lines(path, max_line_bytes=11))) == 2
    assert error(read_lines, path, max_line_bytes=10) == f"{path}:1: line longer than 10 bytes"
    assert len(list(read_lines(path))) == 2  # no limit by default


def test_the_line_limit_does_not_count_a_crlf_line_end(tmp_path):
    path = write(tmp_path, '{"a": 1}\r\n{"b": 2}\r\n')
    assert len(list(read_lines(path, max_line_bytes=8))) == 2


def test_the_line_limit_applies_to_blank_lines_too(tmp_path):
    path = write(tmp_path, '{"a": 1}\n' + " " * 20 + "\n")
    assert error(read_lines, path, max_line_bytes=19) == f"{path}:2: line longer than 19 bytes"


@pytest.mark.parametrize("text, problem", [
    ("[1, 2]", "expected a JSON object, got array"),
    ('"text"', "expected a JSON object, got string"),
    ("3", "expected a JSON object, got number"),
    ("null", "expected a JSON object, got null"),
    ("{'a': 1}", "invalid JSON (Expecting property name enclosed in double quotes)"),
    ('{"a": 1', "invalid JSON (Expecting ',' delimiter)"),
])
def test_a_line_that_is_not_an_object_is_named(tmp_path, text, problem):
    path = write(tmp_path, '{"ok": 1}\n' + text + "\n")
    assert error(read_lines, path) == f"{path}:2: {problem}"


def test_with_a_problems_list_every_bad_line_is_recorded_and_the_good_ones_read(tmp_path):
    path = write(tmp_path, '[1]\n{"a": 1}\nnot json\n{"b": 2}\n')
    problems: list[str] = []
    lines = list(read_lines(path, problems=problems))
    assert lines == [Line(path, 2, {"a": 1}), Line(path, 4, {"b": 2})]
    assert problems == [f"{path}:1: expected a JSON object, got array", f"{path}:3: invalid JSON (Expecting value)"]


def test_the_line_limit_is_raised_even_with_a_problems_list(tmp_path):
    path = write(tmp_path, '{"a": 12345}\n')
    assert error(read_lines, path, max_line_bytes=5, problems=[]) == f"{path}:1: line longer than 5 bytes"


# -- ids -------------------------------------------------------------------------------------------------------
def line(row, number=3, path="p.jsonl"):
    from pathlib import Path

    return Line(Path(path), number, row)


def test_an_id_is_a_string_recorded_with_its_line():
    seen: dict[str, int] = {}
    assert line_id(line({"id": 7}), seen) == "7"
    assert line_id(line({"id": "a"}, number=5), seen) == "a"
    assert seen == {"7": 3, "a": 5}


def test_a_missing_id_takes_the_default_only_when_given():
    seen: dict[str, int] = {}
    assert line_id(line({}), seen, default="3") == "3"
    assert line_id(line({"id": "x"}, number=4), seen, default="4") == "x"  # the row's id wins
    assert seen == {"3": 3, "x": 4}
    assert error(line_id, line({}), {}) == "p.jsonl:3: missing 'id'"


@pytest.mark.parametrize("value, got", [(True, "boolean"), (1.5, "number"), (None, "null"), ([1], "array"),
                                        ({"a": 1}, "object")])
def test_an_id_of_another_type_is_refused(value, got):
    assert error(line_id, line({"id": value}), {}) == f"p.jsonl:3: 'id' must be a string or integer, got {got}"


def test_an_explicit_null_id_is_refused_even_with_a_default():
    message = "p.jsonl:3: 'id' must be a string or integer, got null"
    assert error(line_id, line({"id": None}), {}, default="3") == message


@pytest.mark.parametrize("value", ["", "  \t"])
def test_an_empty_id_is_refused(value):
    assert error(line_id, line({"id": value}), {}) == "p.jsonl:3: 'id' is empty"


def test_a_duplicate_id_names_its_first_line():
    seen = {"7": 1}
    assert error(line_id, line({"id": 7}, number=9), seen) == "p.jsonl:9: duplicate id '7' (first on line 1)"
    assert seen == {"7": 1}


def test_read_objects_requires_unique_ids_or_numbers_the_lines(tmp_path):
    path = write(tmp_path, '{"id": 5, "t": "a"}\n\n{"t": "b"}\n')
    assert error(read_objects, path) == f"{path}:3: missing 'id'"
    assert read_objects(path, ids="line") == [Line(path, 1, {"id": "5", "t": "a"}), Line(path, 3, {"id": "3", "t": "b"})]
    clash = write(tmp_path, '{"t": "a"}\n{"id": "1", "t": "b"}\n', "clash.jsonl")
    assert error(read_objects, clash, ids="line") == f"{clash}:2: duplicate id '1' (first on line 1)"


def test_read_objects_knows_two_id_policies(tmp_path):
    with pytest.raises(ValueError) as caught:
        read_objects(write(tmp_path, '{"id": "a"}\n'), ids="optional")
    assert str(caught.value) == "ids must be 'required' or 'line', got 'optional'"


def test_read_objects_passes_the_line_limit_and_refuses_an_empty_file(tmp_path):
    path = write(tmp_path, '{"id": "a"}\n')
    assert error(read_objects, path, max_line_bytes=5) == f"{path}:1: line longer than 5 bytes"
    empty = write(tmp_path, "\n\n", "empty.jsonl")
    assert error(read_objects, empty) == f"{empty}: no input lines"


# -- fields ----------------------------------------------------------------------------------------------------
def test_text_field():
    assert text_field(line({"text": " a "}), "text") == " a "
    assert error(text_field, line({}), "text") == "p.jsonl:3: missing 'text'"
    assert error(text_field, line({"text": 1}), "text") == "p.jsonl:3: 'text' must be a string, got number"
    assert error(text_field, line({"text": " \n"}), "text") == "p.jsonl:3: 'text' is empty"


def test_texts_field():
    assert texts_field(line({"refs": ["a", "b"]}), "refs") == ["a", "b"]
    assert error(texts_field, line({}), "refs") == "p.jsonl:3: missing 'refs'"
    assert error(texts_field, line({"refs": "a"}), "refs") == "p.jsonl:3: 'refs' must be a list of strings, got string"
    assert error(texts_field, line({"refs": []}), "refs") == "p.jsonl:3: 'refs' is an empty list"
    assert error(texts_field, line({"refs": ["a", 2]}), "refs") == "p.jsonl:3: 'refs'[1] must be a string, got number"
    assert error(texts_field, line({"refs": ["a", " "]}), "refs") == "p.jsonl:3: 'refs'[1] is empty"


def test_label_field():
    assert label_field(line({"label": "war"})) == "war"
    assert label_field(line({"label": 2})) == "2"
    assert error(label_field, line({})) == "p.jsonl:3: missing 'label'"
    assert error(label_field, line({"label": False})) == "p.jsonl:3: 'label' must be a string or integer, got boolean"
    assert error(label_field, line({"label": 2.0})) == "p.jsonl:3: 'label' must be a string or integer, got number"
    assert error(label_field, line({"label": " "})) == "p.jsonl:3: 'label' is empty"


# -- pairing ---------------------------------------------------------------------------------------------------
def rows(path, *ids):
    return [line({"id": i}, number=n, path=path) for n, i in enumerate(ids, start=1)]


def test_pairs_follow_the_first_files_order():
    first, second = rows("p.jsonl", "a", "b", "c"), rows("r.jsonl", "c", "a", "b")
    assert pair_by_id(first, second, "prediction", "reference") == [
        (first[0], second[1]), (first[1], second[2]), (first[2], second[0])]


def test_an_id_only_in_the_second_file_is_named_there():
    message = error(pair_by_id, rows("p.jsonl", "a"), rows("r.jsonl", "a", "z"), "prediction", "reference")
    assert message == "r.jsonl:2: key 'id': 'z' has no prediction in p.jsonl"


def test_ids_missing_from_the_second_file_are_named_with_a_count():
    first = rows("p.jsonl", "a", "b", "c", "d")
    one = error(pair_by_id, first, rows("r.jsonl", "a", "c", "d"), "prediction", "reference")
    assert one == "p.jsonl:2: key 'id': 'b' has no reference in r.jsonl"
    two = error(pair_by_id, first, rows("r.jsonl", "a", "d"), "prediction", "reference")
    assert two == "p.jsonl:2: key 'id': 'b' has no reference in r.jsonl (and 1 more)"
    three = error(pair_by_id, first, rows("r.jsonl", "c"), "prediction", "reference")
    assert three == "p.jsonl:1: key 'id': 'a' has no reference in r.jsonl (and 2 more)"


# -- user inputs -----------------------------------------------------------------------------------------------
def test_text_inputs_number_missing_ids_and_need_a_text(tmp_path):
    path = write(tmp_path, '{"text": "first"}\n{"id": "x", "text": "second", "extra": 1}\n')
    assert read_text_inputs(path) == [{"text": "first", "id": "1"}, {"id": "x", "text": "second", "extra": 1}]
    bad = write(tmp_path, '{"text": "first"}\n{"text": ""}\n', "bad.jsonl")
    assert error(read_text_inputs, bad) == f"{bad}:2: 'text' is empty"


def test_text_inputs_have_a_line_limit_by_default(tmp_path):
    body = "x" * (DEFAULT_MAX_LINE_BYTES - len('{"text": ""}'))
    fits = write(tmp_path, '{"text": "%s"}\n' % body)
    assert len(read_text_inputs(fits)[0]["text"]) == len(body)
    over = write(tmp_path, '{"text": "%sx"}\n' % body, "over.jsonl")
    assert error(read_text_inputs, over) == f"{over}:1: line longer than {DEFAULT_MAX_LINE_BYTES} bytes"
    assert len(read_text_inputs(over, max_line_bytes=None)[0]["text"]) == len(body) + 1
