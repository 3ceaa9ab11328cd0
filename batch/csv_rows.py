"""A CSV file's rows as records, each named by the line it starts on, as the file numbers it.

No cell of a profile holds a line break, so a row over several lines is always an error; what
matters is which lines are rows. The csv module (strict) says where a row ends. When it stops
at no good end, the lines after a quote that was surely a stray one are read again as rows
(`Lines.stray`, `_failure`); otherwise one record names them all, so that the text of a cell is
not read as rows. Memory is bounded: a line longer than a cell may be is an error record of its
own, and so is a quote left open past that length.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from ssi_advise.engine.document import MAX_SIZE

from .csv_lines import Lines, LineTooLong, RunsOn
from .record import Record, Unreadable

_DOUBLED = 'a quote inside a cell is written twice: ""'


class HeaderError(Exception):
    """The header row cannot be read; its message says why."""


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
            reason, ends = _failure(error, lines)
            yield _unreadable(lines.first, reason, lines.before_quote())
            if ends:
                return
            continue
        first, last = lines.first, lines.last
        if last > first:
            # A cell was given a line break (Alt+Enter in Excel), or a quote left open ran on to
            # the next quote. Said, with the lines, never lost unseen.
            yield _unreadable(first, f"a quoted cell runs over lines {first}–{last}: a profile's cell cannot hold a line break "
                              "(Alt+Enter in a spreadsheet), or a closing quote is missing", tuple(row))
        elif any(cell.strip() for cell in row):
            yield Record(first, f"line {first}", tuple(row))


def _failure(error: Exception, lines: Lines) -> tuple[str, bool]:
    """Why the row the csv module stopped at cannot be read, and whether the reading ends there.

    A stray quote (`Lines.stray`) is said on its line, with the lines of the row before it, and
    the lines after it are read again as the rows they are: no quote in them ran on, so none
    runs on when they are read again (the one that opened a cell may). Any other row that comes
    to no good end over several lines is one record naming its lines: they may be a cell's text,
    never read as rows. Where such a row ends is not known without reading it to its end: past
    the longest a cell may be, the reading ends.
    """
    first, last, message = lines.first, lines.last, str(error)
    ends = (f"from line {first} on (at least to line {last}), one row is longer than the limit of {MAX_SIZE} "
            "(a quote left open?); the rest of the file is not read")
    if isinstance(error, RunsOn):
        stray = lines.stray(ran_on=lines.open_too_long())
        if not stray:
            return ends, True
    elif message.startswith("field larger") and last > first:
        # The cell that grew too long was opened on the last line with a quote not doubled.
        if lines.broke is None and lines.quoted == last:
            if lines.closes_only:
                # It closed on this line, with nothing after it to run on: the row ends here.
                return f"lines {first}–{last} are one row that cannot be read: a cell is longer than the limit of {MAX_SIZE}", False
            return ends, True
        stray = lines.stray(ran_on=True)
    else:
        stray = lines.stray(ran_on=message == "unexpected end of data")
    if stray:
        said = f"a quote opened on {'this line' if stray == first else f'line {stray}'} is not closed on it ({_DOUBLED})"
        return said if stray == first else f"lines {first}–{stray} are one row that cannot be read: {said}", False
    reason = _reason(message)
    # The lines may be a cell's text (closed by a quote at its end, then text): never rows.
    return f"lines {first}–{last} are one row that cannot be read: {reason}" if last > first else reason, False


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
