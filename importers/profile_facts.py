"""Brand facts from the member's own profile files: Profile.csv, Positions.csv and the counts
of education, skills, endorsements, recommendations, follows, groups, articles and media."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ssi_advise.engine.problems import InputError
from ssi_advise.engine.text_checks import text_problem

from .archive import Archive
from .csvfiles import cell, open_table

# (fact, file stem, needed columns, which rows count) for the facts that are a row count.
Keep = Callable[[list[str], Callable[[str], int | None]], bool]


def _status_is(*accepted: str) -> Keep:
    """Rows whose Status (or Endorsement Status) is one of `accepted`; all rows when the file has none."""

    def keep(cells: list[str], column: Callable[[str], int | None]) -> bool:
        position = column("Status")
        if position is None:
            position = column("Endorsement Status")
        return position is None or cell(cells, position).upper() in accepted

    return keep


def _any(cells: list[str], column: Callable[[str], int | None]) -> bool:
    return True


COUNTED = [
    ("brand.education", "Education", ("School Name",), _any),
    ("brand.skills", "Skills", ("Name",), _any),
    ("brand.endorsements", "Endorsement_Received_Info", (), _status_is("ACCEPTED", "")),
    ("brand.recommendations_received", "Recommendations_Received", (), _status_is("VISIBLE", "")),
    ("brand.recommendations_given", "Recommendations_Given", (), _any),
    ("insights.company_pages_followed", "Company Follows", ("Organization",), _any),
    ("insights.groups", "Groups", (), _any),
]
MAX_GROUPS = 100


@dataclass
class Own:
    """The member as their own files describe them."""

    names: set[str] = field(default_factory=set)
    full_name: str | None = None
    industry: str | None = None
    headline: str | None = None
    about: bool | None = None
    profile_member: str | None = None
    employers: list[str] = field(default_factory=list)
    current_titles: list[str] = field(default_factory=list)
    current_described: bool | None = None
    past_positions: int | None = None
    positions_member: str | None = None


def read_profile(archive: Archive, own: Own) -> None:
    """Name, industry, headline and About from Profile.csv (About also from Profile Summary.csv)."""
    table = open_table(archive, "Profile", ("First Name", "Last Name", "Headline"))
    if table is not None:
        own.profile_member = table.member
        first, last, headline = table.column("First Name"), table.column("Last Name"), table.column("Headline")
        summary, industry = table.column("Summary"), table.column("Industry")
        for line, cells in table.rows():
            # Text that goes into the profile as it is: refused here, where the member can find it.
            for column in ("First Name", "Last Name", "Industry"):
                _check_text(cell(cells, table.column(column)), column, table.member, line)
            name = " ".join(part for part in (cell(cells, first), cell(cells, last)) if part)
            if name:
                own.names.add(name)
                own.full_name = own.full_name or name[:200]
            own.headline = own.headline or cell(cells, headline)
            own.industry = own.industry or cell(cells, industry)[:200] or None
            if summary is not None:
                own.about = bool(own.about or cell(cells, summary))
            break  # one member, one row
    extra = open_table(archive, "Profile Summary")
    if extra is not None and extra.columns:
        text = any(cell(cells, 0) for _, cells in extra.rows())
        own.about = bool(own.about or text)
        own.profile_member = own.profile_member or extra.member


def _check_text(text: str, column: str, member: str, line: int) -> None:
    problem = text_problem(text, ())
    if problem:
        raise InputError.single(f"{column}: {problem}", file=member, line=line)


def read_positions(archive: Archive, own: Own, company_key: Callable[[str], str]) -> None:
    """Current positions (no end date): employers, titles, described or not; past ones counted."""
    table = open_table(archive, "Positions", ("Company Name", "Title", "Finished On"))
    if table is None:
        return
    own.positions_member = table.member
    company, title, finished = table.column("Company Name"), table.column("Title"), table.column("Finished On")
    description = table.column("Description")
    own.past_positions = 0
    for _, cells in table.rows():
        if cell(cells, finished):
            own.past_positions += 1
            continue
        if key := company_key(cell(cells, company)):
            own.employers.append(key)
        own.current_titles.append(cell(cells, title).casefold())
        if description is not None:
            own.current_described = bool(own.current_described or cell(cells, description))
    if description is None:
        own.current_described = None
    elif not own.current_titles:
        own.current_described = False


def own_headline(own: Own) -> bool | None:
    """A headline written by the member: present and not just the current job title (LinkedIn's default)."""
    if own.headline is None:
        return None
    text = " ".join(own.headline.casefold().split())
    if not text:
        return False
    defaults = set(own.current_titles)
    for title in own.current_titles:
        for employer in own.employers:
            defaults |= {f"{title} at {employer}", f"{title} bij {employer}"}
    return text not in defaults


def count_rows(archive: Archive, stem: str, needed: tuple[str, ...], keep: Keep) -> tuple[int, str] | None:
    """(rows that count, member name), or None when the archive lacks the file."""
    table = open_table(archive, stem, needed)
    if table is None:
        return None
    column = table.column
    total = sum(1 for _, cells in table.rows() if any(part.strip() for part in cells) and keep(cells, column))
    return total, table.member


def count_articles(archive: Archive) -> tuple[int, str] | None:
    """Published articles: the HTML files of the Articles folder; None when there is none."""
    found = archive.under("Articles", ".html")
    return (len(found), "Articles/") if found else None


def count_featured(archive: Archive) -> tuple[int, str] | None:
    """Rich_Media.csv rows that say they are Featured on the profile; None when none says so.

    The file lists every upload (profile photos, post images) without saying where most of
    them appear, so only rows that name the Featured section are counted: a lower bound.
    """
    table = open_table(archive, "Rich_Media")
    if table is None:
        return None
    columns = [table.column("Media Description"), table.column("Date/Time")]
    featured = sum(1 for _, cells in table.rows() if any("featured" in cell(cells, position).casefold() for position in columns))
    return (featured, table.member) if featured else None
