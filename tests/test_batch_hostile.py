"""Batch against what users get wrong: nothing they wrote is overwritten, no record vanishes
unseen, and every refusal says what to do."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.batch import open_input
from ssi_advise.batch.csv_lines import Lines
from ssi_advise.batch.record import Record, Unreadable
from ssi_advise.cli.main import main

COMMAND = [sys.executable, "-m", "ssi_advise"]


def profile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(EXAMPLES / "coach.yaml", folder / "a.yaml")
    (folder / "c.json").write_text('{"id": "client-c"}\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["c.json", "report.json", "report.YAML"])
def test_an_output_among_the_folders_profiles_is_refused(tmp_path: Path, name: str) -> None:
    # Over one of them it would destroy a client's profile; beside them the next run reads it as one.
    folder = profile_folder(tmp_path)
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(folder / name)])
    assert result.exit_code == 2
    assert result.stderr == f"{folder / name}: is in the input folder {folder}, where it would be read as a profile; write it to another folder\n"
    assert (folder / "c.json").read_text(encoding="utf-8") == '{"id": "client-c"}\n'
    assert sorted(os.listdir(folder)) == ["a.yaml", "c.json"]


def test_a_link_to_a_folders_profile_is_an_input_too(tmp_path: Path) -> None:
    folder = profile_folder(tmp_path)
    (tmp_path / "out.jsonl").symlink_to(folder / "c.json")
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2 and "is one of the input files" in result.stderr
    assert (folder / "c.json").read_text(encoding="utf-8") == '{"id": "client-c"}\n'


def test_standard_input_redirected_from_the_output_file_is_refused(tmp_path: Path) -> None:
    # `batch - -o clients.jsonl < clients.jsonl` would replace the clients by their reports.
    clients = tmp_path / "clients.jsonl"
    clients.write_text('{"id": "client-1"}\n', encoding="utf-8")
    with clients.open("rb") as stdin:
        done = subprocess.run([*COMMAND, "batch", "-", "-o", str(clients)], stdin=stdin, capture_output=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.decode() == f"{clients}: is one of the input files; refusing to overwrite it\n"
    assert clients.read_text(encoding="utf-8") == '{"id": "client-1"}\n'


def test_a_link_to_nothing_in_a_folder_is_an_error_record_not_dropped(tmp_path: Path) -> None:
    folder = profile_folder(tmp_path)
    (folder / "gone.yaml").symlink_to(tmp_path / "moved-away.yaml")
    (folder / "archive.yaml").mkdir()  # a folder named like a profile is not one
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", "-"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["example-coach", "client-c", "gone.yaml"]
    assert records[2]["error"] == f"{folder / 'gone.yaml'}: is a link to {tmp_path / 'moved-away.yaml'}, which does not exist"


NOT_CLOSED = '{f}:{n}: a quote opened on this line is not closed on it (a quote inside a cell is written twice: "")'
MULTI_LINE = ("{f}:2: a quoted cell runs over lines 2–3: a profile's cell cannot hold a line break (Alt+Enter in a spreadsheet), "
              "or a closing quote is missing")


@pytest.mark.parametrize(("text", "expected"), [
    # A quote that nothing closes is a stray one: its line's error, and the rows after it are rows.
    ('id,brand.photo\n"c-1,true\nc-2,true\nc-3,false\n', [("line 2", NOT_CLOSED), ("c-2", None), ("c-3", None)]),
    ('id,brand.photo\nc-1,true\n"c-2,true', [("c-1", None), ("line 3", NOT_CLOSED)]),
    # The cells before the quote are as written: the id among them names the row.
    ('id,name,brand.photo\nc-1,"Ann,true\nc-2,Bo,true\n', [("c-1", NOT_CLOSED), ("c-2", None)]),
    # Ended by a quote that opens a cell of its own (after a delimiter): stray too, each its own
    # line's error, and the row between is read.
    ('id,name,brand.photo\nc-1,"Ann,true\nc-2,Bo,true\nc-3,"Cy,true\nc-4,Di,true\n',
     [("c-1", NOT_CLOSED), ("c-2", None), ("c-3", NOT_CLOSED), ("c-4", None)]),
    # A line's start is where a cell starts too (every cell quoted, as some programs write them).
    ('id,brand.photo\n"c-1,true\nc-2,true\n"c-3",true\nc-4,""\nc-5,true\n',
     [("line 2", NOT_CLOSED), ("c-2", None), ("c-3", None), ("c-4", None), ("c-5", None)]),
    # Closed further down by a quote at the end of a cell's text, then text: the lines between
    # may be that text, never read as rows; one record names them all.
    ('id,brand.photo\n"c-1,true\nc-2,true\nc-3" x,true\nc-4,""\nc-5,true\n',
     [("line 2", '{f}:2: lines 2–4 are one row that cannot be read: text follows a closing quote (a quote inside a cell is '
                 'written twice: "")'), ("c-4", None), ("c-5", None)]),
    # A cell closed on a later line with nothing after its quote is one row over two lines.
    ('id,brand.photo\n"c-1,true\nc-2",true\nc-3,true\n', [("line 2", MULTI_LINE), ("c-3", None)]),
    ('id,brand.photo\n"c-1"x,true\nc-2,true\n',
     [("line 2", '{f}:2: text follows a closing quote (a quote inside a cell is written twice: "")'), ("c-2", None)]),
    # A quote after a delimiter that a delimiter follows closes the cell (the row goes on): the
    # later quote with text after it does not make the first line's quote a stray one.
    ('id,name,brand.followers\n1,"Note\n2,Fake,999\na,",""x\n3,Real,5\n',
     [("1", '{f}:2: lines 2–4 are one row that cannot be read: text follows a closing quote (a quote inside a cell is '
            'written twice: "")'), ("3", None)]),
    # A cell over three lines, then a quote left open on its last: the lines between are the
    # cell's text (`10 years, 3 firms` is no client), one record; the quote nothing closes is a
    # stray one, and the row after it is read.
    ('id,name,brand.followers,brand.about\na,"Ann\n10 years, 3 firms\nSmith",5,"Amsterdam\nb,Bob,6,true\n',
     [("a", '{f}:2: lines 2–4 are one row that cannot be read: a quote opened on line 4 is not closed on it (a quote inside '
            'a cell is written twice: "")'), ("b", None)]),
    # A quote that closes, then one opened again that nothing closes: the rows after it are rows.
    ('id,name,brand.photo\nc-1,"Ann\nx","y\nc-2,Bo,true\nc-3,Cy,true\n',
     [("c-1", '{f}:2: lines 2–3 are one row that cannot be read: a quote opened on line 3 is not closed on it (a quote inside '
              'a cell is written twice: "")'), ("c-2", None), ("c-3", None)]),
    # A stray quote after one closed on its line: the row is named by the cells before the stray one.
    ('id,name,brand.photo\n"c-1",Ann,"true\nc-2,Bo,true\n', [("c-1", NOT_CLOSED), ("c-2", None)]),
])
def test_a_stray_csv_quote_loses_no_row_unseen_and_makes_none_up(tmp_path: Path, text: str, expected: list) -> None:
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r.get("error")) for r in records] == [
        (rid, error and error.format(f=source, n={"c-1": 2, "c-3": 4}.get(rid, rid.removeprefix("line ")))) for rid, error in expected
    ]


def test_a_quote_left_open_past_the_longest_a_cell_may_be_is_a_stray_one(tmp_path: Path) -> None:
    # No cell may be longer than 8 MiB: a quote nothing closes for that long is a stray one, and
    # the rows after it are rows (a typo near the top of a large file cost every row after it).
    rows = "".join(f"c-{n},Name {n},{n % 50}\n" for n in range(400_000))
    source = tmp_path / "in.csv"
    source.write_text(f'id,name,brand.followers\nc-x,"Ann,5\n{rows}', encoding="utf-8")
    opened = open_input(str(source))
    records = [(r.line, r.body) for r in opened.records]
    opened.close()
    assert len(rows) > 8 << 20
    assert records[0] == (2, Unreadable(NOT_CLOSED.format(f="", n=2).removeprefix(":2: "), ("c-x",)))
    assert records[1:] == [(n + 3, (f"c-{n}", f"Name {n}", str(n % 50))) for n in range(400_000)]


@pytest.mark.parametrize(("third", "expected"), [
    # The cell closes on line 3 past 8 MiB, nothing after its quote: the row ends there.
    ('y' * 20 + '",3', [("a", "lines 2–3 are one row that cannot be read: a cell is longer than the limit of 8 MiB")]),
    # The quote that closes it opens a cell of its own: the first was a stray one.
    ('b' * 22 + ',"c",3', [("a", NOT_CLOSED.format(f="", n=2).removeprefix(":2: ")), ("b" * 22, None)]),
])
def test_a_cell_past_the_longest_a_cell_may_be_closed_on_the_next_line_ends_no_reading(tmp_path: Path, third: str,
                                                                                         expected: list) -> None:
    # The csv module counts the first line's part of the cell too; that ended the reading.
    source = tmp_path / "in.csv"
    source.write_text(f'id,name,brand.followers\na,"{"x" * ((8 << 20) - 10)}\n{third}\nd,D,4\ne,E,5\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    said = [(r["id"], r["error"].split(":", 2)[2].strip() if "error" in r else None) for r in records]
    assert said == [*expected, ("d", None), ("e", None)]


def test_a_quote_left_open_on_a_later_line_past_the_longest_a_cell_may_be_is_a_stray_one(tmp_path: Path) -> None:
    # Open for 9 MiB from its own line on (the part of its line after it counts too): a stray
    # one, and the rows after it are read; it ended the reading.
    source = tmp_path / "in.csv"
    source.write_text(f'id,name,brand.followers\na,"x\ny",b,"{"z" * (5 << 20)}\n{"w" * (4 << 20)},W,2\nb,B,1\n', encoding="utf-8")
    opened = open_input(str(source))
    records = list(opened.records)
    opened.close()
    assert [(r.line, r.body) for r in records] == [
        (2, Unreadable('lines 2–3 are one row that cannot be read: a quote opened on line 3 is not closed on it (a quote inside a '
                       'cell is written twice: "")', ("a",))),
        (4, ("w" * (4 << 20), "W", "2")), (5, ("b", "B", "1")),
    ]


def test_a_row_running_on_past_the_longest_a_cell_may_be_ends_the_reading_said(tmp_path: Path) -> None:
    # Quotes that close and open again on every line: where that row would end is not known
    # without reading (and keeping) all of it, and its lines may be cells' text.
    source = tmp_path / "in.csv"
    source.write_text('id,name,brand.followers\na,"x\n' + 'y",b,"z\n' * 1_200_000 + "c,Cat,5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert [json.loads(line) for line in result.stdout.splitlines()] == [{"id": "a", "error": (
        f"{source}:2: from line 2 on (at least to line 1048579), one row is longer than the limit of 8 MiB (a quote left "
        "open?); the rest of the file is not read")}]


@pytest.mark.parametrize("length", [8 << 20, (8 << 20) + (1 << 20)])
def test_a_line_end_cut_at_the_size_limit_counts_as_one(tmp_path: Path, length: int) -> None:
    # A line of just 8 MiB read up to the limit stops between its \r and \n: the \n alone
    # was a blank line, and every line number after it one too high. Over the limit, the rest
    # of the line is passed over a MiB at a time, and its last read stops there the same way.
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,name\r\n1," + b"y" * (length - 2) + b"\r\n2,Bo\r\n")
    opened = open_input(str(source))
    records = list(opened.records)
    opened.close()
    assert [(r.line, r.fallback_id) for r in records] == [(2, "line 2"), (3, "line 3")]
    assert records[1].body == ("2", "Bo")


@pytest.mark.parametrize(("text", "message"), [
    # The delimiter sniffer's guesses at quoted cells took time growing with the square of a
    # header of open quotes (40,000 took 38 s); it is given the header without its quotes.
    ("id,name" + ',"a' * 40_000 + "\n1,x\n",
     'the header cannot be read: text follows a closing quote (a quote inside a cell is written twice: "")'),
    # The header and the blank lines above it were read whole (300 MB took 676 MB).
    ("id,name," + "x" * (9 << 20) + "\n1,a,\n", "line is longer than the limit of 8 MiB; expected a header of fact paths"),
    (";" * (9 << 20) + "\nid,name\n1,a\n", "line is longer than the limit of 8 MiB; expected a header of fact paths"),
])
def test_a_hostile_header_is_refused_at_once(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == f"{source}:1: {message}\n"


def test_a_byte_order_mark_at_a_lines_start_is_no_part_of_its_id(tmp_path: Path) -> None:
    # Two files joined with `cat`: the second's mark stands before its first row.
    source = tmp_path / "in.csv"
    source.write_bytes(b"id,brand.photo\nc-1,true\n\xef\xbb\xbfc-2,true\n")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["c-1", "c-2"]


def test_a_broken_row_keeps_no_more_cells_than_the_header_has(tmp_path: Path) -> None:
    # Its cells name it by its id; kept whole, a line of 4 million `b,` cells took 100 MB more.
    source = tmp_path / "in.csv"
    source.write_text("id,name,brand.followers\n2," + "b," * (4_300_000) + "\n", encoding="utf-8")
    opened = open_input(str(source))
    (record,) = list(opened.records)
    opened.close()
    assert record.body == Unreadable("line is longer than the limit of 8 MiB", ("2", "b", "b"))


def test_a_line_longer_than_a_cell_may_be_is_its_own_error_and_the_reading_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f'id,name,brand.followers\n1,{"y" * (9 << 20)},5\n2,Bo,5\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # Named by its id, the cell before the fault.
    assert [(r["id"], r.get("error")) for r in records] == [("1", f"{source}:2: line is longer than the limit of 8 MiB"), ("2", None)]


def lines_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list of the number of each line the csv reader is handed, lines read again included."""
    taken: list[int] = []
    take = Lines._take

    def counted(self: Lines) -> tuple[str, int, bool]:
        found = take(self)
        taken.append(found[1])
        return found

    monkeypatch.setattr(Lines, "_take", counted)
    return taken


