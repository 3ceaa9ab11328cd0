"""Reading a CSV input: its encoding and layout, its header, and its rows as records.

Rows are read lazily, one record each; a row that cannot be split off cleanly (a quote left
open, text after a closing quote) is a record of its own that says what is wrong with it and
which lines it took, so nothing is lost unseen. Line numbers are those of the file.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator, Mapping
from typing import IO, Any

from ssi_advise.engine.document import MAX_BYTES
from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.problems import InputError

from .cells import CsvLayout, csv_layout
from .record import Record, Unreadable
from .table import Columns, check_header

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def open_csv(handle: IO[bytes], head: bytes, name: str,
             known: Mapping[str, FactSpec] | None) -> tuple[Columns, CsvLayout, Iterator[Record]]:
    """The header's columns, the file's layout and its records; InputError when the file as a
    whole cannot be read (empty, no header, a header naming no fact). `head`: its first bytes."""
    utf8 = head[:2] not in UTF16_BOMS
    # Bytes that are not UTF-8 are kept as lone surrogates, which reading the cell refuses
    # (cells.not_utf8): one bad row is one error record, and reading goes on. In UTF-16 a lone
    # surrogate is kept as it is, and the text check refuses it at its cell.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig" if utf8 else "utf-16",
                            errors="surrogateescape" if utf8 else "surrogatepass", newline="")
    # A cell may be as long as a JSONL line (the csv module's own limit is 128 KiB). The limit is
    # the process's: raised here and left so, since the rows are read after this returns.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    blank = 0
    try:
        first = text.readline()
        # Blank lines above the header, and those of delimiters only (;;; as Excel saves empty rows).
        while first and not first.strip(" \t\r\n,;"):
            blank += 1
            first = text.readline()
    except UnicodeDecodeError as error:
        raise InputError.single(f"cannot be read as UTF-16 text: {_why(error)}", file=name) from None
    if not first:
        raise InputError.single("file is empty; expected a header of fact paths (see `ssi-advise batch template`)", file=name)
    if "\x00" in first:
        raise InputError.single("holds NUL characters: is it UTF-16 without a byte order mark? save it as CSV UTF-8", file=name,
                                line=blank + 1)
    # A byte order mark after blank lines is still no part of the first column's name.
    first = first.removeprefix("\ufeff")
    layout = csv_layout(first, utf8, bom=head.startswith(UTF8_BOM) or not utf8)
    # strict: a quote left open or followed by text is an error, not a guess.
    reader = csv.reader(itertools.chain([first], text), delimiter=layout.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise InputError.single(f"the header cannot be read: {error}", file=name, line=blank + 1) from None
    return check_header(header, name, known, line=blank + 1, utf8=utf8), layout, _records(reader, blank)


def _why(error: UnicodeDecodeError) -> str:
    if "truncated" in str(error.reason):
        return "it ends in the middle of a character (is it cut short?)"
    return str(error.reason)


def _records(reader: Any, blank: int) -> Iterator[Record]:
    """The rows after the header as records; `blank`: lines above the header the reader skipped."""
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            # The decoder cannot go past it: one record says so, and the reading ends.
            first = start + blank
            yield Record(first, f"line {first}", Unreadable(f"the rest of the file cannot be read: {_why(error)}"))
            return
        except csv.Error as error:
            end = reader.line_num
            yield Record(start + blank, f"line {start + blank}", Unreadable(_csv_error(str(error), start + blank, end + blank)))
            continue
        end = reader.line_num
        first, last = start + blank, end + blank
        if end > start:
            # No cell of a profile holds a line break: either a cell was given one (Alt+Enter in
            # Excel) or a quote left open swallowed the rows after it. Said, never lost unseen.
            yield Record(first, f"line {first}", Unreadable(
                f"a quoted cell runs over lines {first}–{last}: a profile's cell cannot hold a line break "
                "(Alt+Enter in a spreadsheet), or a closing quote is missing", tuple(row)))
        elif any(cell.strip() for cell in row):
            yield Record(first, f"line {first}", tuple(row))


def _csv_error(error: str, start: int, end: int) -> str:
    if error == "unexpected end of data":
        lines = f"lines {start}–{end} are" if end > start else f"line {start} is"
        return f"a quote opened here is never closed: {lines} read as one cell, not as rows"
    if error.startswith("field larger than field limit"):
        return f"a cell is longer than the limit of {MAX_BYTES // (1 << 20)} MiB"
    if error.endswith("expected after '\"'"):
        return "text follows a closing quote (a quote inside a cell is written twice: \"\")"
    return f"cannot be read: {error}"
