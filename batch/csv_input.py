"""Reading a CSV input: its encoding and layout, its header, and its rows as records.

Rows are read lazily, one record each; a row that cannot be split off cleanly is a record
of its own that says what is wrong with it, so nothing is lost unseen: a stray quote is its
line's error and the lines after it are read again as rows; a cell over several lines is one
record naming them. Line numbers are those of the file.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import deque
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
    lines = _Lines(itertools.chain([first], text), blank + 1)
    reader = csv.reader(lines, delimiter=layout.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        problem = _csv_problem(error, lines).removeprefix("cannot be read: ")
        raise InputError.single(f"the header cannot be read: {problem}", file=name, line=blank + 1) from None
    return check_header(header, name, known, line=blank + 1, utf8=utf8), layout, _records(reader, lines)


class _Lines:
    """The file's lines as the csv reader takes them, numbered, and those of the row being read,
    so the lines a quote left open took can be handed to the reader again."""

    def __init__(self, lines: Iterator[str], number: int) -> None:
        self._lines = lines
        self._number = number  # the next new line's
        self._again: deque[tuple[int, str]] = deque()
        self.row: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            taken = self._again.popleft()
        else:
            taken = (self._number, next(self._lines))
            self._number += 1
        self.row.append(taken)
        return taken[1]

    def start_row(self) -> None:
        self.row = []

    def span(self) -> tuple[int, int]:
        """The numbers of the first and the last line of the row being read."""
        if not self.row:  # a line that could not be decoded
            return self._number, self._number
        return self.row[0][0], self.row[-1][0]

    def again_after_first(self) -> None:
        """Hand the lines of the row being read after its first to the reader again."""
        self._again.extendleft(reversed(self.row[1:]))


def _why(error: UnicodeDecodeError) -> str:
    if "truncated" in str(error.reason):
        return "it ends in the middle of a character (is it cut short?)"
    return str(error.reason)


def _records(reader: Any, lines: _Lines) -> Iterator[Record]:
    """The rows after the header as records, each named by the line it starts on."""
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            # The decoder cannot go past it: one record says so, and the reading ends.
            first = lines.span()[0]
            yield Record(first, f"line {first}", Unreadable(f"the rest of the file cannot be read: {_why(error)}"))
            return
        except csv.Error as error:
            first = lines.span()[0]
            yield Record(first, f"line {first}", Unreadable(_csv_problem(error, lines)))
            continue
        first, last = lines.span()
        if last > first:
            # No cell of a profile holds a line break: either a cell was given one (Alt+Enter in
            # Excel) or a quote left open swallowed the rows up to the next quote. Said, never lost unseen.
            yield Record(first, f"line {first}", Unreadable(
                f"a quoted cell runs over lines {first}–{last}: a profile's cell cannot hold a line break "
                "(Alt+Enter in a spreadsheet), or a closing quote is missing", tuple(row)))
        elif any(cell.strip() for cell in row):
            yield Record(first, f"line {first}", tuple(row))


def _csv_problem(error: csv.Error, lines: _Lines) -> str:
    """What is wrong with the row the csv module stopped at.

    A quote that ran past its line and came to no good end (the end of the file, the size
    limit, or text after the quote that closed it) is a stray quote on the row's first line:
    the lines after it are handed to the reader again, as the rows they are. Between the two
    quotes every quote was doubled, so no line read again runs on in turn."""
    first, last = lines.span()
    reason = str(error)
    if last > first or reason == "unexpected end of data":
        lines.again_after_first()
        return 'a quote opened on this line is not closed on it (a quote inside a cell is written twice: "")'
    if reason.startswith("field larger than field limit"):
        return f"a cell is longer than the limit of {MAX_BYTES // (1 << 20)} MiB"
    if reason.endswith("expected after '\"'"):
        return 'text follows a closing quote (a quote inside a cell is written twice: "")'
    return f"cannot be read: {reason}"