def test_quotes_that_close_and_open_again_on_every_line_are_one_record_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each line closes the cell the line before opened and opens another: a row that never ends.
    # Read again from each line after the first, 20,000 such lines took minutes (every rest of
    # the file once more); one record names them all, and only the line after the last quote,
    # which nothing closes, is read again.
    source = tmp_path / "in.csv"
    source.write_text('id,name,brand.followers\na,"x\n' + 'y",b,"z\n' * 20_000 + "c,Cat,5\n", encoding="utf-8")
    taken = lines_read(monkeypatch)
    opened = open_input(str(source))
    records = list(opened.records)
    opened.close()
    assert taken == [*range(1, 20_004), 20_003]
    assert records == [Record(2, "line 2", Unreadable(
        'lines 2–20002 are one row that cannot be read: a quote opened on line 20002 is not closed on it (a quote inside a cell '
        'is written twice: "")', ("a",))), Record(20_003, "line 20003", ("c", "Cat", "5"))]


def test_a_stray_quote_on_every_row_is_each_rows_own_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each row's quote runs to the next row's, which opens a cell: the row is its own error and
    # the next is read again, once: 20,000 such rows are 40,000 lines read.
    source = tmp_path / "in.csv"
    source.write_text("id,brand.photo\n" + "".join(f'c-{n},"true\n' for n in range(20_000)) + "c-last,true\n", encoding="utf-8")
    taken = lines_read(monkeypatch)
    opened = open_input(str(source))
    records = list(opened.records)
    opened.close()
    assert len(taken) == 1 + 2 * 20_000 + 1
    reason = NOT_CLOSED.split(": ", 1)[1]
    assert [(r.line, r.body) for r in records] == [
        (n, Unreadable(reason, (f"c-{n - 2}",))) for n in range(2, 20_002)] + [(20_002, ("c-last", "true"))]


