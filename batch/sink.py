"""Writing a batch's output to a binary stream: JSONL as it comes, CSV under its header."""

from __future__ import annotations

import csv
import io
from types import TracebackType
from typing import BinaryIO

from ssi_advise.engine.files import regular_file

from .csv_lines import BOM
from .table import SUMMARY_COLUMNS
from .work import OutputFormat


class Sink:
    """Writes each chunk of output as soon as it is done; `close` flushes (never closes) the stream."""

    def __init__(self, stream: BinaryIO, output: OutputFormat, delimiter: str = ",", bom: bool = False) -> None:
        self.stream = stream
        if output == "csv":
            header = io.StringIO()
            csv.writer(header, delimiter=delimiter).writerow(SUMMARY_COLUMNS)
            # `bom`: for Excel, which reads UTF-8 only after one (without, an accented name is garbled).
            stream.write((BOM if bom else "").encode("utf-8") + header.getvalue().encode("utf-8"))

    def __call__(self, data: bytes) -> None:
        self.stream.write(data)

    def direct(self) -> int | None:
        """The descriptor of the regular file written to, flushed, for workers that write their
        output themselves (batch/run.py); None for a pipe, a terminal or a stream without one."""
        if regular_file(self.stream) is None:
            return None
        self.stream.flush()
        return self.stream.fileno()

    def close(self) -> None:
        self.stream.flush()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
