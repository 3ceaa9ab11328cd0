"""Reading the export's CSV files with the csv module, finding columns by name.

LinkedIn's files vary between years: Connections.csv may open with `Notes:` lines and a blank
line before its header, Comments.csv escapes quotes as `\\"`, posts and messages span several
lines, and some files end without a newline. A row is known by the line it starts on in its
file, so a problem reads `Connections.csv:214: ...`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ssi_advise.engine.problems import InputError

from .archive import Archive

# Long posts and messages exceed the csv module's default 128 KiB field limit.
FIELD_LIMIT = 16 * 1024 * 1024
PREAMBLE_MARK = "notes:"


def normal(column: str) -> str:
    """A column name as compared: case and surrounding spaces ignored."""
    return column.strip().casefold()


@dataclass
class Table:
    """One CSV member: its header as written, where the header is, and its rows to iterate."""

    member: str
    columns: list[str]
    header_line: int
    _text: str
    _escaped: bool
    _start: int

    def column(self, name: str) -> int | None:
        """The position of the column `name` (case ignored), or None when the file lacks it."""
        wanted = normal(name)
        for position, column in enumerate(self.columns):
            if normal(column) == wanted:
                return position
        return None

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line the row starts on, its cells) for every non-blank row after the header."""
        reader = _reader(self._text, self._escaped)
        previous = 0
        try:
            for cells in reader:
                start, previous = previous + 1, reader.line_num
                if start <= self._start or not cells:
                    continue
                yield start, cells
        except csv.Error as error:
            raise InputError.single(f"not valid CSV ({error})", file=self.member, line=previous + 1) from None


def cell(cells: list[str], position: int | None) -> str:
    """The stripped text of a cell; '' when the column is absent or the row is short."""
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def _reader(text: str, escaped: bool) -> csv.Reader:  # type: ignore[name-defined]
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    if escaped:
        return csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=True)
    return csv.reader(io.StringIO(text, newline=""))


def parse_table(member: str, text: str, needed: Sequence[str] = ()) -> Table:
    """Find the header (after any `Notes:` preamble) and check the `needed` columns are in it.

    A missing column is an InputError listing the columns expected and the columns found.
    """
    # Only files that use backslash escapes get them: elsewhere a backslash is just text.
    escaped = '\\"' in text
    reader = _reader(text, escaped)
    header: list[str] | None = None
    header_line = 0
    in_preamble = False
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if not cells or not any(part.strip() for part in cells):
                in_preamble = False  # the blank line that closes the preamble
                continue
            if header is None and header_line == 0 and cells[0].strip().casefold().startswith(PREAMBLE_MARK):
                in_preamble = True
                header_line = -1
                continue
            if in_preamble:
                continue
            header, header_line = cells, start
            break
    except csv.Error as error:
        raise InputError.single(f"not valid CSV ({error})", file=member, line=previous + 1) from None
    if header is None:
        expected = ", ".join(needed) or "a header line"
        raise InputError.single(f"has no header line; expected the columns {expected}", file=member)
    table = Table(member, [column.strip() for column in header], header_line, text, escaped, previous)
    missing = [name for name in needed if table.column(name) is None]
    if missing and len(missing) == len(needed) and needed:
        # No expected column at all: the first row is data, and data may name other people.
        raise InputError.single(
            f"the first row is not a header (it has {len(table.columns)} cells); expected the columns {', '.join(needed)}",
            file=member,
            line=header_line,
        )
    if missing:
        label = "column" if len(missing) == 1 else "columns"
        raise InputError.single(
            f"the header lacks the {label} {', '.join(missing)}; expected {', '.join(needed)}; found {', '.join(table.columns) or 'none'}",
            file=member,
            line=header_line,
        )
    return table


def open_table(archive: Archive, stem: str, needed: Sequence[str] = ()) -> Table | None:
    """The archive's `stem` CSV (id suffix allowed) parsed to a Table, or None when absent."""
    member = archive.find(stem)
    if member is None:
        return None
    return parse_table(member, archive.read_text(member), needed)
