"""Writing output records to a binary stream: JSONL lines as they are, CSV rows under a header."""

from __future__ import annotations

import csv
import io
from types import TracebackType
from typing import BinaryIO

from .table import SUMMARY_COLUMNS
from .work import OutputFormat, Outcome


class Sink:
    """Writes each output record as soon as it is made; `close` flushes (never closes) the stream."""

    def __init__(self, stream: BinaryIO, output: OutputFormat) -> None:
        self.stream = stream
        self.output = output
        self._text: io.TextIOWrapper | None = None
        self._rows = None
        if output == "csv":
            self._text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
            self._rows = csv.writer(self._text)
            self._rows.writerow(SUMMARY_COLUMNS)

    def __call__(self, outcome: Outcome) -> None:
        if self._rows is not None:
            self._rows.writerow(outcome[1])
        else:
            self.stream.write(outcome[1])

    def close(self) -> None:
        if self._text is not None:
            self._text.flush()
            self._text.detach()
            self._text = None
        self.stream.flush()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
