"""A member's history: one JSON report a line (JSONL), as `ssi-advise PROFILE --history FILE` appends.

Each line is a JSON report (`schemas/report.schema.json`) with the time it was made in
`recorded_at`. Reading checks every line against that schema and names the line of each
problem; the trend is the pillar scores and totals in file order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .documents import Document, read_text
from .json_reader import checked_text, parse_json
from .problems import InputError, Problem, raise_if_errors
from .report import Report
from .schemas import validate

# A report is some 30 KB; this is thousands of runs, and still a bound on what is read.
MAX_HISTORY_BYTES = 256 * 1024 * 1024


@dataclass(slots=True)
class Entry:
    """One run kept in the history."""

    recorded_at: str | None
    report: Report
    line: int


@dataclass(slots=True)
class History:
    """The runs in file order."""

    source: str
    entries: list[Entry]

    def series(self, pillar: str) -> list[float]:
        """A pillar's score per run."""
        return [entry.report.pillars[pillar].score for entry in self.entries]

    def totals(self) -> list[float]:
        """The total per run."""
        return [entry.report.total for entry in self.entries]

    @property
    def latest(self) -> Report:
        return self.entries[-1].report


def read_history(source: str | Path) -> History:
    """Every report in a history file; InputError naming the line of each bad one."""
    name, text = read_text(source, max_bytes=MAX_HISTORY_BYTES)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            # Each line is held to what every file is held to: JSON's rules, finite numbers of
            # sane length, no control characters in its texts.
            data = checked_text(parse_json(line, name)).data
        except InputError as error:
            problems += [replace(problem, line=number, message=_as_report_problem(problem.message)) for problem in error.problems]
            continue
        found = validate(Document(name, data, {(): (number, 1)}), "report")
        if found:
            problems.extend(found)
            continue
        entries.append(Entry(data.get("recorded_at"), Report.from_dict(data), number))
    raise_if_errors(problems)
    if not entries:
        raise InputError.single("holds no reports yet (add one with: ssi-advise PROFILE --history FILE)", file=name)
    _one_member(name, entries)
    return History(name, entries)


def _one_member(name: str, entries: list[Entry]) -> None:
    """Refuse a history that mixes members: its trend would read as one member's progress."""
    latest = entries[-1]
    # Judging each run by the latest alone is not enough: a run without an id matches runs of
    # two ids by its name. Every pair of two members has one of these three in it.
    with_id = next((e for e in entries if e.report.profile.id), latest)
    named = next((e for e in entries if not e.report.profile.id and e.report.profile.name), latest)
    for judge in (latest, with_id, named):
        other = next((e for e in entries if e.report.profile.other_member(judge.report.profile)), None)
        if other is not None:
            run = "the latest run" if judge is latest else "the run"
            raise InputError.single(
                f"a run of {other.report.profile.shown()}, while {run} (line {judge.line}) is of {judge.report.profile.shown()}: "
                "a history follows one member; keep one history file per member",
                file=name, line=other.line)


def _as_report_problem(message: str) -> str:
    return f"not a JSON report: {message.removeprefix('JSON syntax error: ')}" if message.startswith("JSON syntax error") else message
