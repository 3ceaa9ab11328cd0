"""One input record of a batch, not yet decoded: cheap to send to a worker process."""

from __future__ import annotations

from typing import Any, NamedTuple


class Unreadable(NamedTuple):
    """A record the reader could not split off cleanly, and why; the cells it could read (a CSV
    row over several lines), which may still name the record by its id."""

    reason: str
    cells: tuple[str, ...] = ()


class Record(NamedTuple):
    """One input record, not yet decoded: cheap to send to a worker process."""

    line: int  # the line it starts on (folders: its position)
    fallback_id: str  # the record's id when the profile has none: file name or line number
    body: Any  # JSONL: the line's bytes; folder: the file's path; CSV: the row's cells
