"""`ssi-advise batch`: one output record per input record, in order, errors naming their line,
the same output with any number of workers, CSV in and out, pipes, and files written whole."""

from __future__ import annotations

import contextlib
import csv
import filecmp
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.batch.table import SUMMARY_COLUMNS, template_columns
from ssi_advise.cli.main import main
from ssi_advise.engine import InputError, evaluate, load_profile
from ssi_advise.engine.files import open_atomic
from ssi_advise.engine.json_reader import json_syntax
from ssi_advise.engine.schemas import validator
from ssi_advise.reports.json import report_data

COMMAND = [sys.executable, "-m", "ssi_advise"]
BROKEN = {
    "skills": '{"brand": {"skills": "many"}}',
    "syntax": '{"brand": {"skills": 3,}}',
    "negative": '{"relationships": {"connections": -5}}',
}


def example_profiles() -> list[dict[str, Any]]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.yaml"))]


def write_jsonl(path: Path, count: int, broken_at: dict[int, str]) -> Path:
    """`count` lines: the examples over and over (no own id on every other), broken lines where asked."""
    examples = example_profiles()
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            if number in broken_at:
                out.write(broken_at[number] + "\n")
                continue
            data = dict(examples[number % len(examples)])
            data["id"] = f"client-{number}" if number % 2 else None
            out.write(json.dumps({k: v for k, v in data.items() if v is not None}) + "\n")
    return path


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*COMMAND, "batch", *args], input=stdin, capture_output=True, timeout=600)


# The command run in-process by a small program that then says its peak resident memory
# (VmHWM: that of this process alone; Linux keeps ru_maxrss across exec, so a child of the
# test process would report the test process's).
PEAK_CLI = """
import sys
from ssi_advise.cli.main import run
sys.argv = ["ssi-advise", *sys.argv[1:]]
code = 0
try:
    run()
except SystemExit as end:
    code = end.code
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:")))
sys.exit(code)
"""


def run_cli_peak(*args: str) -> tuple[subprocess.CompletedProcess[bytes], int]:
    """`run_cli`, and the whole process's peak resident memory (bytes)."""
    done = subprocess.run([sys.executable, "-c", PEAK_CLI, "batch", *args], capture_output=True, timeout=600)
    return done, int(done.stdout.split()[-1])


