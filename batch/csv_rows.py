"""A CSV file's rows as records, each named by the line it starts on, as the file numbers it.

No cell of a profile holds a line break, so a row over several lines is always an error; what
matters is which lines are rows. The csv module (strict) says where a row ends. When it stops
at no good end, the lines it took are read again as rows only where the quote opened on the
row's first line was surely a stray one (`Lines.read_again`); otherwise one record names them
all, so that the text of a cell is not read as rows. Memory is bounded: a line longer than a
cell may be is an error record of its own, and so is a quote left open past that length.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import IO

from ssi_advise.engine.document import MAX_BYTES, MAX_SIZE

from .record import Record, Unreadable

_DOUBLED = 'a quote inside a cell is written twice: ""'
BOM = "\ufeff"


class LineTooLong(Exception):
    """A row's first line is longer than a cell may be (the rest of it was passed over)."""


class RunsOn(Exception):
    """A row runs on over several lines for longer than a cell may be."""


class HeaderError(Exception):
    """The header row cannot be read; its message says why."""


def too_long(line: str) -> bool:
    """Whether a line read with a limit of MAX_BYTES + 1 characters was cut short by it."""
    return len(line) > MAX_BYTES and line[-1] not in "\r\n"


def open_rows(text: IO[str], first: str, number: int, delimiter: str) -> tuple[list[str], Iterator[Record]]:
    """The header's cells (its `first` line read already, numbered `number`) and the rows
    after it as records; HeaderError when the header cannot be read."""
    lines = Lines(text, first, number, delimiter)
    # strict: a quote left open or followed by text is an error, not a guess.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (csv.Error, RunsOn) as error:
        several = isinstance(error, RunsOn) or lines.last > lines.first
        reason = f"a quote on it is not closed on its line ({_DOUBLED})" if several else _reason(str(error))
        raise HeaderError(f"the header cannot be read: {reason}") from None
    if lines.last > lines.first:
        raise HeaderError(f"the header cannot be read: its quoted cell runs over lines {lines.first}–{lines.last}; "
                          "a closing quote is missing")
    lines.width = len(header)
    return header, _records(reader, lines)


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
        self.delimiter = delimiter
        self.width = 0  # the header's cells: no more of a broken row's are kept
        self._again: Iterator[tuple[str, bool]] = iter(())
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
        self._overflow: tuple[str, bool] | None = None  # the line a row ran on into past the limit

    def before_quote(self) -> tuple[str, ...]:
        """The cells of the row's first line before its first quote: as written, and so they may
        name the row by its id."""
        # At most the header's cells are split off: the last piece is the cell the quote is in, or the rest.
        return tuple(self.opening.split('"', 1)[0].split(self.delimiter, self.width)[:-1])

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line, self.last, cut = self._take()
        if not self.first:
            # newline="": kept and read back as written (a lone carriage return ends a line too).
            self.first, self.opening, self._inside = self.last, line, io.StringIO(newline="")
            if cut:
                raise LineTooLong
        else:
            self._size += len(line)
            if self._size > MAX_BYTES or cut:
                self._overflow = (line, cut)
                raise RunsOn
            self._follow(line)
        return line

    def _follow(self, line: str) -> None:
        """Keep a line after the row's first while the first line's quote may have been stray."""
        if self._inside is None:
            return
        # Doubled quotes are read in pairs from the line's start, as the csv module does: the
        # first quote left is the one that closes the first line's (the line starts inside it).
        paired = line.replace('""', "\0\0")
        single = paired.find('"')
        if single < 0:
            self._inside.write(line)
        elif (single == 0 or line[single - 1] == self.delimiter) \
                and paired[single + 1 : single + 2] not in ("", "\r", "\n", self.delimiter):
            # Where a cell starts, with text after it: it opens that cell (and the row breaks
            # here, in the csv module's reading), so the quote on the first line was a stray one.
            self._opened_cell = True
            self._inside.write(line)
        else:
            self._inside = None  # closed at the end of a cell's text, and the row goes on

    def _take(self) -> tuple[str, int, bool]:
        again = next(self._again, None)
        if again is not None:
            self._again_number += 1
            return again[0], self._again_number - 1, again[1]
        if self._pending is not None:
            line, self._pending = self._pending, None
        elif self.unreadable is not None:
            raise StopIteration
        else:
            line = self._read(MAX_BYTES + 1)
        if not line:
            raise StopIteration
        self._number += 1
        cut = too_long(line)
        if cut:
            self._pass_over_the_rest()
        # A byte order mark is no part of a line's first cell (two files joined with `cat`).
        return line.removeprefix(BOM), self._number - 1, cut

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
        was a stray one: nothing closed it up to the end of the file or past the longest a cell
        may be (`ran_to_the_end`), or a quote that opens a cell of its own, with text after it,
        ended it where the row broke. Say whether it was."""
        if self._inside is None or self._opened_cell == ran_to_the_end:
            return False
        kept = ((line, False) for line in io.StringIO(self._inside.getvalue(), newline=""))
        self._again = itertools.chain(kept, [self._overflow] if self._overflow else [], self._again)
        self._again_number = self.first + 1
        return True


def _records(reader: Iterator[list[str]], lines: Lines) -> Iterator[Record]:
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
            yield _unreadable(lines.first, f"line is longer than the limit of {MAX_SIZE}", lines.before_quote())
            continue
        except (RunsOn, csv.Error) as error:
            first, last = lines.first, lines.last
            runs_on = isinstance(error, RunsOn) or str(error).startswith("field larger") and last > first
            text_after = str(error).endswith("expected after '\"'")
            if (runs_on or text_after or str(error) == "unexpected end of data") and lines.read_again(not text_after):
                reason = f"a quote opened on this line is not closed on it ({_DOUBLED})"
            elif runs_on:
                # Where the row would end is not known without reading on: the reading ends here.
                yield _unreadable(first, f"from line {first} on (at least to line {last}), one row is longer than the limit "
                                  f"of {MAX_SIZE} (a quote left open?); the rest of the file is not read", lines.before_quote())
                return
            else:
                reason = _reason(str(error))
                if last > first:
                    # The lines may be a cell's text (closed by a quote at its end, then text): never rows.
                    reason = f"lines {first}–{last} are one row that cannot be read: {reason}"
            yield _unreadable(first, reason, lines.before_quote())
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


def _reason(error: str) -> str:
    """The csv module's message (strict reading) in plain words."""
    if error.endswith("expected after '\"'"):
        return f"text follows a closing quote ({_DOUBLED})"
    if error == "unexpected end of data":
        return f"a quote opened in it is never closed ({_DOUBLED})"
    return f"cannot be read: {error}"


def why(error: UnicodeDecodeError) -> str:
    """A decoding error in plain words."""
    if "truncated" in str(error.reason):
        return "it ends in the middle of a character (is it cut short?)"
    return str(error.reason)
