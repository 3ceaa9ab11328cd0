"""CSV in and out: columns named by dotted fact paths, cells read by the fact's type.

The columns come from the fact catalogue of the pack in use (the profile schema's facts and
the pack's own, `custom.*`), so the template, the header check and the cell types can never
disagree with what a profile may hold.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from ssi_advise.engine.custom_facts import NAMESPACE
from ssi_advise.engine.document import JsonPath, Mark
from ssi_advise.engine.facts import FactSpec, catalogue
from ssi_advise.engine.model import PILLARS
from ssi_advise.engine.problems import InputError, Problem, quote
from ssi_advise.engine.suggest import did_you_mean

from .cells import PLAIN, CsvLayout, cell_value, not_utf8

TOP_ACTIONS = 3
SUMMARY_COLUMNS = ("id", *PILLARS, "total", "coverage", *(f"action_{n}" for n in range(1, TOP_ACTIONS + 1)), "error")


def template_columns(known: Mapping[str, FactSpec] | None = None) -> tuple[str, ...]:
    """Every fact path a profile may hold, in the schema's order (then the pack's own facts):
    the CSV template's header. `known`: the pack's catalogue (default: the built-in one)."""
    return tuple(catalogue() if known is None else known)


# A header's columns: the fact each names, or None for a column without a name (Excel keeps
# columns once used: `;;` at the end of every line), whose cells must then be empty.
Columns = tuple[FactSpec | None, ...]


def check_header(header: Sequence[str], name: str, known: Mapping[str, FactSpec] | None = None, line: int = 1,
                 utf8: bool = True) -> Columns:
    """The header's facts; InputError naming each unknown or repeated column. `known`: the
    facts of the pack in use (default: the built-in ones). Names are read in any case (`ID`).
    `utf8`: the file is UTF-8, where a byte that is not is kept as a lone surrogate."""
    if known is None:
        known = catalogue()
    own = any(path.startswith(f"{NAMESPACE}.") for path in known)
    problems = []
    seen: set[str] = set()
    columns = tuple(_known_name(cell.strip(), known) for cell in header)
    if not any(columns):
        raise InputError.single("the first line is empty; expected a header of fact paths (see `ssi-advise batch template`)",
                                file=name, line=line)
    for index, column in enumerate(columns, start=1):
        if not column:
            continue
        wrong = not_utf8(column) if utf8 else None
        if wrong:
            problems.append(Problem(f"the header {wrong}", file=name, line=line, column=index))
        elif column in seen:
            problems.append(Problem(f"column '{column}' appears twice", file=name, line=line, column=index))
        elif column not in known:
            hint = did_you_mean(column, known) or (
                " (a pack's own fact: give its pack with --rules)" if column.startswith(f"{NAMESPACE}.") and not own
                else " (see `ssi-advise batch template` for every column)")
            problems.append(Problem(f"unknown column {quote(column)}{hint}", file=name, line=line, column=index))
        seen.add(column)
    if problems:
        raise InputError(problems)
    return tuple(known[column] if column else None for column in columns)


def _known_name(column: str, known: Mapping[str, FactSpec]) -> str:
    return column.lower() if column not in known and column.lower() in known else column


def parse_row(columns: Columns, cells: Sequence[str], name: str, line: int,
              layout: CsvLayout = PLAIN) -> tuple[dict[str, Any], list[Problem]]:
    """One CSV row as profile data (empty cells are missing facts), and the problems of the
    cells that could not be read, each naming its line and column: the rest is still read, so
    a record's every problem is found at once."""
    problems = []
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns):]):
        names = "column" if len(columns) == 1 else "columns"
        problems.append(Problem(f"row has {len(cells)} cells but the header names {len(columns)} {names}", file=name, line=line))
    data: dict[str, Any] = {}
    for index, (spec, cell) in enumerate(zip(columns, cells, strict=False), start=1):
        if not cell.strip():
            continue
        if spec is None:
            problems.append(Problem("this column has no name in the header; name it, or delete the column",
                                    file=name, line=line, column=index))
            continue
        try:
            value = cell_value(spec, cell, layout)
        except ValueError as error:
            problems.append(Problem(str(error), file=name, line=line, column=index, path=spec.path))
            continue
        node = data
        *parents, leaf = spec.path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data, problems


def row_marks(columns: Columns, line: int) -> dict[JsonPath, Mark]:
    """Where each fact of a row was written: its line and its column (the cell's position,
    from 1), so a problem found after reading (out of range, not a choice) names its cell as a
    problem in reading it does."""
    marks: dict[JsonPath, Mark] = {(): (line, None)}
    for index, key in enumerate(_path_keys(tuple(spec.path if spec else "" for spec in columns)), start=1):
        if key:
            marks[key] = (line, index)
    return marks


def row_id(columns: Columns, cells: Sequence[str]) -> str | None:
    """The row's `id` cell as read, when the header has one and the cell is filled in."""
    for spec, cell in zip(columns, cells, strict=False):
        if spec is not None and spec.path == "id":
            return cell.strip() or None
    return None


@functools.lru_cache(maxsize=8)
def _path_keys(paths: tuple[str, ...]) -> tuple[JsonPath, ...]:
    # A header's paths split once per run, not once per row.
    return tuple(tuple(path.split(".")) if path else () for path in paths)


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