def acceptance(tmp_path: Path, count: int) -> None:
    broken = {2: BROKEN["syntax"], count // 2: BROKEN["skills"], count: BROKEN["negative"]}
    source = write_jsonl(tmp_path / "clients.jsonl", count, broken)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first, peak = run_cli_peak(str(source), "-o", str(one))
    second = run_cli(str(source), "-o", str(two), "--jobs", "2")
    assert first.returncode == second.returncode == 1, first.stderr
    # A flat memory curve: the whole command's peak is that of a run of 1,000 records.
    few = write_jsonl(tmp_path / "few.jsonl", 1000, {})
    small = run_cli_peak(str(few), "-o", str(tmp_path / "few-out.jsonl"))[1]
    assert peak - small < 16 * 1024 * 1024, (small, peak)
    # Read as a stream: at 100,000 records each output is 3 GB.
    assert filecmp.cmp(one, two, shallow=False)
    errors, ids, lines = {}, [], 0
    with one.open("rb") as written:
        for lines, line in enumerate(written, start=1):
            if b'"error"' in line[:40]:
                errors[lines] = json.loads(line)
            if lines in (1, 4):
                ids.append(json.loads(line)["id"])
    assert lines == count
    assert sorted(errors) == sorted(broken)
    # json's own words for the broken line, which differ between Python versions (3.13 names the trailing comma)
    try:
        json.loads(BROKEN["syntax"])
    except json.JSONDecodeError as error:
        said = f"{error.colno}: {json_syntax(error.msg)}"
    assert errors[2] == {"id": "line 2", "error": f"{source}:2:{said}"}
    assert errors[count // 2]["error"] == f"{source}:{count // 2}: brand.skills: must be a whole number, got 'many'"
    assert errors[count]["error"] == f"{source}:{count}: relationships.connections: -5 is less than the minimum of 0"
    assert ids == ["client-1", "line 4"]
    summary = first.stderr.decode().strip().splitlines()[-1]
    assert summary.startswith(f"batch: {count - 3:,} done, 3 failed, ")
    assert summary.endswith(" records/s")


@pytest.mark.e2e
def test_every_line_yields_one_record_in_order_and_two_workers_write_the_same_file(tmp_path: Path) -> None:
    acceptance(tmp_path, 1200)


@pytest.mark.slow
@pytest.mark.e2e
def test_a_hundred_thousand_lines_with_three_broken(tmp_path: Path) -> None:
    acceptance(tmp_path, 100_000)


def test_a_report_line_is_the_json_report_with_the_record_id(tmp_path: Path, default_compiled) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 5, {})
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    examples = example_profiles()
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        profile = load_profile(EXAMPLES / sorted(p.name for p in EXAMPLES.glob("*.yaml"))[number % len(examples)])
        expected = report_data(evaluate(profile, default_compiled), record["language"])
        expected["profile"] = {"id": record["profile"]["id"], "name": profile.name, "source": f"{source}:{number}"}
        assert record == {"id": record["id"], **expected}
        # What the report schema says of a batch line: a report, with its id.
        assert list(validator("report").iter_errors(record)) == []



def test_an_engine_failure_is_pinned_on_its_own_record_and_the_others_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                                     default_compiled) -> None:
    # Should durable-rules fail on a chunk's state, its profiles go through one by one: only
    # the one it fails on becomes an error record, in one process and in a worker's chunk alike.
    from ssi_advise.batch import Job, open_input, process_chunk, run_batch, work
    from ssi_advise.engine import EngineError

    real_fire = work.fire

    def fire_many(compiled: Any, profiles: list[Any]) -> Any:
        raise EngineError("the state overflowed")

    def fire(compiled: Any, profile: Any) -> Any:
        if profile.data.get("id") == "c-3":
            raise EngineError("this one overflowed")
        return real_fire(compiled, profile)

    monkeypatch.setattr(work, "fire_many", fire_many)
    monkeypatch.setattr(work, "fire", fire)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"c-{n}", "brand": {"skills": n}}) + "\n" for n in range(1, 6)), encoding="utf-8")
    opened = open_input(str(source))
    job = Job(opened.kind, opened.name, "jsonl")
    written: list[bytes] = []
    summary = run_batch(opened.records, job, written.append, compiled=default_compiled)
    opened.close()
    records = [json.loads(line) for line in b"".join(written).splitlines()]
    assert (summary.done, summary.failed) == (4, 1)
    assert [r["id"] for r in records] == ["c-1", "c-2", "c-3", "c-4", "c-5"]
    assert records[2] == {"id": "c-3", "error": f"{source}:3: engine failure: this one overflowed"}
    assert all("pillars" in r for n, r in enumerate(records) if n != 2)
    opened = open_input(str(source))
    assert process_chunk(job, default_compiled, list(opened.records)).data == b"".join(written)
    opened.close()

