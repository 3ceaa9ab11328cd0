"""Every date format LinkedIn's export files have used reads to the right calendar day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssi_advise.importers.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 Apr 2026", date(2026, 4, 6)),  # Connections.csv
        ("2026-04-02 22:25:49", date(2026, 4, 2)),  # Shares, Comments, Reactions
        ("2026-04-02 22:25:49 UTC", date(2026, 4, 2)),  # messages.csv
        ("2026/03/21 02:06:52 UTC", date(2026, 3, 21)),  # endorsements
        ("4/6/26, 2:12 PM", date(2026, 4, 6)),  # Invitations.csv: month first
        ("04/15/24, 09:25 PM", date(2024, 4, 15)),  # recommendations
        ("Mon Apr 06 16:33:17 UTC 2026", date(2026, 4, 6)),  # Company Follows.csv
        ("May 2016", date(2016, 5, 1)),  # Positions.csv
        ("2015", date(2015, 1, 1)),  # Education.csv
        ("1815-12-10", date(1815, 12, 10)),
        ("You uploaded a photo on March 9, 2026 at 2:58 PM (GMT)", date(2026, 3, 9)),  # Rich_Media.csv
        ("  06 Apr 2026  ", date(2026, 4, 6)),
        ("6 mei 2025", date(2025, 5, 6)),
    ],
)
def test_reads_each_format_linkedin_writes(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2026-13-01 00:00:00", "31 Feb 2020", "13/45/26, 2:12 PM", "2026-04-0612", "Smarch 2020"]
)
def test_rejects_what_is_no_date(text: str) -> None:
    assert parse_date(text) is None


FORMATS = [
    lambda d: d.strftime("%d %b %Y"),
    lambda d: d.strftime("%Y-%m-%d %H:%M:%S"),
    lambda d: d.strftime("%Y/%m/%d 02:06:52 UTC"),
    lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}, 2:12 PM",
    lambda d: d.strftime("%m/%d/%y, 09:25 PM"),
    lambda d: d.strftime("%a %b %d 16:33:17 UTC %Y"),
    lambda d: f"You uploaded a photo on {d.strftime('%B')} {d.day}, {d.year} at 2:58 PM (GMT)",
]


@pytest.mark.slow
@given(st.dates(min_value=date(2003, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(FORMATS))
def test_any_day_written_in_any_format_reads_back(day: date, write) -> None:  # type: ignore[no-untyped-def]
    assert parse_date(write(day)) == day


@pytest.mark.slow
@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, date)
