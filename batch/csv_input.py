"""Reading a CSV input: its encoding and layout, its header, and its rows as records (read
lazily by csv_rows.py, each row a record, and every one that cannot be read a record saying why).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping
from typing import IO

from ssi_advise.engine.document import MAX_BYTES, MAX_SIZE
from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.problems import InputError

from .cells import CsvLayout, csv_layout
from .csv_lines import BOM, too_long
from .csv_rows import HeaderError, open_rows, why
from .record import Record
from .table import Columns, check_header

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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
    # A cell may be as long as a line (the csv module's own limit is 128 KiB), and no longer: the
    # rows' reading (csv_rows.py) counts on it. The limit is the process's; the importers set
    # their own before they read.
    csv.field_size_limit(MAX_BYTES)
    blank = 0
    try:
        first = _line(text, name, blank + 1)
        # Blank lines above the header, and those of delimiters only (;;; as Excel saves empty rows).
        while first and not first.strip(" \t\r\n,;"):
            blank += 1
            first = _line(text, name, blank + 1)
    except UnicodeDecodeError as error:
        raise InputError.single(f"cannot be read as UTF-16 text: {why(error)}", file=name) from None
    if not first:
        raise InputError.single("file is empty; expected a header of fact paths (see `ssi-advise batch template`)", file=name)
    if "\x00" in first:
        raise InputError.single("holds NUL characters: is it UTF-16 without a byte order mark? save it as CSV UTF-8", file=name,
                                line=blank + 1)
    # A byte order mark after blank lines is still no part of the first column's name.
    first = first.removeprefix(BOM)
    layout = csv_layout(first, utf8, bom=head.startswith(UTF8_BOM) or not utf8)
    try:
        header, rows = open_rows(text, first, blank + 1, layout.delimiter)
    except HeaderError as error:
        raise InputError.single(str(error), file=name, line=blank + 1) from None
    return check_header(header, name, known, line=blank + 1, utf8=utf8), layout, rows


def _line(text: IO[str], name: str, number: int) -> str:
    """A line above the rows (the header, or a blank one above it), read no further than a line may be long."""
    line = text.readline(MAX_BYTES + 1)
    if too_long(line):
        raise InputError.single(f"line is longer than the limit of {MAX_SIZE}; expected a header of fact paths", file=name, line=number)
    return line