def test_a_utf16_file_cut_short_after_a_stray_quote_loses_none_of_the_rows_between(tmp_path: Path) -> None:
    rows = "id\tname\tbrand.followers\r\na\t\"Ann\t5\r\nb\tBob\t6\r\nc\tCat\t7\r\n"
    source = tmp_path / "in.csv"
    source.write_bytes(b"\xff\xfe" + rows.encode("utf-16-le") + b"x")
    opened = open_input(str(source))
    records = list(opened.records)
    opened.close()
    assert [(r.line, r.fallback_id, r.body) for r in records] == [
        (2, "line 2", Unreadable(NOT_CLOSED.split(": ", 1)[1], ("a",))), (3, "line 3", ("b", "Bob", "6")),
        (4, "line 4", ("c", "Cat", "7")),
        (5, "line 5", Unreadable("the rest of the file cannot be read: it ends in the middle of a character (is it cut short?)")),
    ]


def test_a_header_whose_quoted_cell_runs_over_lines_is_refused_saying_so(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,"name,brand.followers\na,Ann,5\nb,Bob",6\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 2
    assert result.stderr == f"{source}:1: the header cannot be read: its quoted cell runs over lines 1–3; a closing quote is missing\n"


@pytest.mark.parametrize(("arguments", "closed", "message"), [
    (["batch", "{clients}", "-o", "-"], 1, "cannot write the report: standard output is closed"),
    (["batch", "-", "-o", "{out}"], 0, "<stdin>: cannot be read: standard input is closed"),
])
def test_a_closed_standard_stream_is_one_line_and_exit_2(tmp_path: Path, arguments: list[str], closed: int, message: str) -> None:
    clients = tmp_path / "clients.jsonl"
    clients.write_text('{"id": "client-1"}\n', encoding="utf-8")
    filled = [a.format(clients=clients, out=tmp_path / "out.jsonl") for a in arguments]
    # The stream is closed in the child before it starts, as `>&-` or `<&-` in a shell closes it.
    done = subprocess.run([*COMMAND, *filled], stdout=None if closed == 1 else subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120, preexec_fn=lambda: os.close(closed))
    assert done.returncode == 2
    assert done.stderr.decode() == message + "\n"
    assert not (tmp_path / "out.jsonl").exists()


def test_one_profile_file_given_to_batch_is_refused_with_what_to_run_instead(tmp_path: Path) -> None:
    # Read as JSONL, each of its lines would be an error record of JSON syntax.
    profile = EXAMPLES / "coach.yaml"
    result = CliRunner().invoke(main, ["batch", str(profile), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert result.stderr == (f"{profile}: is one profile file; batch reads a JSONL file, a CSV file or a folder of profile files "
                             f"(for one profile alone: ssi-advise {profile})\n")
    pretty = tmp_path / "client.json"
    pretty.write_text(json.dumps({"id": "c-1", "brand": {"skills": 3}}, indent=2), encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(pretty), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert result.stderr == (f"{pretty}: holds one JSON document over several lines; a JSONL file holds one profile per line "
                             f"(for one profile alone: ssi-advise {pretty})\n")
    result = CliRunner().invoke(main, ["batch", "-", "-o", "-"], input='[{"id": "c-1"}, {"id": "c-2"}]\n')
    assert result.exit_code == 2
    assert result.stderr == "<stdin>: holds a JSON list; a JSONL file holds one profile per line, each a mapping {…}\n"
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(("line", "said"), [
    ('{"id": "c-1"} {"id": "c-2"}', "15: JSON syntax error: more follows where the JSON value ends"),
    ('{"id": "c-1", "name": "Ann}', '23: JSON syntax error: a text in double quotes is not closed'),
    ("{'id': 'c-1'}", "2: JSON syntax error: a field name in double quotes is expected here (a comma too many, or a name in single quotes?)"),
    ('{"id": "c-1" "name": "Ann"}', "14: JSON syntax error: a comma is expected between two values"),
])
def test_json_syntax_errors_are_worded_for_people_who_write_json_by_hand(line: str, said: str) -> None:
    result = CliRunner().invoke(main, ["batch", "-", "-o", "-"], input=line + "\n")
    assert json.loads(result.stdout) == {"id": "line 1", "error": f"<stdin>:1:{said}"}


def test_a_record_with_a_control_character_keeps_its_id_and_every_problem(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "c-1", "name": "\\u0007"}\n{"id": "c-2", "brand": {"skills": "many"}, "name": "A\\u0007"}\n'
                      '{"id": "\\u0007c-3"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    said = "holds the control character U+0007, which is not allowed in text"
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"id": "c-1", "error": f"{source}:1: name: {said}"},
        {"id": "c-2", "error": f"{source}:2: name: {said}; {source}:2: brand.skills: must be a whole number, got 'many'"},
        {"id": "line 3", "error": f"{source}:3: id: {said}"},  # an id at fault does not name the record
    ]


def _run_on_terminal(arguments: list[str], stdout_on_terminal: bool) -> str:
    """What a command writes to a terminal (its standard error, and its output when asked)."""
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen([*COMMAND, *arguments], stdout=follower if stdout_on_terminal else subprocess.DEVNULL,
                                   stderr=follower)
        os.close(follower)
        seen = b""
        # Read as it is written (a terminal holds a few KiB): to its end, when the command has exited.
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 1 << 16):
                seen += chunk
        assert process.wait(timeout=120) == 0
        return seen.decode()
    finally:
        os.close(leader)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a terminal")
def test_the_progress_bar_stays_off_the_terminal_the_records_are_written_to(tmp_path: Path) -> None:
    clients = tmp_path / "clients.jsonl"
    clients.write_text('{"id": "client-1"}\n' * 200, encoding="utf-8")
    to_file = _run_on_terminal(["batch", str(clients), "-o", str(tmp_path / "out.jsonl")], stdout_on_terminal=False)
    assert "batch  [" in to_file and "100%" in to_file
    to_terminal = _run_on_terminal(["batch", str(clients), "-o", "-", "--format", "csv"], stdout_on_terminal=True)
    assert "batch  [" not in to_terminal and "%" not in to_terminal
    assert to_terminal.splitlines()[0] == "id,brand,people,insights,relationships,total,coverage,action_1,action_2,action_3,error"


def test_csv_cells_of_the_clients_text_never_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "=HYPERLINK(\\"http://x\\")"}\n{"id": "@SUM(1)"}\n{"id": "+31 6 1234"}\n{"id": "client-1"}\n'
                      '{"id": "-x", "brand": {"skills": -1}}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-", "--format", "csv"])
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [row["id"] for row in rows] == ["'=HYPERLINK(\"http://x\")", "'@SUM(1)", "'+31 6 1234", "client-1", "'-x"]
    assert rows[4]["error"] == f"{source}:5: brand.skills: -1 is less than the minimum of 0"
    # The same ids in JSONL are data, not cells: as given.
    jsonl = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert json.loads(jsonl.stdout.splitlines()[0])["id"] == '=HYPERLINK("http://x")'


def test_the_template_never_takes_the_place_of_a_filled_in_list(tmp_path: Path) -> None:
    # Asked for again to see its columns, it must not replace the clients filled in since.
    clients = tmp_path / "clients.csv"
    clients.write_text("id,brand.skills\r\nc-1,12\r\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", "template", "-o", str(clients)])
    assert result.exit_code == 2
    assert result.stderr == (f"{clients}: already holds data; a template is only written to a new or empty file, "
                             "so a filled-in client list is never lost\n")
    assert clients.read_bytes() == b"id,brand.skills\r\nc-1,12\r\n"
    empty = tmp_path / "empty.csv"
    empty.touch()
    assert CliRunner().invoke(main, ["batch", "template", "-o", str(empty)]).exit_code == 0
    assert empty.read_text(encoding="utf-8").startswith("id,name,")


