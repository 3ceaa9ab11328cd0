"""Writing a batch's output from a thread of its own: every byte, in order, and failures
raised where the run can report them (batch/write_behind.py, batch/sink.py)."""

from __future__ import annotations

import errno
import io
import os
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ssi_advise.batch import Sink
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


def test_abandoning_stops_the_thread_before_the_descriptor_may_be_closed(tmp_path):
    with (tmp_path / "out").open("wb") as out:
        writer = WriteBehind(out.fileno())
        for block in _blocks(3):
            writer.put(block)
        writer.abandon()
        assert not writer._thread.is_alive()
        writer.close()  # nothing to report: abandoning is not a failure


def test_a_sink_writes_the_csv_header_first_then_everything_handed_to_it(tmp_path):
    lines = [f"c-{n},{n}\n".encode() * 2000 for n in range(300)]  # some 10 MB: several blocks
    with (tmp_path / "out.csv").open("wb") as out, Sink(out, "csv") as sink:
        for line in lines:
            sink(line)
    written = (tmp_path / "out.csv").read_bytes()
    header, _, rest = written.partition(b"\n")
    assert header.startswith(b"id,") and rest == b"".join(lines)


def test_a_sink_over_a_stream_without_a_descriptor_writes_at_once():
    stream = io.BytesIO()
    sink = Sink(stream, "jsonl")
    sink(b'{"id":"a"}\n')
    assert stream.getvalue() == b'{"id":"a"}\n'
    sink.close()


def test_a_sink_left_by_a_failure_writes_nothing_more(tmp_path):
    with (tmp_path / "out.jsonl").open("wb") as out:
        with pytest.raises(RuntimeError), Sink(out, "jsonl") as sink:
            sink(b"first\n")
            raise RuntimeError("the run failed")
        assert sink._writer is None


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize(("redirect", "reason"), [("> /dev/full", "No space left on device"), (">&-", "standard output is closed")])
def test_batch_output_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, fmt, redirect, reason):
    source = tmp_path / "in.jsonl"
    profile = subprocess.run([sys.executable, "-c", f"import json, yaml; print(json.dumps(yaml.safe_load(open({str(EXAMPLE)!r}))))"],
                             capture_output=True, text=True, check=True).stdout
    source.write_text(profile * 200, encoding="utf-8")
    command = shlex.quote(str(Path(sys.executable).parent / "ssi-advise"))
    done = subprocess.run(f"{command} batch {shlex.quote(str(source))} -o - --format {fmt} {redirect}", shell=True,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, f"cannot write the report: {reason}\n")
