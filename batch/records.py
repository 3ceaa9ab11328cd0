"""Reading a batch: the records of a JSONL file, a folder of profile files or a CSV file.

The reader only splits the input into records, cheaply and lazily, so memory stays flat
however long the input is; each record is decoded (and found wrong) in `decode`, which runs
in a worker process when there are several. A record that cannot be read becomes an error
record of its own: one bad line never stops the rest.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from ssi_advise.engine.document import MAX_BYTES, Document, JsonPath, Mark
from ssi_advise.engine.documents import load_document
from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.json_reader import text_problems
from ssi_advise.engine.problems import InputError, Problem

from .cells import PLAIN, CsvLayout
from .csv_input import UTF8_BOM, UTF16_BOMS, open_csv
from .json_lines import parse_json_line
from .record import Record, Unreadable
from .table import Columns, parse_row, row_marks

Kind = Literal["jsonl", "folder", "csv"]
PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
CSV_SUFFIXES = (".csv",)


@dataclass
class BatchInput:
    """An opened batch input: what kind it is, its name, and its records in order."""

    kind: Kind
    name: str
    records: Iterator[Record]
    size: int | None = None  # bytes (files) or records (folders) for a progress bar; None when unknown
    columns: Columns = field(default=())  # CSV: the header's facts
    handle: IO[bytes] | None = None
    files: tuple[Path, ...] = ()  # a folder's profile files
    layout: CsvLayout = PLAIN  # CSV: how the file is written

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
    stated, kind = kind, input_kind(source, kind)
    name = "<stdin>" if source == "-" else source
    if stated is None and source.lower().endswith((".yaml", ".yml")):
        raise InputError.single(f"is one profile file; batch reads a JSONL file, a CSV file or a folder of profile files "
                                f"(for one profile alone: ssi-advise {source})", file=name)
    if kind == "folder":
        if source == "-":
            raise InputError.single("standard input cannot be read as a folder; name the folder instead of -", file=name)
        files = _folder_files(Path(source))
        return BatchInput(kind, name, _folder_records(files), size=len(files), files=tuple(files))
    handle = _open_binary(source, name)
    size = None if source == "-" else os.fstat(handle.fileno()).st_size
    head, handle = _head(handle)
    if kind == "jsonl":
        _refuse_one_document(head, name)
        return BatchInput(kind, name, _jsonl_records(handle), size=size, handle=handle)
    columns, layout, rows = open_csv(handle, head, name, known)
    return BatchInput(kind, name, rows, size=size, columns=columns, handle=handle, layout=layout)


_HEAD = 1 << 12


def _head(handle: IO[bytes]) -> tuple[bytes, IO[bytes]]:
    """The first bytes of an input (up to its first line end, or 4 KiB), and a stream that reads
    them again. A pipe gives what has arrived so far at each read, one byte perhaps: it is read
    until the first line is whole, and what was read is replayed before the rest."""
    if handle.seekable():
        start = handle.tell()
        head = handle.read(_HEAD)
        handle.seek(start)
        return head, handle
    head = b""
    read = getattr(handle, "read1", handle.read)
    while len(head) < _HEAD and b"\n" not in head and (chunk := read(_HEAD - len(head))):
        head += chunk
    return head, io.BufferedReader(_Replay(head, handle))


class _Replay(io.RawIOBase):
    """`head`, then the rest of `stream`: the first bytes of a pipe, read to look at them, read again."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head, self._stream = head, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._head[: len(buffer)] if self._head else getattr(self._stream, "read1", self._stream.read)(len(buffer))
        self._head = self._head[len(data):] if self._head else b""
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        # Standard input is not ours to close; a FIFO named on the command line is.
        if self._stream is not sys.stdin.buffer:
            self._stream.close()
        super().close()


