"""LinkedIn's data export ("Get a copy of your data") read into a profile fact set.

Only counts leave the archive: no name, e-mail address or message text of anyone else goes
into the facts, the notes or an error message. `docs/import.md` maps file → column → fact.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ssi_advise.engine.problems import InputError, Problem, raise_if_errors

from .activity import OWN_ACTIVITY, Dated, Owner, Window, read_days, read_sent_messages
from .archive import MARKER_FILES, Archive, open_archive
from .network import (
    Invitations,
    Network,
    count_accepted,
    read_connections,
    read_invitations,
)
from .profile_facts import (
    COUNTED,
    MAX_GROUPS,
    Own,
    count_articles,
    count_featured,
    count_rows,
    own_headline,
    read_positions,
    read_profile,
)
from .result import ImportResult
from .seniority import Seniority, load_seniority

NAME_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
# Files only the complete archive holds; in it, a file LinkedIn leaves out had no rows.
COMPLETE_ONLY = ("Shares", "Comments", "Reactions", "Votes", "Ad_Targeting", "Inferences_about_you", "Logins", "SearchQueries", "Learning")
ACTIVITY_FACTS = {
    "posts": "insights.posts_per_week",
    "comments": "insights.comments_given_per_week",
    "reactions": "insights.reactions_given_per_week",
    "searches": "people.searches_per_week",
}
MAX_CONNECTIONS = 30_000


def date_from_name(path: str | Path) -> date | None:
    """The export date in LinkedIn's archive name (`..._LinkedInDataExport_MM-DD-YYYY.zip`)."""
    match = NAME_DATE.search(Path(path).name)
    if match is None:
        return None
    try:
        return date(int(match[3]), int(match[1]), int(match[2]))
    except ValueError:
        return None


def is_complete(archive: Archive) -> bool:
    """Whether this is the complete archive, whose missing files mean 'none' rather than 'not asked'."""
    name = Path(archive.name).name.casefold()
    if name.startswith("complete_"):
        return True
    if name.startswith("basic_"):
        return False
    return any(archive.find(stem) for stem in COMPLETE_ONLY)


