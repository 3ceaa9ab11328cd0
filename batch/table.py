"""CSV in and out: columns named by dotted fact paths, cells read by the fact's type.

The columns come from the fact catalogue of the pack in use (the profile schema's facts and
the pack's own, `custom.*`), so the template, the header check and the cell types can never
disagree with what a profile may hold.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ssi_advise.engine.custom_facts import NAMESPACE
from ssi_advise.engine.document import JsonPath, Mark
from ssi_advise.engine.facts import FactSpec, catalogue
from ssi_advise.engine.json_reader import finite_float, short_integer
from ssi_advise.engine.model import PILLARS
from ssi_advise.engine.problems import InputError, Problem
from ssi_advise.engine.suggest import did_you_mean

_INTEGER = re.compile(r"-?\d+")
_GROUPED = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Yes-no cells as people write them, Dutch too: `waar`/`onwaar` is how Excel in Dutch writes
# TRUE and FALSE, and a spreadsheet's 1 and 0.
_BOOLEANS = {"true": True, "yes": True, "ja": True, "waar": True, "1": True,
             "false": False, "no": False, "nee": False, "onwaar": False, "0": False}
# A byte that is not UTF-8, as the reader keeps it (errors="surrogateescape").
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_WORDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false"}

TOP_ACTIONS = 3
SUMMARY_COLUMNS = ("id", *PILLARS, "total", "coverage", *(f"action_{n}" for n in range(1, TOP_ACTIONS + 1)), "error")


def template_columns(known: Mapping[str, FactSpec] | None = None) -> tuple[str, ...]:
    """Every fact path a profile may hold, in the schema's order (then the pack's own facts):
    the CSV template's header. `known`: the pack's catalogue (default: the built-in one)."""
    return tuple(catalogue() if known is None else known)


def check_header(header: Sequence[str], name: str, known: Mapping[str, FactSpec] | None = None) -> tuple[FactSpec, ...]:
    """The header's facts; InputError naming each unknown or repeated column. `known`: the
    facts of the pack in use (default: the built-in ones)."""
    if known is None:
        known = catalogue()
    own = any(path.startswith(f"{NAMESPACE}.") for path in known)
    problems = []
    seen: set[str] = set()
    columns = tuple(cell.strip() for cell in header)
    for index, column in enumerate(columns, start=1):
        not_utf8 = _not_utf8(column)
        if not_utf8:
            problems.append(Problem(f"the header {not_utf8}", file=name, line=1, column=index))
        elif column in seen:
            problems.append(Problem(f"column '{column}' appears twice", file=name, line=1, column=index))
        elif column not in known:
            hint = did_you_mean(column, known) or (
                " (a pack's own fact: give its pack with --rules)" if column.startswith(f"{NAMESPACE}.") and not own
                else " (see `ssi-advise batch template` for every column)")
            problems.append(Problem(f"unknown column '{column}'{hint}", file=name, line=1, column=index))
        seen.add(column)
    if problems:
        raise InputError(problems)
    return tuple(known[column] for column in columns)


def parse_row(columns: tuple[FactSpec, ...], cells: Sequence[str], name: str, line: int, decimal_comma: bool = False) -> dict[str, Any]:
    """One CSV row as profile data: empty cells are missing facts; InputError naming line and column.
    `decimal_comma`: numbers are written 0,35 (and 0.35 is read too)."""
    if len(cells) > len(columns):
        raise InputError.single(f"row has {len(cells)} cells but the header names {len(columns)} columns", file=name, line=line)
    data: dict[str, Any] = {}
    problems = []
    for index, (spec, cell) in enumerate(zip(columns, cells, strict=False), start=1):
        if not cell.strip():
            continue
        try:
            value = cell_value(spec, cell, decimal_comma)
        except ValueError as error:
            problems.append(Problem(str(error), file=name, line=line, column=index, path=spec.path))
            continue
        node = data
        *parents, leaf = spec.path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    if problems:
        raise InputError(problems)
    return data


class CsvLayout(NamedTuple):
    """How a CSV file is written: its delimiter, and whether its numbers have a decimal comma."""

    delimiter: str
    decimal_comma: bool


def csv_layout(header: str) -> CsvLayout:
    """The layout of a CSV file, from its header line. Excel writes "CSV" with semicolons and
    decimal commas (0,35) where the comma is the decimal sign, as in Dutch; tabs for "Unicode
    text". A header of one column has no delimiter to find: commas."""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return CsvLayout(delimiter, delimiter == ";")


