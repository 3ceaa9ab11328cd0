"""CSV reading: preambles, escapes, multi-line fields, columns by name, exact errors."""

from __future__ import annotations

import pytest

from ssi_advise.engine.problems import InputError
from ssi_advise.importers.csvfiles import cell, parse_table

CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    'Jane,Doe,https://www.linkedin.com/in/jane,,"Northwind Traders, Inc.",CEO,22 Sep 2025\n'
    "Sam,,,,,,\n"
)


def test_skips_the_notes_preamble_and_numbers_rows_by_file_line() -> None:
    table = parse_table("Connections.csv", CONNECTIONS, ("Company", "Position"))
    assert table.header_line == 4
    rows = list(table.rows())
    assert [line for line, _ in rows] == [5, 6]
    assert cell(rows[0][1], table.column("company")) == "Northwind Traders, Inc."
    assert cell(rows[1][1], table.column("Position")) == ""


def test_2018_header_without_preamble_or_url_column() -> None:
    table = parse_table("Connections.csv", "First Name,Last Name,Email Address,Company,Position,Connected On\nA,B,,C,D,06 Apr 2018\n")
    assert table.header_line == 1
    assert table.column("URL") is None
    assert [cells[3] for _, cells in table.rows()] == ["C"]


def test_backslash_escaped_quotes_multiline_and_no_final_newline() -> None:
    text = (
        'Date,Link,Message\n2026-04-02 22:25:49,https://x,"He said \\"yes, now\\"\nand left"\n'
        '2026-04-03 10:00:00,https://y,"last, no newline"'
    )
    table = parse_table("Comments.csv", text, ("Date",))
    rows = list(table.rows())
    assert [(line, cells[0]) for line, cells in rows] == [(2, "2026-04-02 22:25:49"), (4, "2026-04-03 10:00:00")]
    assert rows[0][1][2] == 'He said "yes, now"\nand left'
    assert len(rows[1][1]) == 3


def test_doubled_quotes_still_read_when_no_backslash_escapes() -> None:
    table = parse_table("Shares.csv", 'Date,ShareCommentary\n2026-01-01,"a ""quoted"" word \\ backslash"\n')
    assert [cells[1] for _, cells in table.rows()] == ['a "quoted" word \\ backslash']


def test_missing_column_lists_expected_and_found() -> None:
    with pytest.raises(InputError) as caught:
        parse_table("Connections.csv", CONNECTIONS.replace(",Company,", ",Employer,"), ("First Name", "Company", "Position"))
    assert str(caught.value) == (
        "Connections.csv:4: the header lacks the column Company; expected First Name, Company, Position; "
        "found First Name, Last Name, URL, Email Address, Employer, Position, Connected On"
    )


def test_data_in_the_header_place_is_not_echoed() -> None:
    with pytest.raises(InputError) as caught:
        parse_table("Connections.csv", "Jane,Doe,jane@example.com\n", ("First Name", "Company"))
    assert (
        str(caught.value) == "Connections.csv:1: the first row is not a header (it has 3 cells); expected the columns First Name, Company"
    )
    assert "Jane" not in str(caught.value)


def test_empty_file_names_the_columns_it_needs() -> None:
    with pytest.raises(InputError) as caught:
        parse_table("Skills.csv", "\n\n", ("Name",))
    assert str(caught.value) == "Skills.csv: has no header line; expected the columns Name"


def test_broken_csv_names_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from ssi_advise.importers import csvfiles

    previous = csv.field_size_limit(20)
    monkeypatch.setattr(csvfiles, "FIELD_LIMIT", 20)
    try:
        table = parse_table("Reactions.csv", 'Date,Type\n2026-01-01,LIKE\n2026-01-02,"' + "x" * 50 + '"\n')
        with pytest.raises(InputError) as caught:
            list(table.rows())
    finally:
        csv.field_size_limit(previous)
    assert str(caught.value) == "Reactions.csv:3: not valid CSV (field larger than field limit (20))"