class _Reader:
    def __init__(self, archive: Archive, seniority: Seniority, as_of: date | None) -> None:
        self.archive = archive
        self.seniority = seniority
        self.as_of = as_of
        self.complete = is_complete(archive)
        self.problems: list[Problem] = []
        self.result = ImportResult({}, {}, None, "", archive.name)

    def absent(self, path: str, stem: str) -> None:
        """A fact whose file is not in the archive: none in a complete archive, unknown in a basic one."""
        if self.complete:
            self.result.set(
                path, 0.0 if path.endswith("_per_week") else 0, f"no {stem}.csv in the archive (LinkedIn leaves out empty files)"
            )
        else:
            self.result.reasons[path] = f"{stem}.csv is not in this archive (the complete archive has it)"

    def read(self) -> ImportResult:
        own = Own()
        read_profile(self.archive, own)
        read_positions(self.archive, own, self.seniority.company_key)
        self._own_facts(own)
        self._counts()
        owner = Owner(names=set(own.names))
        network = read_connections(self.archive, self.seniority, set(own.employers))
        invitations = read_invitations(self.archive, owner, self.problems)
        activity = {kind: read_days(self.archive, stem, column, self.problems) for kind, (stem, column) in OWN_ACTIVITY.items()}
        messages = read_sent_messages(self.archive, owner, self.problems) if owner else None
        raise_if_errors(self.problems)
        self._network(network, own)
        dated = [found for found in activity.values() if found is not None]
        everything = [day for found in dated for day in found.days]
        everything += (
            (invitations.all_days if invitations else []) + (messages.days if messages else []) + (network.days if network else [])
        )
        window = self._window(everything)
        if window is None:
            return self.result
        self._activity(window, activity)
        self._messages(window, messages, owner)
        if invitations is not None:
            self._invitations(invitations, network)
            dated.append(Dated(invitations.member, invitations.sent_days))
        if messages is not None:
            dated.append(messages)
        if dated:
            sources = ", ".join(found.member for found in dated)
            self.result.set(
                "people.days_active_per_week",
                window.days_active(*(found.days for found in dated)),
                f"{sources} (distinct days, a lower bound)",
            )
        return self.result

    def _own_facts(self, own: Own) -> None:
        result = self.result
        if own.profile_member is None:
            result.reasons["brand.headline"] = result.reasons["brand.about"] = "no Profile.csv in the archive"
        else:
            if own.full_name:
                result.set("name", own.full_name, own.profile_member)
            if own.industry:
                result.set("industry", own.industry, own.profile_member)
            headline = own_headline(own)
            if headline is not None:
                result.set("brand.headline", headline, own.profile_member + (" + Positions.csv" if own.current_titles else ""))
            if own.about is not None:
                result.set("brand.about", own.about, own.profile_member)
        if own.positions_member is None:
            self.absent("brand.past_positions", "Positions")
            return
        if own.past_positions is not None:
            result.set("brand.past_positions", own.past_positions, own.positions_member)
        if own.current_described is not None:
            result.set("brand.current_position", own.current_described, f"{own.positions_member} (no end date, with a description)")
        else:
            result.reasons["brand.current_position"] = f"{own.positions_member} has no Description column"

    def _counts(self) -> None:
        for path, stem, needed, keep in COUNTED:
            counted = count_rows(self.archive, stem, needed, keep)
            if counted is None:
                if stem != "Groups":  # recent archives have no groups file at all
                    self.absent(path, stem)
                continue
            total, member = counted
            if path == "insights.groups" and total > MAX_GROUPS:
                self.result.notes.append(
                    f"insights.groups: {member} lists {total} groups; LinkedIn allows {MAX_GROUPS}, so {MAX_GROUPS} is kept"
                )
                total = MAX_GROUPS
            self.result.set(path, total, member)
        articles = count_articles(self.archive)
        if articles is not None:
            self.result.set("brand.articles", articles[0], articles[1])
        elif self.complete:
            self.result.set("brand.articles", 0, "no Articles folder in the archive")
        featured = count_featured(self.archive)
        if featured is not None:
            self.result.set("brand.media_items", featured[0], f"{featured[1]} (rows that say Featured; a lower bound)")

    def _network(self, network: Network | None, own: Own) -> None:
        if network is None:
            self.absent("relationships.connections", "Connections")
            return
        total = network.connections
        if total > MAX_CONNECTIONS:
            self.result.notes.append(
                f"relationships.connections: {network.member} has {total} rows; LinkedIn caps connections at {MAX_CONNECTIONS}"
            )
        self.result.set("relationships.connections", min(total, MAX_CONNECTIONS), network.member)
        self.result.set(
            "relationships.senior_connections",
            min(network.senior, MAX_CONNECTIONS),
            f"{network.member} (Position matched to seniority words)",
        )
        if own.employers:
            self.result.set(
                "relationships.internal_connections",
                min(network.internal, MAX_CONNECTIONS),
                f"{network.member} + {own.positions_member} (Company = current employer)",
            )
        else:
            self.result.reasons["relationships.internal_connections"] = "no current position (Positions.csv) to compare companies with"

    def _window(self, days: list[date]) -> Window | None:
        named = date_from_name(self.archive.name)
        if self.as_of is not None:
            self.result.export_date, self.result.export_date_source = self.as_of, "--as-of"
            if named is not None and named != self.as_of:
                self.result.notes.append(f"export date: --as-of {self.as_of} replaces {named} from the archive's name")
        elif named is not None:
            self.result.export_date, self.result.export_date_source = named, "the archive's name"
        elif days:
            self.result.export_date, self.result.export_date_source = max(days), "the newest date inside the archive"
        else:
            self.result.notes.append("weekly rates: no export date (no date in the archive's name, no dated rows); give --as-of")
            return None
        return Window(self.result.export_date)

    def _activity(self, window: Window, activity: dict[str, Dated | None]) -> None:
        for kind, found in activity.items():
            path = ACTIVITY_FACTS[kind]
            if found is None:
                self.absent(path, OWN_ACTIVITY[kind][0])
            else:
                self.result.set(path, window.rate(found.days), f"{found.member} (rows in the 12 weeks before {window.end})")

    def _messages(self, window: Window, messages: Dated | None, owner: Owner) -> None:
        path = "insights.messages_sent_per_week"
        if messages is not None:
            self.result.set(path, window.rate(messages.days), f"{messages.member} (messages you sent in the 12 weeks before {window.end})")
        elif not owner and self.archive.find("messages"):
            self.result.reasons[path] = "cannot tell your messages from others' without Profile.csv or Invitations.csv"
        else:
            self.absent(path, "messages")

    def _invitations(self, invitations: Invitations, network: Network | None) -> None:
        if invitations.sent == 0:
            self.result.reasons["relationships.invitation_note_rate"] = f"{invitations.member} holds no invitations you sent"
            return
        if invitations.with_note is not None:
            rate = round(invitations.with_note / invitations.sent, 2)
            self.result.set("relationships.invitation_note_rate", rate, f"{invitations.member} (sent invitations with a Message)")
        accepted = count_accepted(invitations, network) if network is not None else None
        if accepted is not None and network is not None:
            known, matched = accepted
            source = f"{invitations.member} + {network.member} (invitees now among your connections; a lower bound)"
            self.result.set("relationships.invitation_acceptance_rate", round(matched / known, 2), source)


def read_linkedin_archive(path: str | Path, *, as_of: date | None = None, seniority: str | Path | None = None) -> ImportResult:
    """Read a LinkedIn export (ZIP or unpacked folder) into profile facts.

    The export date (the end of the 12-week window for weekly rates) is `as_of` when given,
    else the date in the archive's name, else the newest date inside. `seniority` names a
    word-list file like the shipped seniority.yaml. Raises InputError with every problem found.
    """
    rules = load_seniority(seniority)
    with open_archive(path) as archive:
        if not any(archive.find(stem) for stem in MARKER_FILES):
            expected = ", ".join(f"{stem}.csv" for stem in MARKER_FILES)
            raise InputError.single(f"not a LinkedIn data export: none of {expected} is in it", file=str(path))
        return _Reader(archive, rules, as_of).read()
