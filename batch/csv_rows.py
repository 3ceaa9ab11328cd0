"""A CSV file's rows as records, each named by the line it starts on, as the file numbers it.

No cell of a profile holds a line break, so a row over several lines is always an error; what
matters is which lines are rows. The csv module (strict) says where a row ends. When it stops
at no good end, the lines it took are read again as rows only where the quote opened on the
row's first line was surely a stray one (`Lines.read_again`); otherwise one record names them
all, so that the text of a cell is not read as rows. Memory is bounded: a line longer than a
cell may be is an error record of its own, and a row that runs on for longer than that ends
the reading, said in its last record.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import IO, Any

from ssi_advise.engine.document import MAX_BYTES

from .record import Record, Unreadable

_LIMIT = f"{MAX_BYTES // (1 << 20)} MiB"
_DOUBLED = 'a quote inside a cell is written twice: ""'


class LineTooLong(Exception):
    """A row's first line is longer than a cell may be (the rest of it was passed over)."""


class RunsOn(Exception):
    """A row runs on over several lines for longer than a cell may be."""


class Lines:
    """The file's lines as the csv reader takes them, numbered, with what a row that comes to no
    good end needs: its first line, and the lines after it while a quote opened on the first
    line is open in all of them (every quote in them doubled), to be handed to the reader again;
    the last of them may hold the quote, where a cell starts, that ended it.

    A line that cannot be decoded ends the lines; `unreadable` says where and why.
    """

    def __init__(self, text: IO[str], first: str, number: int, delimiter: str) -> None:
        self._text = text
        self._pending: str | None = first  # read already (the header's first line)
        self._number = number  # the next new line's
        self._delimiter = delimiter
        self._again: Iterator[str] = iter(())
        self._again_number = 0
        self._after_cr = first.endswith("\r")  # the last part read from the file ended in a carriage return
        self.unreadable: tuple[int, UnicodeDecodeError] | None = None
        self.start_row()

    def start_row(self) -> None:
        self.first = self.last = 0
        self.opening = ""
        self._size = 0
        self._inside: io.StringIO | None = None
        self._opened_cell = False

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line, self.last, too_long = self._take()
        if not self.first:
            # newline="": kept and read back as written (a lone carriage return ends a line too).
            self.first, self.opening, self._inside = self.last, line, io.StringIO(newline="")
        else:
            self._size += len(line)
            if self._size > MAX_BYTES or too_long:
                raise RunsOn
            self._follow(line)
        if too_long:
            raise LineTooLong
        return line

    def _follow(self, line: str) -> None:
        """Keep a line after the row's first while the first line's quote may have been stray."""
        if self._inside is None:
            return
        # Doubled quotes are read in pairs from the line's start, as the csv module does: the
        # first quote left is the one that closes the first line's (the line starts inside it).
        paired = line.replace('""', "\0\0")
        single = paired.find('"')
        if single < 0 and not self._opened_cell:
            self._inside.write(line)
        elif single > 0 and not self._opened_cell and line[single - 1] == self._delimiter \
                and paired[single + 1 : single + 2] not in ("", "\r", "\n", self._delimiter):
            # Where a cell starts, with text after it: it opens that cell (and breaks the row
            # here), so the quote on the first line was a stray one.
            self._opened_cell = True
            self._inside.write(line)
        else:
            self._inside = None  # closed at the end of a cell's text, or the row went on

    def _take(self) -> tuple[str, int, bool]:
        line = next(self._again, None)
        if line is not None:
            self._again_number += 1
            return line, self._again_number - 1, False
        if self._pending is not None:
            line, self._pending = self._pending, None
        elif self.unreadable is not None:
            raise StopIteration
        else:
            line = self._read(MAX_BYTES + 1)
        if not line:
            raise StopIteration
        self._number += 1
        too_long = len(line) > MAX_BYTES and line[-1] not in "\r\n"
        if too_long:
            self._pass_over_the_rest()
        # A byte order mark is no part of a line's first cell (two files joined with `cat`).
        return line.removeprefix("\ufeff"), self._number - 1, too_long

    def _read(self, limit: int) -> str:
        """The next line from the file, at most `limit` characters of it ("" at its end)."""
        try:
            line = self._text.readline(limit)
            if self._after_cr and line.startswith("\n"):
                # A line cut at the limit right after its \r: this \n is the rest of its end.
                line = line[1:] or self._text.readline(limit)
        except UnicodeDecodeError as error:
            # The decoder cannot go past it: the lines end here, and the last record says so.
            self.unreadable = (self._number, error)
            raise StopIteration from None
        self._after_cr = line.endswith("\r")
        return line

    def _pass_over_the_rest(self) -> None:
        try:
            while (part := self._read(1 << 20)) and part[-1] not in "\r\n":
                pass
        except StopIteration:
            pass  # cannot be decoded: `unreadable` says so after this line's record

    def read_again(self, ran_to_the_end: bool) -> bool:
        """Hand the lines after the row's first to the reader again when the first line's quote
        was a stray one: it ran to the end of the file, or up to a quote that opens a cell of its
        own (after a delimiter) with text after it, where the row broke."""
        if self._inside is None or self._opened_cell == ran_to_the_end:
            return False
        self._again = itertools.chain(io.StringIO(self._inside.getvalue(), newline=""), self._again)
        self._again_number = self.first + 1
        return True


