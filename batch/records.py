"""Reading a batch: the records of a JSONL file, a folder of profile files or a CSV file.

The reader only splits the input into records, cheaply and lazily, so memory stays flat
however long the input is; each record is decoded (and found wrong) in `decode`, which runs
in a worker process when there are several. A record that cannot be read becomes an error
record of its own: one bad line never stops the rest.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

import orjson

from ssi_advise.engine.document import MAX_BYTES, MAX_DEPTH, Document, JsonPath, Mark, NotFinite, TooLong
from ssi_advise.engine.documents import load_document
from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.json_reader import checked_text, finite_float, not_finite, short_integer
from ssi_advise.engine.problems import InputError, quote

from .table import check_header, parse_row, row_marks

Kind = Literal["jsonl", "folder", "csv"]
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)


class Unreadable(NamedTuple):
    """A record the reader could not split off cleanly, and why."""

    reason: str


class Record(NamedTuple):
    """One input record, not yet decoded: cheap to send to a worker process."""

    line: int  # the line it starts on (folders: its position)
    fallback_id: str  # the record's id when the profile has none: file name or line number
    body: Any  # JSONL: the line's bytes; folder: the file's path; CSV: the row's cells


@dataclass
class BatchInput:
    """An opened batch input: what kind it is, its name, and its records in order."""

    kind: Kind
    name: str
    records: Iterator[Record]
    size: int | None = None  # bytes (files) or records (folders) for a progress bar; None when unknown
    columns: tuple[FactSpec, ...] = field(default=())  # CSV: the header's facts
    handle: IO[bytes] | None = None

    def position(self) -> int:
        """How far the reader is, in the unit of `size`."""
        if self.handle is None or self.handle is sys.stdin.buffer:
            return 0
        try:
            return self.handle.tell()
        except OSError:
            return 0

    def close(self) -> None:
        if self.handle is not None and self.handle is not sys.stdin.buffer:
            self.handle.close()


def input_kind(source: str, stated: Kind | None = None) -> Kind:
    """What `source` holds: stated, or a folder, or told by its suffix (JSONL otherwise)."""
    if stated is not None:
        return stated
    if source != "-" and Path(source).is_dir():
        return "folder"
    return "csv" if source.lower().endswith(CSV_SUFFIXES) else "jsonl"


def open_input(source: str, kind: Kind | None = None, known: Mapping[str, FactSpec] | None = None) -> BatchInput:
    """Open a batch input (`-` for standard input); InputError when it cannot be read at all.
    `known`: the facts a CSV header may name, those of the pack in use (default: the built-in ones)."""
    kind = input_kind(source, kind)
    name = "<stdin>" if source == "-" else source
    if kind == "folder":
        files = _folder_files(Path(source))
        return BatchInput(kind, name, _folder_records(files), size=len(files))
    handle = _open_binary(source, name)
    size = None if source == "-" else os.fstat(handle.fileno()).st_size
    if kind == "jsonl":
        return BatchInput(kind, name, _jsonl_records(handle), size=size, handle=handle)
    # Bytes that are not UTF-8 are kept as lone surrogates, which the record's text check
    # refuses: one bad row is one error record, and reading goes on.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError.single(f"the header cannot be read: {error}", file=name, line=1) from None
    if header is None:
        raise InputError.single("file is empty; expected a header of fact paths (see `ssi-advise batch template`)", file=name)
    columns = check_header(header, name, known)
    return BatchInput(kind, name, _csv_records(reader), size=size, columns=columns, handle=handle)


def _open_binary(source: str, name: str) -> IO[bytes]:
    if source == "-":
        return sys.stdin.buffer
    try:
        if Path(source).is_dir():
            raise InputError.single("is a folder; a folder is read as profile files only when named as a folder", file=name)
        return open(source, "rb")  # noqa: SIM115 - closed by BatchInput.close
    except FileNotFoundError:
        raise InputError.single("no such file", file=name) from None
    except OSError as error:
        raise InputError.single(f"cannot be read: {error.strerror or error}", file=name) from None


def _folder_files(folder: Path) -> list[Path]:
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PROFILE_SUFFIXES and p.is_file())
    except OSError as error:
        raise InputError.single(f"cannot be read: {error.strerror or error}", file=str(folder)) from None
    if not files:
        raise InputError.single(f"holds no profile files ({', '.join(PROFILE_SUFFIXES)})", file=str(folder))
    return files


def _folder_records(files: list[Path]) -> Iterator[Record]:
    for number, path in enumerate(files, start=1):
        yield Record(number, path.name, str(path))


def _jsonl_records(handle: IO[bytes]) -> Iterator[Record]:
    number = 0
    while True:
        # The limit is on a line's text: its end (\n, or \r\n as Windows writes it) comes on top.
        line = handle.readline(MAX_BYTES + 2)
        if not line:
            return
        number += 1
        ending = 2 if line.endswith(b"\r\n") else 1 if line.endswith(b"\n") else 0
        if len(line) - ending > MAX_BYTES:
            # Too long to be a profile: skip to the end of the line without holding it.
            while not ending and (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield Record(number, f"line {number}", None)
        elif line.strip():
            yield Record(number, f"line {number}", line)


def _csv_records(reader: Any) -> Iterator[Record]:
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (UnicodeDecodeError, csv.Error) as error:
            end = reader.line_num
            yield Record(start, f"line {start}", Unreadable(f"cannot be read: {error}"))
            continue
        end = reader.line_num
        if any(cell.strip() for cell in row):
            yield Record(start, f"line {start}", tuple(row))


def decode(kind: Kind, name: str, record: Record, columns: tuple[FactSpec, ...] = ()) -> Document:
    """The record as a document whose problems name the input and the record's line."""
    if kind == "folder":
        return load_document(record.body)
    if isinstance(record.body, Unreadable):
        raise InputError.single(record.body.reason, file=name, line=record.line)
    if kind == "csv":
        # A problem found in a value (out of range, not one of the choices) names its cell.
        return checked_text(Document(name, parse_row(columns, record.body, name, record.line), row_marks(columns, record.line)))
    # Every problem is placed on the record's line (no column: the values have no marks).
    marks: dict[JsonPath, Mark] = {(): (record.line, None)}
    document = Document(name, parse_json_line(record.body, name, record.line), marks)
    # JSON forbids raw control characters in strings, and UTF-8 cannot carry a surrogate:
    # a refused character can only come as an escape (a backslash), a raw DEL or a C1 control
    # (encoded after the byte 0xC2). Most lines have none of these, and skip the walk.
    body: bytes = record.body
    if b"\\" in body or b"\xc2" in body or b"\x7f" in body:
        checked_text(document)
    return document


def parse_json_line(line: bytes | None, name: str, number: int) -> Any:
    """One JSONL line as data: strict JSON, no duplicate keys, no NaN; InputError naming the line."""
    place: dict[str, Any] = {"file": name, "line": number}
    if line is None:
        raise InputError.single(f"line is longer than the limit of {MAX_BYTES // (1024 * 1024)} MiB", **place)
    fast = _plain_json(line)
    return strict_json_line(line, name, number) if fast is _DOUBT else fast


def strict_json_line(line: bytes, name: str, number: int) -> Any:
    """`parse_json_line` by the standard library's parser alone: slower, and it words every problem."""
    place: dict[str, Any] = {"file": name, "line": number}
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
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
        raise InputError.single(f"JSON syntax error: {error.msg}", column=error.colno, **place) from None


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