def row_marks(columns: tuple[FactSpec, ...], line: int) -> dict[JsonPath, Mark]:
    """Where each fact of a row was written: its line and its column (the cell's position,
    from 1), so a problem found after reading (out of range, not a choice) names its cell as a
    problem in reading it does."""
    marks: dict[JsonPath, Mark] = {(): (line, None)}
    for index, key in enumerate(_path_keys(tuple(spec.path for spec in columns)), start=1):
        marks[key] = (line, index)
    return marks


def row_id(columns: tuple[FactSpec, ...], cells: Sequence[str]) -> str | None:
    """The row's `id` cell as written, when the header has one and the cell is filled in."""
    for spec, cell in zip(columns, cells, strict=False):
        if spec.path == "id":
            return cell if cell.strip() else None
    return None


@functools.lru_cache(maxsize=8)
def _path_keys(paths: tuple[str, ...]) -> tuple[JsonPath, ...]:
    # A header's paths split once per run, not once per row.
    return tuple(tuple(path.split(".")) for path in paths)


def _not_utf8(text: str) -> str | None:
    """What is wrong with text read from a file that is not UTF-8 (Excel's plain "CSV" is not,
    outside English), or None."""
    found = _UNDECODABLE.search(text)
    if found is None:
        return None
    return f"is not UTF-8 text (byte 0x{ord(found.group()) - 0xDC00:02x} cannot be decoded); save the file as CSV UTF-8"


def cell_value(spec: FactSpec, cell: str, decimal_comma: bool = False) -> Any:
    """A cell's text as a value of the fact's type; ValueError saying what was expected."""
    not_utf8 = _not_utf8(cell)
    if not_utf8:
        raise ValueError(not_utf8)
    text = cell.strip()
    if decimal_comma:
        # Where the comma is the decimal sign, the full stop groups thousands: 1.250 connections.
        if spec.type == "number" and text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        elif spec.type == "integer" and _GROUPED.fullmatch(text):
            text = text.replace(".", "")
    if spec.type == "string":
        return cell
    if spec.type == "boolean":
        if text.lower() in _BOOLEANS:
            return _BOOLEANS[text.lower()]
    # By JSON's own readers, so a cell no fact can hold (too long, infinite) is refused and
    # worded as in a JSONL line (TooLong and NotFinite are ValueErrors with their words).
    elif _INTEGER.fullmatch(text):
        return short_integer(text)
    elif spec.type == "number" and _NUMBER.fullmatch(text):
        return finite_float(text)
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise ValueError(f"{shown!r} is not {_WORDS[spec.type]}")


def summary_row(record_id: str, data: dict[str, Any], decimal_comma: bool = False) -> list[str]:
    """The output CSV row of one report (as `report_data` gives it); `decimal_comma`: 12,5."""
    coverage = data["coverage"]
    share = coverage["assessed"] / coverage["measures"] if coverage["measures"] else 0.0
    actions = [action["id"] for action in data["actions"][:TOP_ACTIONS]]
    actions += [""] * (TOP_ACTIONS - len(actions))
    numbers = [f"{data['pillars'][p]['score']:g}" for p in PILLARS] + [f"{data['total']:g}", f"{share:.2f}"]
    if decimal_comma:
        numbers = [number.replace(".", ",") for number in numbers]
    return [_as_text(record_id), *numbers, *actions, ""]


def error_row(record_id: str, reason: str) -> list[str]:
    """The output CSV row of a record that could not be evaluated."""
    return [_as_text(record_id), *[""] * (len(SUMMARY_COLUMNS) - 2), _as_text(reason)]


# A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+1+1`): the
# summary is opened in one, and its ids and reasons are the clients' text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: str) -> str:
    """The cell as a spreadsheet shows it as text: a leading ' before a formula's first character."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell
