"""Reading a CSV input: its encoding and layout, its header, and its rows as records.

Rows are read lazily, one record each; a row that cannot be split off cleanly is a record
of its own that says what is wrong with it and which lines it took, so nothing is lost unseen
(see `_problem` for a stray quote, whose lines are read again). Line numbers are those of the file.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
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
    lines = _Lines(itertools.chain([first], text), blank + 1, layout.delimiter)
    reader = csv.reader(lines, delimiter=layout.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        problem = _problem(str(error), lines)
        raise InputError.single(f"the header cannot be read: {problem}", file=name, line=blank + 1) from None
    if lines.last > lines.first:
        raise InputError.single(f"the header cannot be read: its quoted cell runs over lines {lines.first}–{lines.last}; "
                                "a closing quote is missing", file=name, line=blank + 1)
    return check_header(header, name, known, line=blank + 1, utf8=utf8), layout, _records(reader, lines, layout.delimiter)


class _Lines:
    """The file's lines as the csv reader takes them, numbered, with what a row that comes to no
    good end needs: its first line, and the lines after it while a quote opened on the first
    line is open in all of them (every quote in them doubled), to be handed to the reader again;
    the last of them may hold the quote, standing where a cell starts, that ended it.

    Those lines are inside that quote, so they are never more than a cell may hold (8 MiB).
    A line that cannot be decoded ends the lines; `unreadable` says why.
    """

    def __init__(self, lines: Iterator[str], number: int, delimiter: str) -> None:
        self._lines = lines
        self._number = number  # the next new line's
        self._delimiter = delimiter
        self._again: Iterator[str] = iter(())
        self._again_number = 0
        self.unreadable: tuple[int, UnicodeDecodeError] | None = None
        self.start_row()

    def start_row(self) -> None:
        self.first = self.last = 0
        self.opening = ""
        self._inside: io.StringIO | None = None
        self._opened_cell = False  # the last line held, after a delimiter, the quote that ended the first line's

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line, self.last = self._take()
        if not self.first:
            # newline="": kept and read back as written (a lone carriage return ends a line too).
            self.first, self.opening, self._inside = self.last, line, io.StringIO(newline="")
        elif self._inside is not None:
            # Doubled quotes are read in pairs from the line's start, as the csv module does.
            single = _PAIRED.match(line).end()  # type: ignore[union-attr]  # it matches any text
            if self._opened_cell or single < len(line) and (single == 0 or line[single - 1] != self._delimiter):
                self._inside = None  # the first line's quote was closed (at the end of a cell's text), or the row went on
            else:
                self._opened_cell = single < len(line)
                self._inside.write(line)
        return line

    def _take(self) -> tuple[str, int]:
        line = next(self._again, None)
        if line is not None:
            self._again_number += 1
            return line, self._again_number - 1
        if self.unreadable is not None:
            raise StopIteration
        try:
            line = next(self._lines)
        except UnicodeDecodeError as error:
            # The decoder cannot go past it: the lines end here, and the reader's last record says so.
            self.unreadable = (self._number, error)
            raise StopIteration from None
        self._number += 1
        return line, self._number - 1

    def read_again(self, ran_to_the_end: bool) -> bool:
        """Hand the lines after the row's first to the reader again when the first line's quote
        was a stray one: it ran to the end (of the file, or of what a cell may hold), or up to a
        quote where a cell starts, whose cell the next character breaks (text after a quote)."""
        if self._inside is None or self._opened_cell == ran_to_the_end:
            return False
        self._again = itertools.chain(io.StringIO(self._inside.getvalue(), newline=""), self._again)
        self._again_number = self.first + 1
        return True


# Text and doubled quotes, up to the first quote that is not doubled (if any).
_PAIRED = re.compile('(?:[^"]|"")*')


def _why(error: UnicodeDecodeError) -> str:
    if "truncated" in str(error.reason):
        return "it ends in the middle of a character (is it cut short?)"
    return str(error.reason)


def _records(reader: Any, lines: _Lines, delimiter: str) -> Iterator[Record]:
    """The rows after the header as records, each named by the line it starts on."""
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            if lines.unreadable is not None:
                number, error = lines.unreadable
                yield Record(number, f"line {number}", Unreadable(f"the rest of the file cannot be read: {_why(error)}"))
            return
        except csv.Error as error:
            # The cells before the line's first quote are as written, and may name the row by its id.
            before = lines.opening.split('"', 1)[0].split(delimiter)[:-1]
            yield Record(lines.first, f"line {lines.first}", Unreadable(_problem(str(error), lines), tuple(before)))
            continue
        first, last = lines.first, lines.last
        if last > first:
            # No cell of a profile holds a line break: a cell was given one (Alt+Enter in Excel),
            # or a quote left open ran on to the next quote. Said, with the lines, never lost unseen.
            yield Record(first, f"line {first}", Unreadable(
                f"a quoted cell runs over lines {first}–{last}: a profile's cell cannot hold a line break "
                "(Alt+Enter in a spreadsheet), or a closing quote is missing", tuple(row)))
        elif any(cell.strip() for cell in row):
            yield Record(first, f"line {first}", tuple(row))


_DOUBLED = "a quote inside a cell is written twice: \"\""


def _problem(error: str, lines: _Lines) -> str:
    """What is wrong with the row the csv module stopped at.

    A quote opened on the row's first line that no quote closes, up to the end of the file or
    of what a cell may hold, or up to a quote that opens a cell of its own (it follows a
    delimiter), is a stray quote: the row is that line, and the lines after it are read again
    as the rows they are (no quote in them ran on, so none runs on when they are read again;
    the one that opened a cell runs on from there). Any other row that comes to no good end
    over several lines is one record naming its lines: they may be a cell's text (a quote closed
    at the end of it, then text), and are never read as rows of their own.
    """
    first, last = lines.first, lines.last
    too_long = error.startswith("field larger than field limit")
    text_after = error.endswith("expected after '\"'")
    if (text_after or error == "unexpected end of data" or too_long and last > first) and lines.read_again(not text_after):
        return f"a quote opened on this line is not closed on it ({_DOUBLED})"
    if too_long:
        reason = f"a cell is longer than the limit of {MAX_BYTES // (1 << 20)} MiB"
    elif text_after:
        reason = f"text follows a closing quote ({_DOUBLED})"
    elif error == "unexpected end of data":
        reason = f"a quote opened in them is never closed ({_DOUBLED})"
    else:
        reason = f"cannot be read: {error}"
    return f"lines {first}–{last} are one row that cannot be read: {reason}" if last > first else reason
