"""A spreadsheet's cell as a fact's value: numbers, yes/no and text as spreadsheets write them.

Excel writes "CSV" the way its language writes numbers: in Dutch (German, French, …)
separated by semicolons, with a decimal comma (0,35) and thousands grouped by a full stop or
a (no-break) space (1.250, 1 250); a cell formatted as a percentage as 35%, one formatted as a
number with two decimals as 12,00; TRUE and FALSE as WAAR and ONWAAR. Each is read as meant,
and what cannot be read one way only (1,250 in a comma-separated file: a thousand and a
quarter, or a number with a decimal comma?) is refused with what to write instead, never
guessed.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from typing import Any, NamedTuple

from ssi_advise.engine.facts import FactSpec
from ssi_advise.engine.json_reader import finite_float, short_integer
from ssi_advise.engine.problems import quote


class CsvLayout(NamedTuple):
    """How a CSV file is written: its delimiter, whether its numbers have a decimal comma,
    whether it is UTF-8 (else UTF-16) and whether it starts with a byte order mark."""

    delimiter: str = ","
    decimal_comma: bool = False
    utf8: bool = True
    bom: bool = False


# What a file read without knowing its layout (a test, a library caller) is taken to be.
PLAIN = CsvLayout()


def csv_layout(header: str, utf8: bool = True, bom: bool = False) -> CsvLayout:
    """The layout of a CSV file, from its header line. A header of one column has no delimiter
    to find: commas."""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return CsvLayout(delimiter, delimiter == ";", utf8, bom)


# Yes-no cells as people write them: Excel in Dutch writes TRUE and FALSE as WAAR and ONWAAR
# (in German WAHR and FALSCH, in French VRAI and FAUX), and a spreadsheet's 1 and 0.
_BOOLEANS = {"true": True, "yes": True, "ja": True, "waar": True, "wahr": True, "vrai": True, "1": True,
             "false": False, "no": False, "nee": False, "onwaar": False, "falsch": False, "faux": False, "0": False}
_BOOLEAN_WORDS = "true or false (or yes/no, ja/nee, waar/onwaar, 1/0)"
# re.ASCII: \d is 0-9 only, not every script's digits.
_INTEGER = re.compile(r"-?\d+", re.ASCII)
_WHOLE = re.compile(r"-?\d+\.0+", re.ASCII)  # 12.00: a count formatted with two decimals
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
# Where the comma is the decimal sign: thousands grouped by a full stop or a space (French
# Excel writes a no-break space, U+00A0 or U+202F), then the decimals.
_GROUPED = re.compile("-?\\d{1,3}(?:([. \u00a0\u202f])\\d{3})(?:\\1\\d{3})*(?:,\\d+)?", re.ASCII)
_GROUP_MARKS = re.compile("[. \u00a0\u202f]")
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
        return float(Decimal(repr(_number(spec, percent.group(1).strip(), layout, "number"))) / 100)
    return _number(spec, text, layout, spec.type)


def _text(spec: FactSpec, text: str) -> str:
    # Spreadsheets keep stray spaces around text and change case: `premium ` and `Premium` are premium.
    if spec.enum:
        return next((option for option in spec.enum if option.lower() == text.lower()), text)
    return text.lower() if spec.path == "language" else text


def _number(spec: FactSpec, text: str, layout: CsvLayout, kind: str) -> Any:
    """A number cell as an int or a float; ValueError with what to write instead."""
    plain = text
    if layout.decimal_comma:
        if _GROUPED.fullmatch(text):
            plain = _GROUP_MARKS.sub("", text).replace(",", ".")
        elif text.count(",") == 1 and "." not in text:
            plain = text.replace(",", ".")
    # By JSON's own readers, so a cell no fact can hold (too long, infinite) is refused and
    # worded as in a JSONL line (TooLong and NotFinite are ValueErrors with their words).
    if _INTEGER.fullmatch(plain):
        return short_integer(plain)
    if kind == "integer" and _WHOLE.fullmatch(plain):
        return short_integer(plain.split(".")[0])
    if kind == "number" and _NUMBER.fullmatch(plain):
        return finite_float(plain)
    raise ValueError(f"must be {'a whole number' if kind == 'integer' else 'a number'}, got {quote(text)}{_hint(spec, text, layout)}")


def _hint(spec: FactSpec, text: str, layout: CsvLayout) -> str:
    if "%" in text:
        return " (a percentage is read for a rate only)" if spec.scale != "rate" else ""
    if "," in text and not layout.decimal_comma:
        return (" (a comma is read as the decimal sign only in a file separated by semicolons: here write decimals with a "
                "full stop, and thousands without a mark)")
    return ""
