"""The member's network from Connections.csv and Invitations.csv: counts only.

Names, e-mail addresses and invitation texts are read past, never kept: a connection
becomes a count (and, for matching invitations, a profile address held in memory only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ssi_advise.engine.problems import Problem

from .activity import Owner, RowProblems, profile_url
from .archive import Archive
from .csvfiles import cell, open_table
from .dates import parse_date
from .seniority import Seniority

CONNECTION_COLUMNS = ("First Name", "Last Name", "Company", "Position", "Connected On")
INVITATION_COLUMNS = ("Sent At", "Direction")


@dataclass
class Network:
    """What Connections.csv says: how many, how many senior, how many colleagues."""

    member: str
    connections: int = 0
    senior: int = 0
    internal: int = 0
    urls: set[str] = field(default_factory=set)
    has_urls: bool = False
    days: list[date] = field(default_factory=list)


def read_connections(archive: Archive, seniority: Seniority, employers: set[str]) -> Network | None:
    """Count connections, senior ones (by title) and colleagues (same current employer)."""
    table = open_table(archive, "Connections", CONNECTION_COLUMNS)
    if table is None:
        return None
    company, position, connected, url = (table.column(name) for name in ("Company", "Position", "Connected On", "URL"))
    network = Network(table.member, has_urls=url is not None)
    senior_titles: dict[str, bool] = {}
    company_keys: dict[str, str] = {}
    for _, cells in table.rows():
        if not any(part.strip() for part in cells):
            continue
        network.connections += 1
        title = cell(cells, position)
        if title:
            is_senior = senior_titles.get(title)
            if is_senior is None:
                is_senior = senior_titles[title] = seniority.is_senior(title)
            network.senior += is_senior
        if employers:
            name = cell(cells, company)
            key = company_keys.get(name)
            if key is None:
                key = company_keys[name] = seniority.company_key(name)
            network.internal += key in employers
        if url is not None and (address := cell(cells, url)):
            network.urls.add(profile_url(address))
        if day := parse_date(cell(cells, connected)):
            network.days.append(day)  # only to find the export date when nothing else gives it
    return network


@dataclass
class Invitations:
    """Invitations sent: their days, how many carried a note, how many became connections."""

    member: str
    sent_days: list[date] = field(default_factory=list)
    all_days: list[date] = field(default_factory=list)
    sent: int = 0
    with_note: int | None = None
    sent_to: list[str] | None = None  # invitees' profile addresses, in memory only


def read_invitations(archive: Archive, owner: Owner, problems: list[Problem]) -> Invitations | None:
    """Read Invitations.csv; learn the member's own profile address from it for messages.csv."""
    table = open_table(archive, "Invitations", INVITATION_COLUMNS)
    if table is None:
        return None
    sent_at, direction, message = table.column("Sent At"), table.column("Direction"), table.column("Message")
    inviter, invitee = table.column("inviterProfileUrl"), table.column("inviteeProfileUrl")
    found = Invitations(table.member, with_note=0 if message is not None else None, sent_to=[] if invitee is not None else None)
    bad = RowProblems(problems, table.member)
    for line, cells in table.rows():
        way = cell(cells, direction).upper()
        text = cell(cells, sent_at)
        day = parse_date(text) if text else None
        if day is None:
            bad.bad_date(line, "Sent At", text)
            continue
        found.all_days.append(day)
        if way == "OUTGOING":
            found.sent += 1
            found.sent_days.append(day)
            if found.with_note is not None and cell(cells, message):
                found.with_note += 1
            if address := cell(cells, inviter):
                owner.urls.add(profile_url(address))
            if found.sent_to is not None and (address := cell(cells, invitee)):
                found.sent_to.append(profile_url(address))
        elif way == "INCOMING" and (address := cell(cells, invitee)):
            owner.urls.add(profile_url(address))
    return found


def count_accepted(invitations: Invitations, network: Network) -> tuple[int, int] | None:
    """(sent invitations to a known address, how many of those people are connections now);
    None when the files lack the addresses to tell (2018's Connections.csv has no URL column)."""
    if not network.has_urls or not invitations.sent_to:
        return None
    return len(invitations.sent_to), sum(1 for address in invitations.sent_to if address in network.urls)
