"""Batch CSV as spreadsheets save it: a coach fills the template in Excel, often in Dutch.

Excel in Dutch saves "CSV" separated by semicolons, numbers with a decimal comma (0,35) and
thousands grouped by a full stop (1.250), TRUE and FALSE as WAAR and ONWAAR; its "Unicode
text" is UTF-16 separated by tabs; its plain "CSV" outside English is not UTF-8.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.batch.cells import CsvLayout, cell_value, csv_layout
from ssi_advise.cli.main import main
from ssi_advise.engine import evaluate, load_profile
from ssi_advise.engine.facts import catalogue

pytestmark = pytest.mark.unit

PROFILES = ("coach.yaml", "newcomer.yaml", "account-manager.yaml")
DUTCH = CsvLayout(";", decimal=",")


def dutch_excel(value: Any) -> str:
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def english_excel(value: Any) -> str:
    return ("TRUE" if value else "FALSE") if isinstance(value, bool) else str(value)


def fill_and_run(tmp_path: Path, delimiter: str, encoding: str, spell: Callable[[Any], str]) -> list[dict[str, Any]]:
    """The template written with `delimiter`, three example profiles filled in as `spell` writes
    values, saved in `encoding`, run through batch: the JSONL records."""
    template = CliRunner().invoke(main, ["batch", "template", "--delimiter", ";" if delimiter == ";" else ","])
    assert template.exit_code == 0
    header = template.output.strip().split(";" if delimiter == ";" else ",")
    profiles = [load_profile(EXAMPLES / name) for name in PROFILES]
    rows = [[("" if profile.fact(column) is None else spell(profile.fact(column))) for column in header] for profile in profiles]
    source = tmp_path / "clients.csv"
    with source.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([header, *rows])
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_same_reports(records: list[dict[str, Any]], compiled: Any) -> None:
    for record, name in zip(records, PROFILES, strict=True):
        report = evaluate(load_profile(EXAMPLES / name), compiled)
        assert (record["id"], record["total"]) == (report.profile.id, report.total)
        assert [a["id"] for a in record["actions"]] == [a.id for a in report.actions]


def test_a_dutch_excel_csv_reads_as_the_profiles_it_was_filled_from(tmp_path: Path, default_compiled: Any) -> None:
    records = fill_and_run(tmp_path, ";", "utf-8-sig", dutch_excel)
    assert_same_reports(records, default_compiled)
    # The examples hold what the Dutch spelling changes: a decimal comma, a grouped thousand, WAAR.
    values = [load_profile(EXAMPLES / name).flat.values() for name in PROFILES]
    spelled = {dutch_excel(v) for row in values for v in row}
    assert any("," in s for s in spelled) and any("." in s and s.replace(".", "").isdigit() for s in spelled)
    assert {"WAAR", "ONWAAR"} <= spelled


def test_excel_unicode_text_utf16_with_tabs_is_read(tmp_path: Path, default_compiled: Any) -> None:
    assert_same_reports(fill_and_run(tmp_path, "\t", "utf-16", english_excel), default_compiled)


def test_a_comma_separated_file_reads_a_comma_only_where_it_reads_one_way(tmp_path: Path) -> None:
    # "1,250" there is a thousand and a quarter for a count (never one and a quarter), "0,5" is
    # a half (a group never starts with 0); "1,250" in a rate a week reads two ways: refused.
    source = tmp_path / "in.csv"
    source.write_text('id,insights.posts_per_week,relationships.connections\nc-1,"0,5","1,250"\nc-2,"1,250",1.000\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert (facts_of(first)["insights.posts_per_week"], facts_of(first)["relationships.connections"]) == (0.5, 1250)
    assert second == {"id": "c-2", "error": f"{source}:3:2: insights.posts_per_week: must be a number, got '1,250', which reads two "
                                            f"ways, 1250 or 1.25: write the one you mean; "
                                            f"{source}:3:3: relationships.connections: must be a whole number, got '1.000'"}


def test_a_cell_that_is_not_utf8_names_its_cell_and_how_to_save_the_file(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("id;name;brand.skills\r\nc-7;José;12\r\nc-8;Anne;3\r\n".encode("cp1252"))
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"id": "c-7", "error": f"{source}:2:2: name: is not UTF-8 text (byte 0xe9 cannot be decoded); save the file as CSV UTF-8"}
    assert second["profile"]["name"] == "Anne"


def test_a_header_that_is_not_utf8_stops_the_run(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("id,naïve\r\nc-1,x\r\n".encode("cp1252"))
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == f"{source}:1:2: the header is not UTF-8 text (byte 0xef cannot be decoded); save the file as CSV UTF-8\n"


@pytest.mark.parametrize(("cell", "value"), [("ja", True), ("NEE", False), ("Waar", True), ("onwaar", False), ("1", True), ("0", False),
                                             ("yes", True), ("FALSE", False)])
def test_yes_no_cells_read_as_people_write_them(cell: str, value: bool) -> None:
    assert cell_value(catalogue()["brand.photo"], cell) is value


def test_the_delimiter_sniffer_is_given_no_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its guesses at quoted cells take time growing with the square of a header of open quotes
    # (40,000 of them took 38 s); no fact path holds a quote.
    samples: list[str] = []
    sniff = csv.Sniffer.sniff
    monkeypatch.setattr(csv.Sniffer, "sniff", lambda self, sample, delimiters=None: samples.append(sample) or sniff(self, sample, delimiters))
    assert csv_layout('"id";"name"' + ';"a' * 40_000 + "\r\n")[:2] == (";", ",")
    assert samples and not any('"' in sample for sample in samples)


@pytest.mark.parametrize(("header", "delimiter", "decimal"), [
    ("id,brand.photo\r\n", ",", "."), ("id;brand.photo;brand.skills\r\n", ";", ","), ("id\tbrand.photo\n", "\t", ""),
    ("id\r\n", ";", ""),  # one column: no delimiter (a Dutch 1,5 is one cell), and no decimal sign told
])
def test_the_layout_is_told_by_the_header(header: str, delimiter: str, decimal: str) -> None:
    # A file separated by tabs does not tell its decimal sign (Excel's "Unicode text" writes its language's).
    assert csv_layout(header)[:2] == (delimiter, decimal)


@pytest.mark.parametrize(("fact", "cell", "value"), [
    ("relationships.connections", "1.250", 1250), ("relationships.connections", "12.500.000", 12500000),
    ("relationships.invitation_acceptance_rate", "0,35", 0.35), ("insights.posts_per_week", "2.5", 2.5),
])
def test_numbers_where_the_comma_is_the_decimal_sign(fact: str, cell: str, value: float) -> None:
    assert cell_value(catalogue()[fact], cell, DUTCH) == value


@pytest.mark.parametrize(("fact", "cell"), [("relationships.connections", "1.25"), ("relationships.connections", "1,250"),
                                            ("insights.posts_per_week", "1,2,3"), ("insights.posts_per_week", "1.25,5"),
                                            ("relationships.connections", "１２")])
def test_numbers_that_are_not_numbers_where_the_comma_is_the_decimal_sign(fact: str, cell: str) -> None:
    with pytest.raises(ValueError, match="must be a"):
        cell_value(catalogue()[fact], cell, DUTCH)


def semicolon_input(tmp_path: Path) -> Path:
    source = tmp_path / "klanten.csv"
    source.write_text("id;name;relationships.connections;relationships.invitation_acceptance_rate\r\n"
                      "k-1;José;1.250;0,35\r\nk-2;Anne;80;0,5\r\nk-3;Piet;veel;\r\n", encoding="utf-8-sig")
    return source


def test_a_file_saved_with_semicolons_gets_its_summary_back_the_same_way(tmp_path: Path) -> None:
    # The coach opens the results in the Excel that saved the clients: semicolons, decimal
    # commas, and the byte order mark without which Excel garbles José.
    source = semicolon_input(tmp_path)
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "uit.csv")])
    assert result.exit_code == 1, result.output
    raw = (tmp_path / "uit.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;brand;people;insights;relationships;total;coverage;")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [row["id"] for row in rows] == ["k-1", "k-2", "k-3"]
    assert "," in rows[0]["relationships"] or rows[0]["relationships"].isdigit()
    assert rows[0]["coverage"].startswith("0,") and "." not in rows[0]["total"]
    assert rows[2]["error"] == f"{source}:4:3: relationships.connections: must be a whole number, got 'veel'"
    # The same run written with commas holds the same numbers.
    assert CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "out.csv"), "--delimiter", ","]).exit_code == 1
    # ...and its byte order mark too: the input had one (Excel's "CSV UTF-8" writes one).
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfid,brand,")
    plain = list(csv.DictReader((tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [{k: v.replace(",", ".") for k, v in row.items() if k != "error"} for row in rows] == \
           [{k: v for k, v in row.items() if k != "error"} for row in plain]


def test_two_workers_write_the_semicolon_summary_the_same(tmp_path: Path) -> None:
    source = semicolon_input(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"uit-{jobs}.csv"
        CliRunner().invoke(main, ["batch", str(source), "-o", str(target), "--jobs", jobs])
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\r\n") == 4


def test_a_delimiter_for_jsonl_output_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("earlier\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(semicolon_input(tmp_path)), "-o", str(target), "--delimiter", ";"])
    assert result.exit_code == 2
    assert "--delimiter is for CSV output; this run writes JSONL" in result.output
    assert target.read_text(encoding="utf-8") == "earlier\n"


def run_csv(tmp_path: Path, raw: bytes, *options: str) -> tuple[int, list[dict[str, Any]], str]:
    """A CSV file of these bytes through batch: the exit code, the JSONL records, standard error."""
    source = tmp_path / "in.csv"
    source.write_bytes(raw)
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-", *options])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def facts_of(record: dict[str, Any]) -> dict[str, Any]:
    return {fact: m["value"][fact] if isinstance(m["value"], dict) else m["value"]
            for p in record["pillars"].values() for m in p["measures"] for fact in m["facts"]
            if (m["value"][fact] if isinstance(m["value"], dict) else m["value"]) is not None}


def test_a_number_is_read_only_where_it_reads_one_way_in_a_file_with_the_decimal_comma(tmp_path: Path) -> None:
    # Read as 1.25, "1.250 profile views a week" would have been a thousandfold wrong, silently;
    # read as 1250, "0.500 posts a week" would have been too. A count is never one and a quarter.
    code, records, _ = run_csv(tmp_path, "id;relationships.connections;people.profile_views_per_week;insights.messages_sent_per_week;"
                                          "people.leads_saved;insights.posts_per_week\n"
                                          "c-1;1.250;12.500,5;1.250,5;2\u00a0500;0.500\n"
                                          "c-2;-1.250;1.250;;;\n".encode())
    assert code == 1
    assert {k: v for k, v in facts_of(records[0]).items()} == {
        "relationships.connections": 1250, "people.profile_views_per_week": 12500.5, "insights.messages_sent_per_week": 1250.5,
        "people.leads_saved": 2500, "insights.posts_per_week": 0.5}
    assert records[1]["error"] == (f"{tmp_path / 'in.csv'}:3:2: relationships.connections: -1250 is less than the minimum of 0; "
                                   f"{tmp_path / 'in.csv'}:3:3: people.profile_views_per_week: must be a number, got '1.250', "
                                   "which reads two ways, 1250 or 1,25: write the one you mean")


def test_a_file_separated_by_tabs_reads_either_decimal_sign_where_it_reads_one_way(tmp_path: Path) -> None:
    # Excel's "Unicode text" writes its language's decimal sign, and the file does not say which.
    raw = b"\xff\xfe" + ("id\trelationships.connections\tinsights.posts_per_week\trelationships.invitation_acceptance_rate\r\n"
                         "c-1\t1.000\t2,5\t0,35\r\nc-2\t4.800\t1.250\t\r\n").encode("utf-16-le")
    code, records, _ = run_csv(tmp_path, raw)
    assert code == 1
    assert {k: v for k, v in facts_of(records[0]).items()} == {
        "relationships.connections": 1000, "insights.posts_per_week": 2.5, "relationships.invitation_acceptance_rate": 0.35}
    assert records[1]["error"].endswith("insights.posts_per_week: must be a number, got '1.250', which reads two ways, "
                                        "1250 or 1.25: write the one you mean")


def test_spreadsheet_formats_of_numbers_and_yes_no_are_read_as_meant(tmp_path: Path) -> None:
    code, records, _ = run_csv(tmp_path, (
        b"id;relationships.invitation_acceptance_rate;relationships.connections;brand.photo;account;language;name\n"
        b"c-1;35%;12,00;WAHR;Premium ;NL; Anne de Vries \n"
        b"c-2;45,5 %;1.000;faux;sales_navigator;nl;Bo\n"))
    assert code == 0
    first, second = (facts_of(r) for r in records)
    assert first["relationships.invitation_acceptance_rate"] == 0.35 and second["relationships.invitation_acceptance_rate"] == 0.455
    assert (first["relationships.connections"], second["relationships.connections"]) == (12, 1000)
    assert (first["brand.photo"], second["brand.photo"]) == (True, False)
    assert records[0]["profile"]["name"] == "Anne de Vries" and records[0]["language"] == "nl"


def test_a_percentage_is_read_for_a_rate_only(tmp_path: Path) -> None:
    code, (record,), _ = run_csv(tmp_path, b"id,insights.posts_per_week\nc-1,35%\n")
    assert code == 1
    assert record["error"].endswith("insights.posts_per_week: must be a number, got '35%' (a percentage is read for a rate from 0% to "
                                    "100% only)")


def test_empty_columns_excel_keeps_at_the_end_are_left_alone(tmp_path: Path) -> None:
    code, records, _ = run_csv(tmp_path, b"id;relationships.connections;;\nc-1;5;;\nc-2;6;;;\nc-3;7;x;\n")
    assert code == 1
    assert [r["id"] for r in records] == ["c-1", "c-2", "c-3"] and "error" not in records[0] and "error" not in records[1]
    assert records[2]["error"].endswith(":4:3: this column has no name in the header; name it, or delete the column")


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n"])
def test_an_empty_file_is_bad_input_not_zero_records(tmp_path: Path, raw: bytes) -> None:
    code, records, stderr = run_csv(tmp_path, raw)
    assert (code, records) == (2, [])
    assert stderr == f"{tmp_path / 'in.csv'}: file is empty; expected a header of fact paths (see `ssi-advise batch template`)\n"


def test_blank_lines_above_the_header_keep_the_lines_of_the_file(tmp_path: Path) -> None:
    code, records, _ = run_csv(tmp_path, b"\n\nid,brand.skills\nc-1,many\nc-2,3\n")
    assert code == 1
    assert records[0] == {"id": "c-1", "error": f"{tmp_path / 'in.csv'}:4:2: brand.skills: must be a whole number, got 'many'"}


def test_a_row_with_an_unreadable_cell_reports_its_other_problems_too(tmp_path: Path) -> None:
    # As a JSONL line does: the coach fixes them all in one go.
    code, (record,), _ = run_csv(tmp_path, b"id,brand.skills,relationships.connections,language\nc-1,many,-5,dutch\n")
    source = tmp_path / "in.csv"
    assert record == {"id": "c-1", "error": f"{source}:2:2: brand.skills: must be a whole number, got 'many'; "
                                            f"{source}:2:3: relationships.connections: -5 is less than the minimum of 0; "
                                            f"{source}:2:4: language: 'dutch' is not a language code such as en or nl"}


def test_a_utf16_file_cut_short_is_one_error_record_and_the_end(tmp_path: Path) -> None:
    # Its last byte half a character: the reader cannot go on, and must not try the same byte forever.
    raw = b"\xff\xfe" + "id\trelationships.connections\r\na\t5\r\nb\t6\r\n".encode("utf-16-le") + b"A"
    code, records, _ = run_csv(tmp_path, raw)
    assert code == 1
    assert [r["id"] for r in records] == ["a", "b", "line 4"]
    assert records[2]["error"] == f"{tmp_path / 'in.csv'}:4: the rest of the file cannot be read: it ends in the middle of a character (is it cut short?)"


def test_a_broken_character_in_a_utf16_row_is_that_rows_error(tmp_path: Path) -> None:
    raw = b"\xff\xfe" + "id\tname\r\na\tx\r\nb\t".encode("utf-16-le") + b"\x00\xd8" + "\r\nc\tz\r\n".encode("utf-16-le")
    code, records, _ = run_csv(tmp_path, raw)
    assert code == 1
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert records[1]["error"] == f"{tmp_path / 'in.csv'}:3:2: name: holds a lone surrogate (U+D800), which is not valid Unicode text"


def test_a_name_over_two_lines_is_named_by_its_id_and_told_apart_from_a_quote_left_open(tmp_path: Path) -> None:
    code, (record,), _ = run_csv(tmp_path, b'id;name;relationships.connections\r\nc-1;"Jan\r\nde Vries";5\r\n')
    assert code == 1
    assert record == {"id": "c-1", "error": f"{tmp_path / 'in.csv'}:2: a quoted cell runs over lines 2–3: a profile's cell cannot "
                                            "hold a line break (Alt+Enter in a spreadsheet), or a closing quote is missing"}


def test_a_csv_given_as_jsonl_is_refused_with_what_to_give(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["batch", "-", "-o", "-"], input="id;name;brand.photo\nc-1;Anne;ja\n")
    assert result.exit_code == 2
    assert result.stderr == ("<stdin>: starts with a header of fact paths, as a CSV file does; give --input-format csv "
                             "(or name the file .csv)\n")


def test_header_names_are_read_in_any_case(tmp_path: Path) -> None:
    code, (record,), _ = run_csv(tmp_path, b"ID,Name,Brand.Photo\nc-1,Anne,ja\n")
    assert code == 0 and record["id"] == "c-1" and record["profile"]["name"] == "Anne"


COMMA = CsvLayout(",", decimal=".")
TABS = CsvLayout("\t", decimal="")


@pytest.mark.parametrize(("layout", "fact", "cell", "value"), [
    (DUTCH, "insights.posts_per_week", "0.500", 0.5),  # a group never starts with 0
    (DUTCH, "insights.posts_per_week", "-0.250", -0.25),
    (DUTCH, "insights.posts_per_week", "2.5", 2.5),
    (DUTCH, "insights.posts_per_week", "1,250", 1.25),
    (DUTCH, "relationships.connections", "1.250.000", 1250000),
    (DUTCH, "relationships.connections", "12,00", 12),
    (DUTCH, "relationships.invitation_acceptance_rate", "1,5%", 0.015),
    (DUTCH, "relationships.invitation_acceptance_rate", "100%", 1.0),
    (COMMA, "relationships.connections", "1,250", 1250),
    (COMMA, "relationships.connections", "12.00", 12),
    (COMMA, "insights.posts_per_week", "0,5", 0.5),
    (COMMA, "insights.posts_per_week", "1.250", 1.25),
    (COMMA, "insights.posts_per_week", "1,250.5", 1250.5),
    (TABS, "relationships.connections", "1,250", 1250),
    (TABS, "insights.posts_per_week", "0.35", 0.35),
])
def test_cells_that_read_one_way(layout: CsvLayout, fact: str, cell: str, value: float) -> None:
    assert cell_value(catalogue()[fact], cell, layout) == value


@pytest.mark.parametrize(("layout", "fact", "cell", "said"), [
    (DUTCH, "insights.posts_per_week", "1.250", "must be a number, got '1.250', which reads two ways, 1250 or 1,25: write the one you mean"),
    (DUTCH, "insights.posts_per_week", "0.250,5", "must be a number, got '0.250,5'"),
    (DUTCH, "insights.posts_per_week", "1,250.5", "must be a number, got '1,250.5'"),  # not this file's decimal sign
    (DUTCH, "relationships.connections", "1,250", "must be a whole number, got '1,250'"),  # one and a quarter
    (COMMA, "relationships.connections", "1.000", "must be a whole number, got '1.000'"),  # 1 or 1000
    (TABS, "insights.posts_per_week", "1,250", "must be a number, got '1,250', which reads two ways, 1250 or 1.25: write the one you mean"),
    # The second reading without the zeros that made it look like the first: a thousand, or one.
    (TABS, "insights.posts_per_week", "1.000", "must be a number, got '1.000', which reads two ways, 1000 or 1: write the one you mean"),
    (DUTCH, "relationships.invitation_acceptance_rate", "35",
     "must be a share from 0 to 1 (0% to 100%), got '35': write 35% or 0,35"),
    (COMMA, "relationships.invitation_acceptance_rate", "150%", "must be a share from 0 to 1 (0% to 100%), got '150%'"),
    (COMMA, "relationships.invitation_acceptance_rate", "abc%", "must be a percentage or a share from 0 to 1, got 'abc%'"),
    (COMMA, "relationships.invitation_acceptance_rate", "%", "must be a percentage or a share from 0 to 1, got '%'"),
    (COMMA, "relationships.connections", "１２", "must be a whole number, got '１２'"),
])
def test_cells_that_read_two_ways_or_none_are_refused_saying_so(layout: CsvLayout, fact: str, cell: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        cell_value(catalogue()[fact], cell, layout)
    assert str(refused.value) == said


def test_a_choice_written_exactly_is_that_choice_before_any_in_another_case() -> None:
    from ssi_advise.engine.facts import FactSpec

    spec = FactSpec("custom.specialty", "string", "", ("Residential", "commercial", "COMMERCIAL"))
    assert [cell_value(spec, cell) for cell in ("COMMERCIAL", "Commercial", "residential")] == ["COMMERCIAL", "commercial", "Residential"]


def test_rows_of_empty_cells_above_the_header_are_skipped_and_lines_kept(tmp_path: Path) -> None:
    code, records, _ = run_csv(tmp_path, b";;;\r\n;;;\r\n\xef\xbb\xbfid;brand.skills;;\r\nc-1;veel;;\r\n")
    assert code == 1
    assert records == [{"id": "c-1", "error": f"{tmp_path / 'in.csv'}:4:2: brand.skills: must be a whole number, got 'veel'"}]


def test_a_fact_counted_in_percent_takes_a_percent_sign(tmp_path: Path) -> None:
    code, (record,), _ = run_csv(tmp_path, b"id,ssi.industry_rank_percent,ssi.brand\nc-1,5%,12\n")
    assert code == 0 and record["ssi"]["industry_rank_percent"] == 5


def test_utf16_without_its_mark_or_given_as_jsonl_is_refused_with_what_to_do(tmp_path: Path) -> None:
    code, _, stderr = run_csv(tmp_path, "id,brand.photo\r\nc-1,ja\r\n".encode("utf-16-le"))
    assert (code, stderr) == (2, f"{tmp_path / 'in.csv'}:1: holds NUL characters: is it UTF-16 without a byte order mark? "
                                 "save it as CSV UTF-8\n")
    text = tmp_path / "clients.txt"
    text.write_bytes("id\tbrand.photo\r\nc-1\tja\r\n".encode("utf-16"))
    result = CliRunner().invoke(main, ["batch", str(text), "-o", "-"])
    assert (result.exit_code, result.stderr) == (2, f'{text}: is UTF-16 text, as Excel saves "Unicode text": give --input-format csv '
                                                    "(or name the file .csv)\n")
    assert CliRunner().invoke(main, ["batch", str(text), "-o", "-", "--input-format", "csv"]).exit_code == 0


@pytest.mark.parametrize(("fact", "cell", "said"), [
    ("relationships.invitation_acceptance_rate", "1.250%",
     "must be a number, got '1.250%', which reads two ways, 1250% or 1,25%: write the one you mean"),
    ("ssi.industry_rank_percent", "35%%", "must be a number, got '35%%'"),
    ("insights.posts_per_week", "1,5e400", "1,5e400 is not a finite number"),
    ("insights.posts_per_week", "1" * 400 + ",5", "1" * 39 + "… is not a finite number"),
])
def test_a_refused_cell_is_quoted_as_written(fact: str, cell: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        cell_value(catalogue()[fact], cell, DUTCH)
    assert str(refused.value) == said


def test_a_file_of_one_column_does_not_tell_its_decimal_sign(tmp_path: Path) -> None:
    code, records, _ = run_csv(tmp_path, b"insights.posts_per_week\n1.250\n0.5\n")
    assert code == 1
    assert records[0]["error"].endswith("must be a number, got '1.250', which reads two ways, 1250 or 1.25: write the one you mean")
    assert facts_of(records[1])["insights.posts_per_week"] == 0.5


def test_a_file_of_one_column_from_excel_in_dutch_reads_its_decimal_commas(tmp_path: Path) -> None:
    # Excel in Dutch writes a one-column sheet without quotes around 1,5; read at commas, it was
    # a row of two cells. A spreadsheet separating by commas quotes a cell that holds one.
    code, records, _ = run_csv(tmp_path, b"insights.messages_sent_per_week\r\n1,5\r\n\"1,250\"\r\n2;3\r\n")
    assert code == 1
    assert facts_of(records[0])["insights.messages_sent_per_week"] == 1.5
    assert records[1]["error"].endswith("which reads two ways, 1250 or 1.25: write the one you mean")
    assert records[2]["error"].endswith(":4: row has 2 cells but the header names 1 column")