def test_blank_lines_are_no_records_and_numbers_stay_those_of_the_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('\n{"brand": {"skills": 3}}\n\n{"oops": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [r["id"] for r in records] == ["line 2", "line 4"]
    assert records[1]["error"] == f"{source}:4: oops: unknown field 'oops' (expected one of: id, name, industry, language, account, situation, sells_to_clients, brand, people, insights, relationships, ssi, custom)"


@pytest.mark.e2e
def test_standard_input_to_standard_output_through_a_pipe(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 7, {3: "[1, 2]"})
    done = run_cli("-", "-o", "-", stdin=source.read_bytes())
    assert done.returncode == 1
    records = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(records) == 7
    assert records[2] == {"id": "line 3", "error": "<stdin>:3: a profile must be a mapping of fields, got a list"}
    assert records[0]["profile"]["source"] == "<stdin>:1"
    csv_out = run_cli("-", "-o", "-", "--format", "csv", stdin=source.read_bytes()).stdout.decode()
    rows = list(csv.reader(io.StringIO(csv_out)))
    assert rows[0] == list(SUMMARY_COLUMNS) and len(rows) == 8


def test_the_csv_template_round_trips_three_rows(tmp_path: Path, default_compiled) -> None:
    template = tmp_path / "clients.csv"
    result = CliRunner().invoke(main, ["batch", "template", "-o", str(template)])
    assert result.exit_code == 0
    header = next(csv.reader(template.open(encoding="utf-8")))
    assert header == list(template_columns()) and "relationships.connections" in header
    profiles = [load_profile(EXAMPLES / name) for name in ("coach.yaml", "newcomer.yaml", "account-manager.yaml")]
    with template.open("a", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for profile in profiles:
            writer.writerow(["" if profile.fact(c) is None else str(profile.fact(c)).lower() if isinstance(profile.fact(c), bool)
                             else profile.fact(c) for c in header])
    result = CliRunner().invoke(main, ["batch", str(template), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert len(rows) == 3
    for row, profile in zip(rows, profiles, strict=True):
        report = evaluate(profile, default_compiled)
        assert row["id"] == profile.id
        assert float(row["total"]) == report.total
        assert [row[f"action_{n}"] for n in (1, 2, 3)] == [a.id for a in report.actions[:3]]
        assert float(row["relationships"]) == report.pillars["relationships"].score
        assert row["error"] == ""


def test_a_bad_csv_cell_names_its_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,brand.photo,brand.skills\r\na,true,4\r\nb,yes please,4.5\r\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-", "--format", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[1] == {"id": "b", "error": f"{source}:3:2: brand.photo: must be true or false (or yes/no, ja/nee, waar/onwaar, 1/0), got 'yes please'; "
                                                   f"{source}:3:3: brand.skills: must be a whole number, got '4.5'"}
    assert records[0]["profile"]["id"] == "a"


def test_an_unknown_csv_column_stops_the_run_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,brand.skils\r\na,4\r\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("earlier results\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{source}:1:2: unknown column 'brand.skils' (did you mean 'brand.skills'?)"
    assert target.read_text(encoding="utf-8") == "earlier results\n"
    assert os.listdir(tmp_path) == sorted(os.listdir(tmp_path)) and len(os.listdir(tmp_path)) == 2


def test_a_folder_of_profile_files_is_read_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "b.yaml").write_text("brand:\n  skills: lots\n", encoding="utf-8")
    (folder / "a.json").write_text(json.dumps({"brand": {"skills": 5}}), encoding="utf-8")
    (folder / "notes.txt").write_text("not a profile", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a.json", "b.yaml"]
    assert records[1]["error"] == f"{folder / 'b.yaml'}:2:3: brand.skills: must be a whole number, got 'lots'"


def test_the_output_never_replaces_an_input(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 2, {})
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{source}: is one of the input files; refusing to overwrite it"
    assert source.read_bytes() == before


def test_an_unknown_language_is_refused_before_anything_runs(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", 2, {})
    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "language 'fr': the pack 'default' has texts in en, nl only"
    assert not (tmp_path / "out.jsonl").exists()


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"old\n")
    with pytest.raises(KeyboardInterrupt), open_atomic(target) as stream:
        stream.write(b"half of the new")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["out.jsonl"]
    with open_atomic(target) as stream:
        stream.write(b"new\n")
    assert target.read_bytes() == b"new\n"
    with pytest.raises(InputError, match="is a folder"), open_atomic(tmp_path):
        pass


MEMORY_SCRIPT = """
import json, resource, sys
sys.path.insert(0, "tests")
from test_batch import example_profiles
from ssi_advise.batch import Job, run_batch
from ssi_advise.batch.records import Record
from ssi_advise.engine import compile_pack, load_pack

lines = [json.dumps(p).encode() + b"\\n" for p in example_profiles()]
compiled = compile_pack(load_pack())
job = Job("jsonl", "generated.jsonl", "jsonl")

def peak_after(count):
    records = (Record(n, f"line {n}", lines[n % len(lines)]) for n in range(1, count + 1))
    run_batch(records, job, lambda data: None, compiled=compiled)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

print(peak_after(1000), peak_after(int(sys.argv[1])))
"""


def memory_peaks(count: int) -> tuple[int, int]:
    """Peak resident memory (bytes) of a child process after 1,000 records, then after `count` more."""
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(count)], capture_output=True, text=True, check=True, timeout=1800)
    small, large = map(int, done.stdout.split())
    return small, large


def test_memory_stays_flat_however_many_records() -> None:
    small, large = memory_peaks(10_000)
    # Kept reports would cost about 15 KiB each: 150 MB for these 10,000.
    assert large - small < 16 * 1024 * 1024, (small, large)


def test_workers_that_cannot_fork_compile_the_pack_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Where fork is missing (Windows; macOS by choice), each worker compiles the pack once.
    from ssi_advise.batch import Job, open_input, run, run_batch

    source = write_jsonl(tmp_path / "in.jsonl", 150, {7: BROKEN["skills"]})
    outputs = []
    for jobs in (1, 2):
        if jobs == 2:
            monkeypatch.setattr(run.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        opened = open_input(str(source))
        written: list[bytes] = []
        summary = run_batch(opened.records, Job(opened.kind, opened.name, "jsonl"), written.append, jobs=jobs)
        opened.close()
        assert (summary.done, summary.failed) == (149, 1)
        outputs.append(b"".join(written))
    assert outputs[0] == outputs[1]


def test_jsonl_texts_are_held_to_the_checks_of_a_profile_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [b'{"name": "a\\u0007b"}', '{"name": "a\u0085b"}'.encode(), b'{"name": "\\ud800"}', '{"name": "Zo\u00eb"}'.encode()]
    source.write_bytes(b"\n".join(lines) + b"\n")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("error") for r in records] == [
        f"{source}:1: name: holds the control character U+0007, which is not allowed in text",
        f"{source}:2: name: holds the control character U+0085, which is not allowed in text",
        f"{source}:3: name: holds a lone surrogate (U+D800), which is not valid Unicode text",
        None,
    ]
    assert records[3]["profile"]["name"] == "Zo\u00eb"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_workers_writing_the_file_themselves_keep_the_order(tmp_path: Path, fmt: str) -> None:
    # With --jobs and a regular file, the workers write their output in turn; standard output
    # redirected to a file is one too, a pipe is not: all three give what one process gives.
    source = write_jsonl(tmp_path / "in.jsonl", 700, {3: BROKEN["skills"], 650: BROKEN["syntax"]})
    one, two, redirected = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}", tmp_path / f"redirected.{fmt}"
    assert run_cli(str(source), "-o", str(one)).returncode == 1
    assert run_cli(str(source), "-o", str(two), "--jobs", "2").returncode == 1
    with redirected.open("wb") as out:
        done = subprocess.run([*COMMAND, "batch", str(source), "-o", "-", "--format", fmt, "--jobs", "2"],
                              stdout=out, stderr=subprocess.PIPE, timeout=600)
    piped = run_cli(str(source), "-o", "-", "--format", fmt, "--jobs", "2")
    assert done.returncode == piped.returncode == 1, done.stderr
    assert one.read_bytes() == two.read_bytes() == redirected.read_bytes() == piped.stdout
    assert len(one.read_bytes().splitlines()) == 700 + (fmt == "csv")


def test_a_worker_that_fails_never_leaves_the_others_waiting_for_its_turn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssi_advise.batch import Job, Sink, open_input, run, run_batch

    real = run.process_parts

    def failing(job: Any, compiled: Any, records: list[Any]) -> Any:
        if any(record.line == 200 for record in records):
            raise RuntimeError("chunk failed")
        return real(job, compiled, records)

    monkeypatch.setattr(run, "process_parts", failing)  # before the workers fork
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f'{{"id": "c-{number}"}}\n' for number in range(1, 2001)), encoding="utf-8")
    opened = open_input(str(source))
    with (tmp_path / "out.jsonl").open("wb") as out, Sink(out, "jsonl") as sink, pytest.raises(RuntimeError, match="chunk failed"):
        run_batch(opened.records, Job(opened.kind, opened.name, "jsonl"), sink, jobs=2, direct=sink.direct())
    opened.close()
    # Chunks after the one that failed were not written either: the output has no gap.
    ids = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert ids == [f"c-{number}" for number in range(1, len(ids) + 1)] and len(ids) < 200