def test_a_worker_that_dies_stops_the_run_with_exit_3_and_the_old_output_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Exit 1 means "some records failed, each has its error record": a script then reads the
    # output. A run that wrote nothing must not say the same.
    from ssi_advise.batch import run

    real = run.process_parts

    def dies(job: object, compiled: object, records: list) -> object:
        if any(record.line == 300 for record in records):
            os._exit(9)  # as a worker killed, or the engine crashing in C, ends
        return real(job, compiled, records)

    monkeypatch.setattr(run, "process_parts", dies)  # before the workers fork
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "client"}\n' * 2000, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("last week's reports\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(target), "--jobs", "2"])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (f"ssi-advise: batch stopped: a worker process ended abruptly (it was killed, or the rules "
                                              f"engine crashed); nothing was written; {target} is as it was")
    assert target.read_text(encoding="utf-8") == "last week's reports\n"
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl"]


def test_a_worker_that_dies_with_output_written_through_says_the_output_is_incomplete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `-o /dev/fd/N` (or /dev/stdout) is written as it goes, never renamed into place: the
    # message said "nothing was written" over a file holding hundreds of reports.
    from ssi_advise.batch import run

    real = run.process_parts

    def dies(job: object, compiled: object, records: list) -> object:
        if any(record.line == 300 for record in records):
            os._exit(9)
        return real(job, compiled, records)

    monkeypatch.setattr(run, "process_parts", dies)  # before the workers fork
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f'{{"id": "c-{number}"}}\n' for number in range(1, 1001)), encoding="utf-8")
    with (tmp_path / "out.jsonl").open("wb") as out:
        name = f"/dev/fd/{out.fileno()}"
        result = CliRunner().invoke(main, ["batch", str(source), "-o", name, "--jobs", "2"])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[-1] == (f"ssi-advise: batch stopped: a worker process ended abruptly (it was killed, or the rules "
                                              f"engine crashed); the output written to {name} is incomplete: it ends with the last "
                                              f"record written whole")
    ids = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert ids == [f"c-{number}" for number in range(1, len(ids) + 1)] and 0 < len(ids) < 300


