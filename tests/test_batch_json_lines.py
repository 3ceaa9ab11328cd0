"""A batch's JSONL lines are read by a fast parser only where it surely agrees with the strict one:
the same data, and the same refusal (duplicate keys, NaN, bad UTF-8, a byte order mark, depth)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssi_advise.batch import open_input
from ssi_advise.batch.json_lines import parse_json_line, strict_json_line
from ssi_advise.engine import InputError

KEYS = st.sampled_from(["a", "b", "id", "x:y", 'q"', "\u00e9", "\\"])
SCALARS = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | st.text(max_size=6)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3), max_leaves=12)


def outcome(read: Any, line: bytes, number: int = 2) -> Any:
    try:
        return "data", read(line, "in.jsonl", number)
    except InputError as error:
        return "refused", [p.format() for p in error.problems]


def same(line: bytes, number: int = 2) -> None:
    fast, strict = outcome(parse_json_line, line, number), outcome(strict_json_line, line, number)
    # NaN never comes back from either; compare the text of the data so -0.0 and 0 differ.
    assert json.dumps(fast, sort_keys=True) == json.dumps(strict, sort_keys=True), line


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(VALUES, st.sampled_from([(",", ":"), (", ", ": "), (",", " : "), ("\t,", "\n:")]), st.integers(0, 3))
def test_any_line_reads_as_the_strict_parser_reads_it(value: Any, separators: tuple[str, str], twice: int) -> None:
    text = json.dumps({"id": "p", "data": value}, separators=separators, ensure_ascii=False)
    same(text.encode())
    # The same key given twice, at the top or inside, in each spacing.
    key = f'"id"{separators[1]}"p"'
    doubled = text.replace(key, f"{key}{separators[0]}{key}", 1) if twice else text[:-1] + f'{separators[0]}"data"{separators[1]}1}}'
    same(doubled.encode())


@pytest.mark.parametrize(
    "line",
    [
        b'{"a": 1, "a": 2}',
        b'{"a": {"b": 1, "b": 1}}',
        b'{"a" :1, "a":2}',
        b'{"a": [{"k": 1, "k": 1}]}',
        b'{"a": NaN}',
        b'{"a": Infinity}',
        b'{"a": 1e400}',
        b'{"a": 123456789012345678901234567890}',
        b'\xef\xbb\xbf{"a": 1}',
        b'{"a": "\xff"}',
        b'{"a": "\\ud800"}',
        b'{"url": "https://example.com", "a": 1}',
        b"[" * 60 + b"]" * 60,
        b'{"a": 1',
        b"",
    ],
)
def test_lines_the_fast_parser_must_not_decide_alone(line: bytes) -> None:
    same(line, number=2)
    same(line, number=1)


def test_a_duplicate_key_is_refused_with_its_name_and_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_json_line(b'{"id": "a", "brand": {"skills": 1, "skills": 2}}', "in.jsonl", 7)
    assert [p.format() for p in caught.value.problems] == ["in.jsonl:7: duplicate key 'skills'"]


@pytest.mark.parametrize("digits", [101, 5000])
def test_an_integer_longer_than_any_fact_is_one_bad_line_not_a_failed_run(digits: int) -> None:
    # Python itself refuses to read an integer of over 4,300 digits (a ValueError, not a
    # JSON syntax error): it must be the line's problem, worded as a profile file's is.
    line = b'{"name": "b", "relationships": {"connections": ' + b"1" * digits + b"}}\n"
    same(line)
    with pytest.raises(InputError) as caught:
        parse_json_line(line, "in.jsonl", 3)
    assert [p.format() for p in caught.value.problems] == [f"in.jsonl:3: a number of {digits} digits is longer than any fact can be"]


@pytest.mark.parametrize("number", ["1e400", "-1E999"])
def test_a_number_too_large_for_a_float_is_refused_as_a_profile_file_refuses_it(number: str) -> None:
    # Python reads it as infinity; a profile file refuses it, so a batch line must too
    # (a pack's own fact without a maximum took it, and orjson sent the engine null).
    line = b'{"id": "a", "custom": {"big": ' + number.encode() + b"}}"
    same(line)
    with pytest.raises(InputError) as caught:
        parse_json_line(line, "in.jsonl", 4)
    assert [p.format() for p in caught.value.problems] == [f"in.jsonl:4: {number} is not a finite number"]


def test_the_line_limit_is_on_the_text_whatever_ends_the_line(tmp_path) -> None:
    # A Windows line end (\r\n) must not make a line of exactly the limit too long.
    from ssi_advise.batch import open_input
    from ssi_advise.engine.document import MAX_BYTES

    def line(size: int) -> bytes:
        return b'{"id": "' + b"x" * (size - 10) + b'"}'

    assert len(line(MAX_BYTES)) == MAX_BYTES
    body = b"".join([line(MAX_BYTES) + b"\n", line(MAX_BYTES) + b"\r\n", line(MAX_BYTES + 1) + b"\n",
                     line(MAX_BYTES + 1) + b"\r\n", b'{"id": "after"}\r\n', line(MAX_BYTES + 1)])
    path = tmp_path / "big.jsonl"
    path.write_bytes(body)
    opened = open_input(str(path))
    try:
        read = [(record.line, record.body is not None) for record in opened.records]
    finally:
        opened.close()
    assert read == [(1, True), (2, True), (3, False), (4, False), (5, True), (6, False)]


def test_a_line_of_spaces_is_blank_however_long(tmp_path) -> None:
    # Blank lines are no records; past the limit too, and a long line with text still is one.
    from ssi_advise.batch import open_input
    from ssi_advise.engine.document import MAX_BYTES

    path = tmp_path / "spaces.jsonl"
    path.write_bytes(b" " * (MAX_BYTES + 5) + b"\n" + b'{"id": "a"}\n' + b" " * (3 << 20) + b"x" * (MAX_BYTES - (1 << 20)) + b"\n")
    opened = open_input(str(path))
    try:
        read = [(record.line, record.body is not None) for record in opened.records]
    finally:
        opened.close()
    assert read == [(2, True), (3, False)]


@pytest.mark.parametrize("number", [1, 2])
def test_a_byte_order_mark_before_any_line_is_no_part_of_its_data(number: int) -> None:
    # Files saved by Notepad joined with `cat`: the second file's mark starts a line in the middle.
    assert parse_json_line(b'\xef\xbb\xbf{"id": "b"}\n', "in.jsonl", number) == {"id": "b"}
    assert strict_json_line(b'\xef\xbb\xbf{"id": "b"}\n', "in.jsonl", number) == {"id": "b"}


def test_a_line_of_a_byte_order_mark_alone_is_blank(tmp_path: Path) -> None:
    # As in a CSV file: the mark is no data, and a blank line no record.
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a"}\n\xef\xbb\xbf\n{"id": "b"}\n')
    opened = open_input(str(source))
    try:
        assert [record.line for record in opened.records] == [1, 3]
    finally:
        opened.close()
