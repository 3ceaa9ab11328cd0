"""The date formats found in LinkedIn's export files, 2018-2026, read to a calendar day.

Seen in real archives (file: example):
    Connections, Company Follows (older): 06 Apr 2026
    Shares, Comments, Reactions, messages: 2026-04-02 22:25:49 (with or without UTC)
    Endorsements: 2026/03/21 02:06:52 UTC
    Invitations: 4/6/26, 2:12 PM        Recommendations: 04/15/24, 09:25 PM
    Company Follows: Mon Apr 06 16:33:17 UTC 2026
    Positions, Education: May 2016, or just 2015 (read as the first day of the month or year)
    Rich_Media: You uploaded a photo on March 9, 2026 at 2:58 PM (GMT)
Only the day counts (times are UTC or the member's zone; a weekly rate does not notice).
Slash dates with a two-digit year are American, month first, as LinkedIn writes them.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "januari"),
            ("feb", "february", "februari"),
            ("mar", "march", "mrt", "maart"),
            ("apr", "april"),
            ("may", "mei"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "augustus"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")
_YEAR_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T].*)?")
_US_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:,?\s.*)?")
_UNIX = re.compile(r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) \d{1,2}:\d{2}(?::\d{2})? (?:[A-Za-z+\-:0-9]{1,9} )?(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}), (\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{4})")
_YEAR = re.compile(r"(\d{4})")


def _day(year: int, month: int | None, day: int) -> date | None:
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int | None:
    return _MONTHS.get(name.casefold())


def parse_date(text: str) -> date | None:
    """The calendar day a LinkedIn date string names, or None when it is not a known format.

    `May 2016` reads as 2016-05-01 and `2015` as 2015-01-01: the start of the period.
    """
    value = text.strip()
    # The common case first and without a regex: ISO timestamps fill the large activity
    # files, and many share a day, so the day part is what is cached.
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        if len(value) > 10 and value[10].isdigit():
            return None
        return _iso_day(value[:10])
    return _parse_other(value)


@lru_cache(maxsize=8192)
def _iso_day(value: str) -> date | None:
    if value[:4].isdigit() and value[5:7].isdigit() and value[8:10].isdigit():
        return _day(int(value[:4]), int(value[5:7]), int(value[8:10]))
    return None


@lru_cache(maxsize=8192)
def _parse_other(value: str) -> date | None:
    if match := _YEAR_SLASH.fullmatch(value):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _US_SLASH.fullmatch(value):
        year = int(match[3])
        return _day(year + 2000 if year < 100 else year, int(match[1]), int(match[2]))
    if match := _DAY_MONTH_YEAR.fullmatch(value):
        return _day(int(match[3]), _month(match[2]), int(match[1]))
    if match := _UNIX.fullmatch(value):
        return _day(int(match[3]), _month(match[1]), int(match[2]))
    if match := _MONTH_YEAR.fullmatch(value):
        return _day(int(match[2]), _month(match[1]), 1)
    if _YEAR.fullmatch(value):
        return _day(int(value), 1, 1)
    # A date inside a sentence (Rich_Media.csv): the first one that reads as a date.
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        for found in pattern.finditer(value):
            if order == "mdy":
                day = _day(int(found[3]), _month(found[1]), int(found[2]))
            else:
                day = _day(int(found[3]), _month(found[2]), int(found[1]))
            if day is not None:
                return day
    return None