def test_an_orphaned_worker_is_never_ended_in_the_middle_of_a_write(tmp_path: Path) -> None:
    # A worker whose parent was killed outright ends itself (its parent watch), but only once
    # the chunk it is writing is written whole: ended mid-write, it left half a line.
    script = """
import os, sys, threading, time
from ssi_advise.batch import run
run._WRITING.acquire()  # a write under way
threading.Thread(target=run._end_with, args=(os.getppid() + 1,), daemon=True).start()  # the parent is gone
time.sleep(0.6)
sys.stdout.write("written whole"); sys.stdout.flush()
run._WRITING.release()
time.sleep(30)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert (done.returncode, done.stdout) == (1, "written whole")


def test_a_language_given_in_capitals_is_the_same_language(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "c-1"}\n', encoding="utf-8")
    upper = CliRunner().invoke(main, ["batch", str(source), "-o", "-", "--lang", "NL"])
    lower = CliRunner().invoke(main, ["batch", str(source), "-o", "-", "--lang", "nl"])
    assert upper.exit_code == 0 and upper.stdout == lower.stdout
    assert json.loads(upper.stdout)["language"] == "nl"


def test_standard_input_is_never_a_folder() -> None:
    result = CliRunner().invoke(main, ["batch", "-", "--input-format", "folder", "-o", "-"], input="")
    assert result.exit_code == 2
    assert result.stderr == "<stdin>: standard input cannot be read as a folder; name the folder instead of -\n"


@pytest.mark.parametrize(("first", "rest", "arguments"), [
    (b"{", b'"id": "c-1"}\n{"id": "c-2"}\n', []),
    (b"\xff", b"\xfei\x00d\x00\n\x00c\x00-\x001\x00\n\x00", ["--input-format", "csv"]),
])
def test_input_arriving_in_pieces_through_a_pipe_is_judged_on_its_first_line(first: bytes, rest: bytes, arguments: list[str]) -> None:
    # A pipe gives what has arrived: one byte of it once said "one JSON document over several lines".
    process = subprocess.Popen([*COMMAND, "batch", "-", "-o", "-", *arguments], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(first)
    process.stdin.flush()
    time.sleep(0.3)
    out, err = process.communicate(rest, timeout=120)
    assert process.returncode == 0, err.decode()
    assert [json.loads(line)["id"] for line in out.splitlines()] == (["c-1", "c-2"] if not arguments else ["c-1"])


def test_an_id_one_cannot_see_does_not_name_the_record(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "   "}\n{"id": "\\u200b"}\n{"id": "c-3"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["line 1", "line 2", "c-3"]