@pytest.mark.parametrize("killed_at", ["c-1", "c-300"])
def test_a_worker_killed_while_it_writes_leaves_no_half_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, killed_at: str) -> None:
    # Standard output redirected to a file is written by the workers themselves, with no
    # temporary file to throw away: what a worker killed mid-write left of its chunk is cut.
    from ssi_advise.batch import Job, Sink, open_input, run, run_batch
    from ssi_advise.engine import EngineError

    real = run.write_all

    def killed_while_writing(descriptor: int, parts: list[bytes]) -> None:
        data = b"".join(parts)
        if f'"id":"{killed_at}"'.encode() in data:
            os.write(descriptor, data[: len(data) // 2 + 7])  # within a line
            os.kill(os.getpid(), 9)
        real(descriptor, parts)

    monkeypatch.setattr(run, "write_all", killed_while_writing)  # before the workers fork
    source = tmp_path / "in.jsonl"
    source.write_text("".join(f'{{"id": "c-{number}"}}\n' for number in range(1, 2001)), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"kept\n")
    opened = open_input(str(source))
    # As the shell opens it for `>> out.jsonl`: appending, its offset still at 0.
    appending = os.open(target, os.O_WRONLY | os.O_APPEND)
    with os.fdopen(appending, "wb") as out, Sink(out, "jsonl") as sink, pytest.raises(EngineError, match="ended abruptly"):
        run_batch(opened.records, Job(opened.kind, opened.name, "jsonl"), sink, jobs=2, direct=sink.direct())
    opened.close()
    kept, *lines = target.read_bytes().split(b"\n")
    assert kept == b"kept" and lines[-1] == b""
    ids = [json.loads(line)["id"] for line in lines[:-1]]
    assert ids == [f"c-{number}" for number in range(1, len(ids) + 1)] and len(ids) < int(killed_at[2:])


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
@pytest.mark.parametrize("presses", [1, 3])
def test_ctrl_c_stops_a_run_with_workers_at_once_and_leaves_nothing(tmp_path: Path, presses: int) -> None:
    # Ctrl-C reaches every process of the group: a worker interrupted while waiting for its
    # turn to write once left the next one waiting for good. Pressed again while the run
    # stopped, it broke off the workers' shutdown: the run hung, or printed a traceback.
    import signal
    import time

    source = write_jsonl(tmp_path / "in.jsonl", 20_000, {})
    target = tmp_path / "out.jsonl"
    child = subprocess.Popen([*COMMAND, "batch", str(source), "-o", str(target), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)  # until the workers are writing
    for _ in range(presses):
        os.killpg(child.pid, signal.SIGINT)
        time.sleep(0.01)
    try:
        _, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        raise
    assert child.returncode == 130, err
    assert err == b"ssi-advise: interrupted\n"  # one line: no empty one before it off a terminal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dev_stdout_redirected_to_a_file_is_written_through_not_replaced(tmp_path: Path, jobs: str) -> None:
    # `-o /dev/stdout` is standard output (docs/rules.md: written through as it is): appended
    # to a file (`>> log`) it must add to what is there, never replace the file by a rename.
    source = write_jsonl(tmp_path / "in.jsonl", 150, {7: BROKEN["skills"]})
    alone = run_cli(str(source), "-o", "-")
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"earlier\n")
    with log.open("ab") as out:
        done = subprocess.run([*COMMAND, "batch", str(source), "-o", "/dev/stdout", "--jobs", jobs],
                              stdout=out, stderr=subprocess.PIPE, timeout=300)
    assert done.returncode == alone.returncode == 1, done.stderr
    assert log.read_bytes() == b"earlier\n" + alone.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "log.jsonl"]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
@pytest.mark.parametrize(("jobs", "signals"), [("1", 1), ("2", 1), ("2", 2)])
def test_sigterm_to_the_parent_alone_stops_the_run_and_leaves_no_process_and_no_file(tmp_path: Path, jobs: str, signals: int) -> None:
    # `kill PID` (a service manager, a timeout) reaches the parent only: it died at once,
    # leaving its temporary file behind and its workers waiting for chunks for good. A second
    # `kill` while it stopped left it hanging.
    import signal
    import time

    source = write_jsonl(tmp_path / "in.jsonl", 20_000, {})
    child = subprocess.Popen([*COMMAND, "batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--jobs", jobs],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.02)  # until the output is being written
        for _ in range(signals):
            os.kill(child.pid, signal.SIGTERM)
            time.sleep(0.01)
        _, err = child.communicate(timeout=30)  # stderr's end: every process holding it is gone
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == 130, err
    assert err == b"ssi-advise: interrupted\n"  # one line: no empty one before it off a terminal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups")
def test_workers_end_when_the_parent_is_killed_outright(tmp_path: Path) -> None:
    # SIGKILL (the OOM killer) gives the parent no chance to shut its workers down: they
    # waited for chunks for good (each holds the others' end of the queue's pipe).
    import signal
    import time

    source = write_jsonl(tmp_path / "in.jsonl", 20_000, {})
    child = subprocess.Popen([*COMMAND, "batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.02)  # until the workers are writing
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=30)  # stderr's end: every worker holding it is gone
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_standard_output_appended_to_the_input_is_refused_before_anything_is_written(tmp_path: Path, source: str) -> None:
    # `batch clients.jsonl -o - >> clients.jsonl` read its own output back as records: a run
    # that never ended and filled the disk. The output is never one of the inputs (exit 2).
    clients = write_jsonl(tmp_path / "clients.jsonl", 200, {})
    before = clients.read_bytes()
    with clients.open("ab") as out, clients.open("rb") as stdin:
        args = [str(clients)] if source == "file" else ["-"]
        done = subprocess.run([*COMMAND, "batch", *args, "-o", "-"], stdin=stdin, stdout=out, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 2, done.stderr
    assert clients.read_bytes() == before
    assert b"is one of the input files" in done.stderr


@pytest.mark.parametrize(("cell", "message"), [
    ("1e400", "relationships.invitation_acceptance_rate: 1e400 is not a finite number"),
    ("9" * 5000, "relationships.invitation_acceptance_rate: a number of 5000 digits is longer than any fact can be"),
])
def test_a_csv_cell_no_fact_can_hold_is_refused_as_a_jsonl_line_refuses_it(tmp_path, cell, message):
    # A pack's own fact may have no maximum: infinity must not get as far as the engine.
    clients = tmp_path / "clients.csv"
    clients.write_text(f"id,relationships.invitation_acceptance_rate\nc-1,{cell}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(clients), "-o", str(out)])
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8")) == {"id": "c-1", "error": f"{clients}:2:2: {message}"}


def test_a_csv_value_refused_after_reading_names_its_cell(tmp_path: Path) -> None:
    # A coach fixing a spreadsheet of 50 columns needs the cell, not only the row.
    source = tmp_path / "in.csv"
    source.write_text("id,account,relationships.connections,ssi.brand\nc-1,gold,-5,30\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"] == (
        f"{source}:2:2: account: must be one of free, premium, sales_navigator; got 'gold'; "
        f"{source}:2:3: relationships.connections: -5 is less than the minimum of 0; "
        f"{source}:2:4: ssi.brand: 30 is greater than the maximum of 25")


@pytest.mark.parametrize(("cell", "expected", "id_problem"), [
    ("client-9", "client-9", ""),
    ("x" * 201, "line 2", "{source}:2:1: id: is longer than the limit of 200 characters; "),
    ("a\x01b", "line 2", "{source}:2:1: id: holds the control character U+0001, which is not allowed in text; "),
])
def test_a_csv_row_with_an_unreadable_cell_is_named_by_its_id_cell_when_that_is_an_id(tmp_path: Path, cell: str, expected: str,
                                                                                      id_problem: str) -> None:
    # An id cell a profile could not hold (too long, a control character) is not used to name the row;
    # the row's every problem is said, the id's too.
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "brand.skills"], [cell, "many"]])
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "id": expected, "error": id_problem.format(source=source) + f"{source}:2:2: brand.skills: must be a whole number, got 'many'"}


def test_an_error_record_names_the_client_by_its_own_id_when_it_could_be_read(tmp_path: Path) -> None:
    # A coach finds client-2's profile by its id, not by counting lines; an id at fault is not used.
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "client-2", "brand": {"skills": "many"}}\n{"id": 7, "brand": {"skills": 1}}\n'
                      '{"id": "client-4", "brand": {"skills": 3,}}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "-o", "-"])
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["client-2", "line 2", "line 3"]
