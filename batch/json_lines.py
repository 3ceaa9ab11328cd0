"""A JSONL line as profile data: strict JSON (no duplicate keys, no NaN, no number a fact
cannot hold), read by orjson when that is surely what the strict parser would give."""

from __future__ import annotations

import codecs
import json
from typing import Any

import orjson

from ssi_advise.engine.document import MAX_DEPTH, MAX_SIZE, NotFinite, TooLong
from ssi_advise.engine.json_reader import finite_float, json_syntax, not_finite, short_integer
from ssi_advise.engine.problems import InputError, quote


def parse_json_line(line: bytes | None, name: str, number: int) -> Any:
    """One JSONL line as data: strict JSON, no duplicate keys, no NaN; InputError naming the line."""
    place: dict[str, Any] = {"file": name, "line": number}
    if line is None:
        raise InputError.single(f"line is longer than the limit of {MAX_SIZE}", **place)
    # A byte order mark starts the first line of a file saved by Notepad, and any line where
    # such files were joined with `cat`: no part of the data.
    line = line.removeprefix(codecs.BOM_UTF8)
    fast = _plain_json(line)
    return strict_json_line(line, name, number) if fast is _DOUBT else fast


def strict_json_line(line: bytes, name: str, number: int) -> Any:
    """`parse_json_line` by the standard library's parser alone: slower, and it words every problem."""
    place: dict[str, Any] = {"file": name, "line": number}
    try:
        # Without its line end: a text left open would otherwise be blamed on the line break.
        text = line.decode("utf-8-sig").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError as error:
        raise InputError.single(f"is not UTF-8 text (byte 0x{line[error.start]:02x} cannot be decoded)", **place) from None
    try:
        # parse_int: Python refuses an integer of over 4,300 digits with a plain ValueError.
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=not_finite, parse_float=finite_float,
                          parse_int=short_integer)
    except (TooLong, NotFinite) as error:
        raise InputError.single(str(error), **place) from None
    except _Refused as refused:
        raise InputError.single(str(refused), **place) from None
    except RecursionError:
        raise InputError.single(f"nesting is deeper than the limit of {MAX_DEPTH} levels", **place) from None
    except json.JSONDecodeError as error:
        raise InputError.single(json_syntax(error.msg), column=error.colno, **place) from None


class _Refused(ValueError):
    pass


_DOUBT = object()


def _plain_json(line: bytes) -> Any:
    """The line parsed by orjson when that is surely what the strict parser would give, else _DOUBT.

    orjson is five times faster, but keeps the last of two equal keys where the strict parser
    refuses them. Every key is followed by a colon, so when the data holds as many keys as the
    text has colons, no key was given twice (a colon inside a text only sends the line the
    strict way). orjson refuses everything else the strict parser refuses (NaN, a byte order
    mark, bad UTF-8, a lone surrogate), and those lines, like any that is not a mapping or
    holds a float that may have been a very large integer, take the strict path, which words
    the problem (tests/test_batch_json_lines.py holds the two parsers to the same answers).
    """
    if line.count(b"{") + line.count(b"[") >= MAX_DEPTH:
        return _DOUBT
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return _DOUBT
    return data if type(data) is dict and _keys(data) == line.count(b":") else _DOUBT


# orjson reads an integer beyond 64 bits as a float; the strict parser keeps it whole.
_BIG = float(2**63)


def _keys(data: Any) -> int:
    """How many keys the mappings in `data` hold, nested ones included; -1 when a float in it
    may have been written as an integer (one beyond 64 bits)."""
    count = 0
    if type(data) is dict:
        count = len(data)
        data = data.values()
    for value in data:
        kind = type(value)
        if kind is dict or kind is list:
            inner = _keys(value)
            if inner < 0:
                return -1
            count += inner
        elif kind is float and not -_BIG < value < _BIG:
            return -1
    return count


def _unique_keys(items: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(items)
    if len(result) != len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Refused(f"duplicate key {quote(key)}")
            seen.add(key)
    return result