def _refuse_one_document(head: bytes, name: str) -> None:
    """InputError when a JSONL input (its first bytes: `head`) starts as one JSON document over
    many lines (a profile file, pretty-printed), as a list, as CSV or as UTF-16: every line of it
    would be an error record."""
    if head[:2] in UTF16_BOMS:
        raise InputError.single("is UTF-16 text, as Excel saves \"Unicode text\": give --input-format csv (or name the file .csv)",
                                file=name)
    first = head.removeprefix(UTF8_BOM).lstrip().split(b"\n", 1)[0].strip()
    if first == b"{":
        alone = "ssi-advise PROFILE" if name == "<stdin>" else f"ssi-advise {name}"
        raise InputError.single("holds one JSON document over several lines; a JSONL file holds one profile per line "
                                f"(for one profile alone: {alone})", file=name)
    if first.startswith(b"["):
        raise InputError.single("holds a JSON list; a JSONL file holds one profile per line, each a mapping {…}", file=name)
    if _CSV_HEADER.fullmatch(first):
        raise InputError.single("starts with a header of fact paths, as a CSV file does; give --input-format csv "
                                "(or name the file .csv)", file=name)


# A first line such as `id,name,brand.photo`: names only, two or more, split by , ; or a tab.
_CSV_HEADER = re.compile(rb'"?[A-Za-z_][\w.]*"?(?:[,;\t]"?[A-Za-z_][\w.]*"?)+\r?')


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


def refuse_output_among_profiles(output: str, folder: str) -> None:
    """InputError when `output` would land among a folder's profiles: over one of them, or as a
    file the next run of the same folder reads as a profile."""
    if output == "-":
        return
    target = Path(output)
    if target.suffix.lower() in PROFILE_SUFFIXES and target.resolve().parent == Path(folder).resolve():
        raise InputError.single(f"is in the input folder {folder}, where it would be read as a profile; "
                                "write it to another folder", file=output)


def _folder_files(folder: Path) -> list[Path]:
    try:
        # A link that leads nowhere is a record too (its error says so), never dropped unseen;
        # subfolders are not read.
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PROFILE_SUFFIXES and not p.is_dir())
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
            # Too long to be a profile: skip to the end of the line without holding it (a line of
            # spaces only is blank, whatever its length: no record).
            blank = not line.strip()
            while not ending and (rest := handle.readline(1 << 20)):
                blank = blank and not rest.strip()
                if rest.endswith(b"\n"):
                    break
            if not blank:
                yield Record(number, f"line {number}", None)
        elif line.removeprefix(UTF8_BOM).strip():
            yield Record(number, f"line {number}", line)


def decode(kind: Kind, name: str, record: Record, columns: Columns = (),
           layout: CsvLayout = PLAIN) -> tuple[Document, list[Problem]]:
    """The record as a document whose problems name the input and the record's line, and the
    problems found in reading it (a CSV cell that is not a value of its fact; a text with a
    control character or a lone surrogate): the document of what could be read is kept, so the
    record is still named by its own id and its other problems are found too."""
    if kind == "folder":
        return load_document(record.body), []
    if isinstance(record.body, Unreadable):
        raise InputError.single(record.body.reason, file=name, line=record.line)
    if kind == "csv":
        # A problem found in a value (out of range, not one of the choices) names its cell.
        data, problems = parse_row(columns, record.body, name, record.line, layout)
        document = Document(name, data, row_marks(columns, record.line))
        return document, problems + text_problems(document)
    # Every problem is placed on the record's line (no column: the values have no marks).
    marks: dict[JsonPath, Mark] = {(): (record.line, None)}
    document = Document(name, parse_json_line(record.body, name, record.line), marks)
    # JSON forbids raw control characters in strings, and UTF-8 cannot carry a surrogate:
    # a refused character can only come as an escape (a backslash), a raw DEL or a C1 control
    # (encoded after the byte 0xC2). Most lines have none of these, and skip the walk.
    body: bytes = record.body
    if b"\\" in body or b"\xc2" in body or b"\x7f" in body:
        return document, text_problems(document)
    return document, []