def records(reader: Any, lines: Lines, delimiter: str) -> Iterator[Record]:
    """The rows after the header as records (`reader`: the csv module's, reading `lines`)."""
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            if lines.unreadable is not None:
                number, error = lines.unreadable
                yield _unreadable(number, f"the rest of the file cannot be read: {why(error)}")
            return
        except LineTooLong:
            yield _unreadable(lines.first, f"line is longer than the limit of {_LIMIT}")
            continue
        except (RunsOn, csv.Error) as error:
            # The cells before the line's first quote are as written, and may name the row by its id.
            before = tuple(lines.opening.split('"', 1)[0].split(delimiter)[:-1])
            if isinstance(error, RunsOn) or str(error).startswith("field larger") and lines.last > lines.first:
                # Where the row would end is not known without reading on: the reading ends here.
                yield _unreadable(lines.first, f"lines {lines.first}–{lines.last} and on are one row longer than the "
                                  f"limit of {_LIMIT} (a quote left open?); the rest of the file is not read", before)
                return
            yield _unreadable(lines.first, problem(str(error), lines), before)
            continue
        first, last = lines.first, lines.last
        if last > first:
            # A cell was given a line break (Alt+Enter in Excel), or a quote left open ran on to
            # the next quote. Said, with the lines, never lost unseen.
            yield _unreadable(first, f"a quoted cell runs over lines {first}–{last}: a profile's cell cannot hold a line break "
                              "(Alt+Enter in a spreadsheet), or a closing quote is missing", tuple(row))
        elif any(cell.strip() for cell in row):
            yield Record(first, f"line {first}", tuple(row))


def _unreadable(line: int, reason: str, cells: tuple[str, ...] = ()) -> Record:
    return Record(line, f"line {line}", Unreadable(reason, cells))


def problem(error: str, lines: Lines) -> str:
    """What is wrong with the row the csv module stopped at (`error`, its message).

    A quote opened on the row's first line that no quote closes, or that a quote opening a cell
    of its own ends, is a stray one: the row is that line, and the lines after it are read
    again as the rows they are (no quote in them ran on, so none runs on when they are read
    again; the one that opened a cell runs on from there). Any other row that comes to no good
    end over several lines is one record naming its lines: they may be a cell's text (closed
    by a quote at its end, then text), never read as rows. The one guess left: a cell over
    several lines whose closing quote is missing altogether reads as a stray quote.
    """
    first, last = lines.first, lines.last
    text_after = error.endswith("expected after '\"'")
    if (text_after or error == "unexpected end of data") and lines.read_again(not text_after):
        return f"a quote opened on this line is not closed on it ({_DOUBLED})"
    if error.startswith("field larger than field limit"):
        reason = f"a cell is longer than the limit of {_LIMIT}"
    elif text_after:
        reason = f"text follows a closing quote ({_DOUBLED})"
    elif error == "unexpected end of data":
        reason = f"a quote opened in them is never closed ({_DOUBLED})"
    else:
        reason = f"cannot be read: {error}"
    return f"lines {first}–{last} are one row that cannot be read: {reason}" if last > first else reason


def why(error: UnicodeDecodeError) -> str:
    """A decoding error in plain words."""
    if "truncated" in str(error.reason):
        return "it ends in the middle of a character (is it cut short?)"
    return str(error.reason)
