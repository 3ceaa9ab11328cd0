"""A CSV file's lines as the csv module reads them: numbered as the file numbers them, each read
no further than a cell may be long, and kept where a row comes to no good end, so that the lines
after a stray quote can be read again as rows (csv_rows.py decides when).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import IO

from ssi_advise.engine.document import MAX_BYTES

BOM = "\ufeff"


class LineTooLong(Exception):
    """A row's first line is longer than a cell may be (the rest of it was passed over)."""


class RunsOn(Exception):
    """A row runs on over several lines for longer than a cell may be."""


def too_long(line: str) -> bool:
    """Whether a line read with a limit of MAX_BYTES + 1 characters was cut short by it."""
    return len(line) > MAX_BYTES and line[-1] not in "\r\n"


class Lines:
    """The file's lines as the csv reader takes them, numbered, with what a row that comes to no
    good end needs: its first line; the last of its lines that holds a quote not doubled (a quote
    still open at the row's end was opened there); the lines after that one, every quote in them
    doubled, to be handed to the reader again; and, when the row's last line breaks it with a
    quote that opens a cell of its own, the lines after the quote that one closed.

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
        self.quoted = 0  # the last line with a quote not doubled
        self._after: io.StringIO | None = None  # the lines after it (made only for a row over several lines)
        self._after_size = 0
        # The row's last line opened a cell: the line of the quote that one closed, and the lines after it.
        self.broke: tuple[int, str] | None = None
        self.closes_only = False  # the row's last line holds one quote not doubled, and it closes a cell
        self._overflow: tuple[str, bool] | None = None  # the line a row ran on into past the limit

    def before_quote(self) -> tuple[str, ...]:
        """The cells of the row's first line before the quote that ran on from it (or broke it):
        as written, and so they may name the row by its id."""
        stray = self.opening.replace('""', "\0\0").rfind('"')
        prefix = self.opening[:stray] if stray >= 0 else self.opening
        # Without quotes, at most the header's cells are split off (the last piece is the cell the
        # quote is in, or the rest); with them, the csv module reads the cells it closed.
        plain = '"' not in prefix
        cells = prefix.split(self.delimiter, self.width) if plain else next(csv.reader([prefix], delimiter=self.delimiter), [""])
        return tuple(cells[:-1][: self.width])

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line, self.last, cut = self._take()
        if not self.first:
            self.first, self.opening, self.quoted = self.last, line, self.last
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
        """Keep track of a line after the row's first: the row began inside a quote there."""
        self.broke, self.closes_only = None, False
        # Doubled quotes are read in pairs from the line's start, as the csv module does: the
        # first quote left is the one that closes the quote the line began inside.
        paired = line.replace('""', "\0\0")
        single = paired.find('"')
        if single < 0:
            if self._after is None:
                # One buffer (a list of many short lines took ten times the memory); newline="":
                # kept and read back as written (a lone carriage return ends a line too).
                self._after = io.StringIO(newline="")
            self._after.write(line)
            self._after_size += len(line)
            return
        if (single == 0 or line[single - 1] == self.delimiter) and paired[single + 1 : single + 2] not in ("", "\r", "\n", self.delimiter):
            # Where a cell starts, with text after it: it opens that cell, and the row breaks
            # here in the csv module's reading; the quote it closed was a stray one.
            self.broke = (self.quoted, self._kept() + line)
        else:
            self.closes_only = paired.count('"') == 1
        self.quoted = self.last
        # What follows its last quote is inside the quote that may be left open, and counts with the lines after.
        self._after, self._after_size = None, len(line) - paired.rfind('"') - 1

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

    def _kept(self) -> str:  # the lines after the last quote not doubled
        return self._after.getvalue() if self._after is not None else ""

    def _read_again(self, lines: str, number: int, tail: tuple[str, bool] | None = None) -> None:
        """Hand these lines, the first of them numbered `number` (and `tail`), to the reader again."""
        kept = ((line, False) for line in io.StringIO(lines, newline=""))
        self._again = itertools.chain(kept, [tail] if tail else [], self._again)
        self._again_number = number

    def stray(self, ran_on: bool) -> int:
        """The line of the stray quote that broke the row, the lines after it handed to the reader
        again; 0 when no quote was surely a stray one. A quote is when the quote that closes it
        opens a cell of its own with text after it (`broke`), or, with `ran_on`, when no quote
        closed it up to the end of the file or for longer than a cell may be."""
        if self.broke is not None:
            line, after = self.broke
            self._read_again(after, line + 1)
            return line
        if ran_on:
            self._read_again(self._kept(), self.quoted + 1, self._overflow)
            return self.quoted
        return 0

    def open_too_long(self) -> bool:
        """Whether the quote left open was open for longer than a cell may be: all the row's lines
        after the first are inside it, or more than a cell's worth of them."""
        overflow = len(self._overflow[0]) if self._overflow else 0
        return self.quoted == self.first or self._after_size + overflow > MAX_BYTES
