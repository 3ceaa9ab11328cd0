"""A parsed file: its plain data and the line and column of every value in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .problems import Problem, quote

MAX_BYTES = 8 * 1024 * 1024
MAX_SIZE = f"{MAX_BYTES // (1024 * 1024)} MiB"  # as messages say it
MAX_DEPTH = 48
MAX_VALUES = 200_000
# No fact needs a number this long; Python itself refuses to read integers of 4,300 digits.
MAX_DIGITS = 100

JsonPath = tuple[str | int, ...]
# Where a value was written: its line, and its column when the format has one (a JSONL line's
# values have none).
Mark = tuple[int, int | None]


class TooLong(ValueError):
    """An integer longer than any fact can be (Python refuses those of 4,300 digits itself)."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"a number of {digits} digits is longer than any fact can be")


class NotFinite(ValueError):
    """NaN, Infinity, or a number that reads as infinity (1e400): no fact's value."""

    def __init__(self, text: str) -> None:
        # Shortened: 400 digits and a decimal part read as infinity too.
        super().__init__(f"{text if len(text) <= 40 else text[:39] + '…'} is not a finite number")


@dataclass
class Document:
    """A parsed file: its plain data and where each value came from."""

    name: str
    data: Any
    marks: dict[JsonPath, Mark] = field(default_factory=dict)
    # How an unquoted yes/no/on/off was written where YAML made it true or false, so a
    # message can say why a text field got a boolean.
    spelled: dict[JsonPath, str] = field(default_factory=dict)

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        key = tuple(path)
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:
                return (None, None)
            key = key[:-1]

    def spelled_within(self, base: JsonPath) -> dict[JsonPath, str]:
        """How YAML's true/false were written under `base`, by their paths inside it."""
        if not base:
            return self.spelled
        return {at[len(base):]: word for at, word in self.spelled.items() if at[: len(base)] == base}

    def problem(self, message: str, at: Sequence[str | int] = (), **extra: Any) -> Problem:
        """A problem placed at the value `at` (a path of keys and indexes) in this document."""
        line, column = self.locate(at)
        if not extra:  # the common case, kept cheap for files with thousands of problems
            return Problem(message, self.name, line, column, dotted(at) or None)
        extra.setdefault("path", dotted(at) or None)
        return Problem(message, file=self.name, line=line, column=column, **extra)

    def place(self, at: Sequence[str | int] = ()) -> tuple[str, int | None, int | None]:
        """File name, line and column of the value at `at`."""
        return (self.name, *self.locate(at))


def dotted(path: Sequence[str | int]) -> str:
    """`('brand', 'skills')` → `brand.skills`; list indexes as `[0]`; odd or long keys quoted."""
    if len(path) == 1 and type(path[0]) is str and len(path[0]) <= 60 and path[0].isprintable():
        return path[0]  # the common case of a file with thousands of problems, kept cheap
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = str(part)
            if len(key) > 60 or not key.isprintable():
                key = quote(key)
            out += ("." if out else "") + key
    return out
