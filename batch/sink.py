"""Writing a batch's output to a binary stream: JSONL as it comes, CSV under its header."""

from __future__ import annotations

import csv
import io
import os
from types import TracebackType
from typing import BinaryIO

from ssi_advise.engine.files import regular_file

from .csv_lines import BOM
from .table import SUMMARY_COLUMNS
from .work import OutputFormat
from .write_behind import WriteBehind

# Output handed to the writing thread at a time: large enough that the thread needs the
# interpreter lock a few times a chunk (128 records make some 4 MB), small enough that the
# blocks in flight (at most three) add little to the peak memory (2 MiB blocks added 11 MiB).
BLOCK = 2**20


class Sink:
    """Writes the output in the order given; `close` writes what is left and flushes (never
    closes) the stream.

    `behind`: the output is written behind the work by a thread of its own (batch/write_behind.py)
    where the stream is a plain file object (a file, standard output, a pipe); a stream of any
    other kind (a compressing one, `io.BytesIO`) is written to at once. Such a sink must be
    closed (or used in a `with` block), or the last of the output is not written. Not for a
    run that forks workers while it writes (`run_batch` with `jobs` > 1): a process forked
    while another thread runs may inherit a lock that thread held.
    """

    def __init__(self, stream: BinaryIO, output: OutputFormat, delimiter: str = ",", bom: bool = False, behind: bool = False) -> None:
        self.stream = stream
        self._block: list[bytes] = []
        self._size = 0
        if output == "csv":
            header = io.StringIO()
            csv.writer(header, delimiter=delimiter).writerow(SUMMARY_COLUMNS)
            # `bom`: for Excel, which reads UTF-8 only after one (without, an accented name is garbled).
            stream.write((BOM if bom else "").encode("utf-8") + header.getvalue().encode("utf-8"))
        self._writer = _writer(stream) if behind else None

    def __call__(self, data: bytes) -> None:
        if self._writer is None:
            self.stream.write(data)
            return
        self._block.append(data)
        self._size += len(data)
        if self._size >= BLOCK:
            self._hand_over(self._writer)

    def _hand_over(self, writer: WriteBehind) -> None:
        writer.put(self._block)
        self._block, self._size = [], 0

    def direct(self) -> int | None:
        """The descriptor of the regular file written to, everything before written, for workers
        that write their output themselves (batch/run.py); None for a pipe, a terminal or a
        stream without one."""
        if regular_file(self.stream) is None:
            return None
        self._finish()
        self.stream.flush()
        return self.stream.fileno()

    def _finish(self) -> None:
        if self._writer is not None:
            if self._block:
                self._hand_over(self._writer)
            self._writer.close()
            # Only once it is done: interrupted while it waits, the writer is abandoned (__exit__).
            self._writer = None

    def close(self) -> None:
        """Write what is left and flush the stream."""
        self._finish()
        self.stream.flush()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
        elif self._writer is not None:
            # What was not yet written is dropped: the run failed, and its output is not whole.
            self._writer.abandon()
            self._writer = None


# The streams whose descriptor is where their bytes go: a file opened for writing in binary,
# standard output's buffer. A compressing stream (gzip, bz2, lzma) has the descriptor of the
# file beneath it, where raw bytes must never go.
_PLAIN = (io.BufferedWriter, io.BufferedRandom, io.FileIO)


def _writer(stream: BinaryIO) -> WriteBehind | None:
    """A thread to write behind the work, where the stream is a plain file object; what the
    stream holds so far goes first."""
    # Only where the system has writev: the thread was measured and is tested there, not on
    # Windows, where the sink writes at once.
    if type(stream) not in _PLAIN or not hasattr(os, "writev"):
        return None
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return None
    stream.flush()
    return WriteBehind(descriptor)
