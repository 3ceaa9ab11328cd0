"""Dated activity in the export (posts, comments, reactions, searches, messages and
invitations sent) read to calendar days, and turned into weekly rates.

A rate counts what happened in the 12 full weeks (84 days) before the export date — the
export day itself is left out, as it is only partly recorded — and divides by 12.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ssi_advise.engine.problems import Problem

from .archive import Archive
from .csvfiles import cell, open_table
from .dates import parse_date

WEEKS = 12
MAX_PROBLEMS_PER_FILE = 5
DATE_HINT = "not a date in a format LinkedIn writes (e.g. 2026-04-06 21:12:29, 06 Apr 2026, 4/6/26, 2:12 PM)"

# kind → (file stem, date column): the member's own activity, one row each.
OWN_ACTIVITY = {
    "posts": ("Shares", "Date"),
    "comments": ("Comments", "Date"),
    "reactions": ("Reactions", "Date"),
    "searches": ("SearchQueries", "Time"),
}


@dataclass
class Dated:
    """The days of one kind of activity, and the archive member they were read from."""

    member: str
    days: list[date] = field(default_factory=list)


@dataclass(frozen=True)
class Window:
    """The 12 weeks before the export date: `start` <= day < `end`."""

    end: date

    @property
    def start(self) -> date:
        return self.end - timedelta(weeks=WEEKS)

    def count(self, days: list[date]) -> int:
        start, end = self.start, self.end
        return sum(1 for day in days if start <= day < end)

    def rate(self, days: list[date]) -> float:
        """Events per week over the window, to two decimals."""
        return round(self.count(days) / WEEKS, 2)

    def days_active(self, *groups: list[date]) -> float:
        """Distinct days with any of the given activity, per week, to two decimals."""
        start, end = self.start, self.end
        distinct = {day for days in groups for day in days if start <= day < end}
        return round(len(distinct) / WEEKS, 2)


class RowProblems:
    """Row problems of one file, at most a few each: one bad export repeats the same fault."""

    def __init__(self, problems: list[Problem], member: str) -> None:
        self.problems = problems
        self.member = member
        self.count = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(message, file=self.member, line=line))
        elif self.count == MAX_PROBLEMS_PER_FILE + 1:
            self.problems.append(Problem("more rows with problems follow; fix the ones above first", file=self.member, line=line))

    def bad_date(self, line: int, column: str, text: str) -> None:
        """A row whose `column` holds `text`, which is no date (the value is not repeated: a
        shifted row could put someone's words in the date column)."""
        self.add(line, f"{column}: {DATE_HINT}" if text else f"{column}: empty")


def read_days(archive: Archive, stem: str, column: str, problems: list[Problem]) -> Dated | None:
    """The day of every row of a dated file; None when the archive lacks the file.

    A row whose date cannot be read is a problem at its line (the value is not repeated:
    a shifted row could put someone's words in the date column).
    """
    table = open_table(archive, stem, (column,))
    if table is None:
        return None
    position = table.column(column)
    found = Dated(table.member)
    bad = RowProblems(problems, table.member)
    append = found.days.append
    for line, cells in table.rows():
        text = cell(cells, position)
        day = parse_date(text) if text else None
        if day is None:
            if text or any(part.strip() for part in cells):
                bad.bad_date(line, column, text)
            continue
        append(day)
    return found


@dataclass
class Owner:
    """How the member appears in messages: their name and profile addresses (never stored)."""

    names: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.names or self.urls)


def profile_url(text: str) -> str:
    """A profile address as compared: scheme, `www.`, query and trailing slash ignored."""
    value = text.strip().casefold().split("?", 1)[0].rstrip("/")
    for prefix in ("https://", "http://"):
        value = value.removeprefix(prefix)
    return value.removeprefix("www.")


def read_sent_messages(archive: Archive, owner: Owner, problems: list[Problem]) -> Dated | None:
    """The days of the messages the member sent (drafts left out); None without messages.csv."""
    table = open_table(archive, "messages", ("FROM", "DATE"))
    if table is None:
        return None
    sender, sender_url, when = table.column("FROM"), table.column("SENDER PROFILE URL"), table.column("DATE")
    folder, draft = table.column("FOLDER"), table.column("IS MESSAGE DRAFT")
    names = {name.casefold() for name in owner.names}
    found = Dated(table.member)
    bad = RowProblems(problems, table.member)
    for line, cells in table.rows():
        if not (cell(cells, sender).casefold() in names or (sender_url is not None and profile_url(cell(cells, sender_url)) in owner.urls)):
            continue
        if cell(cells, folder).upper() == "DRAFT" or cell(cells, draft).casefold() in ("yes", "true"):
            continue
        text = cell(cells, when)
        day = parse_date(text) if text else None
        if day is None:
            bad.bad_date(line, "DATE", text)
            continue
        found.days.append(day)
    return found
