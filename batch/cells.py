"""A spreadsheet's cell as a fact's value: numbers, yes/no and text as spreadsheets write them.

Excel writes "CSV" the way its language writes numbers: in Dutch (German, French, …)
separated by semicolons, with a decimal comma (0,35) and thousands grouped by a full stop or
a (no-break) space (1.250, 1 250); a cell formatted as a percentage as 35%, one formatted as a
number with two decimals as 12,00; TRUE and FALSE as WAAR and ONWAAR.

A number is read only when it reads one way. A file separated by semicolons has the decimal
comma, one separated by commas the decimal point, and one separated by tabs does not say. A
mark with exactly three digits after it and a group of one to three digits before it (1.250,
1,250) may group thousands: in a count it does (a count is never one and a quarter); in any
other number it is the decimal sign only where the file's sign is that mark, and where it
is not, or the file does not say, the cell is refused with both readings, never guessed. A
mark that cannot group thousands (0.500, 2.5, 0,35) is the decimal sign in any file.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from typing import Any, NamedTuple

from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.document import NotFinite, TooLong
from ssi_advise.engine.json_reader import finite_float, short_integer
from ssi_advise.engine.problems import quote


class CsvLayout(NamedTuple):
    """How a CSV file is written: its delimiter, its decimal sign ("," where semicolons separate,
    "." where commas do, "" when the file does not tell: tabs), whether it is UTF-8 (else
    UTF-16) and whether it starts with a byte order mark."""

    delimiter: str = ","
    decimal: str = "."
    utf8: bool = True
    bom: bool = False

    @property
    def decimal_comma(self) -> bool:
        return self.decimal == ","


# What a file read without knowing its layout (a test, a library caller) is taken to be.
PLAIN = CsvLayout()


def csv_layout(header: str, utf8: bool = True, bom: bool = False) -> CsvLayout:
    """The layout of a CSV file, from its header line. A header of one column has no delimiter
    to find and does not tell its decimal sign either: its rows are split at semicolons, not at
    commas, since Excel in Dutch writes `1,5` there as it is, while a spreadsheet separating by
    commas puts a cell holding one in quotes."""
    # Without its quotes (no fact path holds one): the sniffer's guesses at quoted cells take time
    # growing with the square of a header full of open quotes (40,000 of them took 38 s).
    sample = header[:1 << 16].replace('"', "").replace("'", "")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return CsvLayout(";", "", utf8, bom)
    return CsvLayout(delimiter, {";": ",", "\t": ""}.get(delimiter, "."), utf8, bom)


# Yes-no cells as people write them: Excel in Dutch writes TRUE and FALSE as WAAR and ONWAAR
# (in German WAHR and FALSCH, in French VRAI and FAUX), and a spreadsheet's 1 and 0.
_BOOLEANS = {"true": True, "yes": True, "ja": True, "waar": True, "wahr": True, "vrai": True, "1": True,
             "false": False, "no": False, "nee": False, "onwaar": False, "falsch": False, "faux": False, "0": False}
_BOOLEAN_WORDS = "true or false (or yes/no, ja/nee, waar/onwaar, 1/0)"
# re.ASCII: \d is 0-9 only, not every script's digits.
_INTEGER = re.compile(r"-?\d+", re.ASCII)
_WHOLE = re.compile(r"-?\d+\.0{1,2}", re.ASCII)  # 12.00: a count formatted with two decimals
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
# Thousands grouped by a space (French Excel writes a no-break one, U+00A0 or U+202F): never
# a decimal sign, so always a grouping; decimals may follow.
_SPACE_GROUPED = re.compile("[1-9]\\d{0,2}(?:([ \u00a0\u202f])\\d{3})(?:\\1\\d{3})*(?:[.,]\\d+)?", re.ASCII)
_SPACES = re.compile("[ \u00a0\u202f]")
_LEADING_GROUP = re.compile(r"[1-9]\d{0,2}", re.ASCII)
_LANGUAGE = re.compile("[a-z]{2}")
_PERCENT = re.compile("(.*?)[ \u00a0\u202f]?%")
# A byte that is not UTF-8, as the reader keeps it (errors="surrogateescape").
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def not_utf8(text: str) -> str | None:
    """What is wrong with text read from a file that is not UTF-8 (Excel's plain "CSV" is not,
    outside English), or None."""
    found = _UNDECODABLE.search(text)
    if found is None:
        return None
    return f"is not UTF-8 text (byte 0x{ord(found.group()) - 0xDC00:02x} cannot be decoded); save the file as CSV UTF-8"


def cell_value(spec: FactSpec, cell: str, layout: CsvLayout = PLAIN) -> Any:
    """A cell's text as a value of the fact's type; ValueError saying what was expected."""
    wrong = not_utf8(cell) if layout.utf8 else None
    if wrong:
        raise ValueError(wrong)
    text = cell.strip()
    if spec.type == "string":
        return _text(spec, text)
    if spec.type == "boolean":
        if text.lower() in _BOOLEANS:
            return _BOOLEANS[text.lower()]
        raise ValueError(f"must be {_BOOLEAN_WORDS}, got {quote(text)}")
    percent = _PERCENT.fullmatch(text)
    if percent and spec.scale == "rate":
        # A rate cell formatted as a percentage: 35% is 0.35.
        try:
            share = float(Decimal(repr(_number(percent.group(1).strip(), layout, "number", text, "%"))) / 100)
        except (TwoWays, NotFinite, TooLong):
            raise
        except ValueError:
            raise ValueError(f"must be a percentage or a share from 0 to 1, got {quote(text)}") from None
    elif percent and spec.path.endswith("_percent") and spec.maximum == 100:
        # A fact counted in percent ('Top 5% of your industry'): 5% is 5.
        share = _number(percent.group(1).strip(), layout, "number", text, "%")
    elif percent:
        raise ValueError(f"must be {_KIND_WORDS[spec.type]}, got {quote(text)} (a percentage is read for a rate from 0% to 100% only)")
    else:
        share = _number(text, layout, spec.type)
    if spec.scale == "rate" and isinstance(share, (int, float)) and share > 1:
        # 35 in a rate column means 35%: say how to write it, rather than that 35 is over 1.
        how = f": write {text}% or {share / 100:g}".replace(".", layout.decimal or ".") if share <= 100 and not percent else ""
        raise ValueError(f"must be a share from 0 to 1 (0% to 100%), got {quote(text)}{how}")
    return share


_KIND_WORDS = {"integer": "a whole number", "number": "a number"}


def _text(spec: FactSpec, text: str) -> str:
    # Spreadsheets keep stray spaces around text and change case: `premium ` and `Premium` are
    # premium (an exact match first, should a pack's choices differ in case only).
    if spec.enum and text not in spec.enum:
        return next((option for option in spec.enum if option.lower() == text.lower()), text)
    if spec.path == "language" and _LANGUAGE.fullmatch(text.lower()):
        return text.lower()
    return text


class TwoWays(ValueError):
    """A number that reads two ways; its message gives both."""


def _number(text: str, layout: CsvLayout, kind: str, cell: str | None = None, unit: str = "") -> Any:
    """A number (`text`, of the `cell` as written, before its `unit`) as an int or a float;
    ValueError with what to write instead."""
    cell = cell or text
    plain = _plain(text, layout.decimal, kind, cell, unit)
    try:
        # By JSON's own readers, so a cell no fact can hold (too long, infinite) is refused and
        # worded as in a JSONL line (TooLong and NotFinite are ValueErrors with their words).
        if plain is not None and _INTEGER.fullmatch(plain):
            return short_integer(plain)
        if plain is not None and kind == "integer" and _WHOLE.fullmatch(plain):
            return short_integer(plain.split(".")[0])
        if plain is not None and kind == "number" and _NUMBER.fullmatch(plain):
            return finite_float(plain)
    except NotFinite:
        raise NotFinite(cell) from None  # as written, not as read: 1,5e400
    raise ValueError(f"must be {_KIND_WORDS[kind]}, got {quote(cell)}")


def _plain(text: str, decimal: str, kind: str, cell: str, unit: str = "") -> str | None:
    """The number in `text` with no thousands marks and a decimal point, or None when it is no
    number; TwoWays when it reads two ways (see the module's docstring)."""
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    if _SPACES.search(body):
        if not _SPACE_GROUPED.fullmatch(body):
            return None
        body = _SPACES.sub("", body)
    marks = [char for char in body if char in ".,"]
    if not marks:
        return sign + body
    if len(set(marks)) == 2:
        # 1.250,5 or 1,250.5: the last mark is the decimal sign, the other groups thousands.
        point = body[max(body.rfind("."), body.rfind(","))]
        group = "," if point == "." else "."
        if decimal and point != decimal or not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(group)}\d{{3}})+{re.escape(point)}\d+", body):
            return None
        return sign + body.replace(group, "").replace(point, ".")
    mark = marks[0]
    if len(marks) > 1:
        # 1.250.000: a mark used twice only groups thousands.
        if mark == decimal or not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(mark)}\d{{3}})+", body):
            return None
        return sign + body.replace(mark, "")
    before, after = body.split(mark)
    if mark != decimal and _LEADING_GROUP.fullmatch(before) and len(after) == 3 and after.isdigit():
        if kind == "integer":
            return sign + before + after
        # The second reading as the file writes it, without the zeros that made it look like the first.
        fraction = f"{decimal or '.'}{after.rstrip('0')}" if after.rstrip("0") else ""
        raise TwoWays(f"must be a number, got {quote(cell)}, which reads two ways, {sign}{before}{after}{unit} or "
                      f"{sign}{before}{fraction}{unit}: write the one you mean")
    return sign + before + "." + after
