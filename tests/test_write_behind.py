"""Writing a batch's output from a thread of its own: every byte, in order, and failures
raised where the run can report them (batch/write_behind.py, batch/sink.py)."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from ssi_advise.batch import Sink
from ssi_advise.batch.sink import BLOCK
from ssi_advise.batch.write_behind import WriteBehind

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "account-manager.yaml"


def _blocks(count: int, lines: int = 50) -> list[list[bytes]]:
    return [[f"block {b} line {n} ".encode() * (1 + n % 7) + b"\n" for n in range(lines)] for b in range(count)]


def test_every_block_reaches_the_file_in_the_order_given(tmp_path):
    blocks = _blocks(40)
    with (tmp_path / "out").open("wb") as out:
        writer = WriteBehind(out.fileno())
        for block in blocks:
            writer.put(block)
        writer.close()
    assert (tmp_path / "out").read_bytes() == b"".join(b"".join(block) for block in blocks)


def test_a_slow_reader_of_a_pipe_still_gets_every_byte_in_order():
    # A pipe takes 64 KiB at a time: each block of several MB is written in many partial writes.
    blocks = [[bytes([65 + b]) * 300_000 for _ in range(10)] for b in range(4)]
    reading, writing = os.pipe()
    received = bytearray()

    def read() -> None:
        with os.fdopen(reading, "rb", buffering=0) as pipe:
            while piece := pipe.read(10_000):
                received.extend(piece)

    reader = threading.Thread(target=read)
    reader.start()
    writer = WriteBehind(writing)
    for block in blocks:
        writer.put(block)
    writer.close()
    os.close(writing)
    reader.join(timeout=60)
    assert bytes(received) == b"".join(b"".join(block) for block in blocks)


def test_a_full_disk_is_raised_by_close_as_the_same_error_and_nothing_waits_for_good():
    with open("/dev/full", "wb") as full:
        writer = WriteBehind(full.fileno())
        writer.put([b"x" * 1000])
        # Blocks after the failure are taken and dropped: `put` never waits for a dead writer.
        with pytest.raises(OSError) as raised:
            for block in _blocks(20):
                writer.put(block)
            writer.close()
    assert raised.value.errno == errno.ENOSPC


def test_abandoning_never_waits_for_a_write_nobody_reads_and_drops_the_rest():
    # An interrupted run whose output is a pipe nobody reads (a paused pager) must end at once.
    reading, writing = os.pipe()
    first, second = [b"a" * 300_000], [b"b" * 300_000]  # each more than a pipe holds
    writer = WriteBehind(writing)
    writer.put(first)
    writer.put(second)  # returns once the thread has taken the first
    time.sleep(0.3)  # by now stuck writing it (a block taken but not yet begun may be dropped too)
    started = time.monotonic()
    writer.abandon()
    assert time.monotonic() - started < 1.0 and writer.running
    os.close(writing)  # the caller's descriptor; the thread writes to its own copy
    with os.fdopen(reading, "rb") as pipe:
        received = pipe.read()  # to its end: the thread has closed its copy
    writer._thread.join(timeout=10)  # it closes its copy just before it ends
    assert received == first[0] and not writer.running


def test_a_stream_closed_under_the_thread_never_lets_it_write_into_another_file(tmp_path):
    reading, writing = os.pipe()
    stream = os.fdopen(writing, "wb")
    with pytest.raises(RuntimeError), Sink(stream, "jsonl", behind=True) as sink:
        for _ in range(2):
            sink(b"x" * (BLOCK + 1))  # the thread is stuck on the first (nobody reads), the second waits
        time.sleep(0.3)  # the first surely begun
        raise RuntimeError("the run failed")
    stream.close()
    other = (tmp_path / "other").open("wb")  # may well get the number the stream had
    with os.fdopen(reading, "rb") as pipe:
        assert pipe.read() == b"x" * (BLOCK + 1)
    other.close()
    assert (tmp_path / "other").read_bytes() == b""


def test_a_sink_writes_the_csv_header_first_then_everything_handed_to_it(tmp_path):
    lines = [f"c-{n},{n}\n".encode() * 2000 for n in range(300)]  # some 10 MB: several blocks
    with (tmp_path / "out.csv").open("wb") as out, Sink(out, "csv", behind=True) as sink:
        for line in lines:
            sink(line)
    written = (tmp_path / "out.csv").read_bytes()
    header, _, rest = written.partition(b"\n")
    assert header.startswith(b"id,") and rest == b"".join(lines)


def test_a_sink_over_a_stream_without_a_descriptor_writes_at_once():
    stream = io.BytesIO()
    sink = Sink(stream, "jsonl", behind=True)
    sink(b'{"id":"a"}\n')
    assert stream.getvalue() == b'{"id":"a"}\n'
    sink.close()


def test_a_sink_is_written_through_unless_asked_to_write_behind(tmp_path):
    # A library caller that closes only its own stream, never the sink, loses nothing.
    with (tmp_path / "out.jsonl").open("wb") as out:
        sink = Sink(out, "jsonl")
        for _ in range(3):
            sink(b"y" * (BLOCK // 2) + b"\n")
    assert (tmp_path / "out.jsonl").stat().st_size == 3 * (BLOCK // 2 + 1)


def test_a_compressing_stream_gets_its_bytes_compressed(tmp_path):
    # A gzip file's descriptor is that of the file beneath it: raw bytes must never go there.
    lines = [f'{{"id":"c-{n}"}}\n'.encode() * 5000 for n in range(100)]
    with gzip.open(tmp_path / "out.jsonl.gz", "wb") as out, Sink(out, "jsonl", behind=True) as sink:
        for line in lines:
            sink(line)
    with gzip.open(tmp_path / "out.jsonl.gz", "rb") as back:
        assert back.read() == b"".join(lines)


def test_a_sink_left_by_a_failure_writes_nothing_more(tmp_path):
    with (tmp_path / "out.jsonl").open("wb") as out:
        with pytest.raises(RuntimeError), Sink(out, "jsonl", behind=True) as sink:
            sink(b"first\n")
            raise RuntimeError("the run failed")
        assert sink._writer is None


def test_sigterm_ends_a_run_at_once_while_nobody_reads_its_output(tmp_path):
    # The output waits in a full pipe (a paused pager); `kill` must still end the run.
    source = tmp_path / "in.jsonl"
    source.write_text(_example_line() * 3000, encoding="utf-8")
    child = subprocess.Popen([str(Path(sys.executable).parent / "ssi-advise"), "batch", str(source), "-o", "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.read(1)  # the run is writing: its handler is set
        time.sleep(1)  # the pipe fills in well under a second
        child.send_signal(signal.SIGTERM)
        code = child.wait(timeout=10)
    finally:
        child.kill()
        child.communicate()
    assert code == 130


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(("redirect", "reason"), [("> /dev/full", "No space left on device"), (">&-", "standard output is closed")])
def test_batch_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, fmt, redirect, reason):
    source = tmp_path / "in.jsonl"
    source.write_text(_example_line() * 200, encoding="utf-8")
    command = shlex.quote(str(Path(sys.executable).parent / "ssi-advise"))
    done = subprocess.run(f"{command} batch {shlex.quote(str(source))} -o - --format {fmt} {redirect}", shell=True,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, f"cannot write the report: {reason}\n")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_reader_that_stops_reading_ends_the_run_quietly_with_exit_3(tmp_path, fmt, jobs):
    # `| head`: exit 1 (click's answer to a broken pipe) said that records failed.
    source = tmp_path / "in.jsonl"
    source.write_text(_example_line() * 2000, encoding="utf-8")
    command = shlex.quote(str(Path(sys.executable).parent / "ssi-advise"))
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command} batch {shlex.quote(str(source))} -o - --format {fmt} "
                           f"--jobs {jobs} | head -c 100 > /dev/null"], stderr=subprocess.PIPE, text=True, timeout=300)
    assert (done.returncode, done.stderr) == (3, "")


def _example_line() -> str:
    return json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))) + "\n"


def test_without_writev_a_sink_writes_at_once(tmp_path, monkeypatch):
    # Windows has no os.writev: the sink writes through instead of failing in its thread.
    monkeypatch.delattr(os, "writev")
    with (tmp_path / "out.jsonl").open("wb") as out, Sink(out, "jsonl", behind=True) as sink:
        assert sink._writer is None
        sink(b"z\n")
    assert (tmp_path / "out.jsonl").read_bytes() == b"z\n"
