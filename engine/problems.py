"""Problems are values with a place: the file, line, column, field path and rule id they concern.

Every step of the pipeline reports what is wrong with the user's input as `Problem` values;
only the CLI turns them into text. `InputError` carries one or more problems up to it.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from typing import Literal
from collections.abc import Iterable

Level = Literal["error", "warning"]

# How many problems a message shows before "… and N more problems": a profile of 100,000
# unknown keys is one mistake repeated, and 27 MB of lines help nobody.
SHOWN_PROBLEMS = 20
# Longest quote of a value from a file inside a message (a key may be megabytes long).
QUOTE_LIMIT = 48
# Longest message a problem prints; only reached when something quoted a value unshortened.
MESSAGE_LIMIT = 4000


def quote(value: str, limit: int = QUOTE_LIMIT) -> str:
    """A value from a file as a message quotes it: shortened, in quotes, control characters escaped."""
    short = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(short)


def printable(text: str) -> str:
    """`text` with every character a terminal would act on (escape codes, line breaks) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in the words our messages use."""
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOTDIR and error.filename is not None:
        blocker = _not_a_folder(os.fsdecode(error.filename))
        if blocker:
            return f"{blocker} is not a folder"
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return error.strerror or str(error)


def _not_a_folder(path: str) -> str | None:
    """The first part of `path` that exists but is not a folder (what ENOTDIR complains about)."""
    head = path
    parents = []
    while True:
        head, tail = os.path.split(head)
        if not tail:
            break
        parents.append(os.path.join(head, tail))
    for candidate in reversed(parents[1:]):
        if os.path.lexists(candidate) and not os.path.isdir(candidate):
            return candidate
    return None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None
    rule_id: str | None = None
    level: Level = "error"

    def format(self, with_level: bool = False) -> str:
        """Render as one line: `file:line:col: path: message [rule-id]`.

        Warnings always say so; `with_level` writes `error:` too, as editors and CI expect.
        """
        place = ""
        if self.file is not None:
            place = self.file
            if self.line is not None:
                place += f":{self.line}"
                if self.column is not None:
                    place += f":{self.column}"
            place += ": "
        level = f"{self.level}: " if with_level or self.level == "warning" else ""
        subject = f"{self.path}: " if self.path else ""
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        message = self.message if len(self.message) <= MESSAGE_LIMIT else self.message[: MESSAGE_LIMIT - 1] + "…"
        # File names, keys and values come from the user: one line, and nothing a terminal obeys.
        return printable(f"{place}{level}{subject}{message}{rule}")

    def to_dict(self) -> dict[str, object]:
        """The problem as JSON data."""
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "rule_id": self.rule_id,
            "message": self.message,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.message)


@dataclass
class InputError(Exception):
    """Bad input (profile, pack or options): the problems found, in file order."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    @classmethod
    def single(cls, message: str, **place: object) -> InputError:
        return cls([Problem(message, **place)])  # type: ignore[arg-type]

    @classmethod
    def from_os_error(cls, error: OSError, doing: str = "", path: str | os.PathLike[str] | None = None) -> InputError:
        """One line naming the path (`path`, else the error's own) and the reason.

        `x.yaml: cannot be read: permission denied`, with `doing` = "cannot be read".
        """
        name = path if path is not None else error.filename
        prefix = f"{doing}: " if doing else ""
        return cls.single(prefix + os_reason(error), file=os.fsdecode(name) if name is not None else None)

    def lines(self, limit: int | None = SHOWN_PROBLEMS, with_level: bool = False) -> list[str]:
        """The problems as lines, the first `limit` of them (None: all), then `… and N more problems`."""
        shown = self.problems if limit is None else self.problems[:limit]
        out = [problem.format(with_level) for problem in shown]
        hidden = len(self.problems) - len(shown)
        if hidden:
            out.append(f"… and {hidden:,} more problem{'s' if hidden != 1 else ''}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


class EngineError(Exception):
    """The rules engine failed while evaluating; never a user's input mistake.

    Carries the rule ids that were being evaluated so the failure can be traced.
    """

    def __init__(self, message: str, rule_ids: Iterable[str] = ()) -> None:
        self.rule_ids = sorted(rule_ids)
        shown = ", ".join(self.rule_ids[:8]) + (" …" if len(self.rule_ids) > 8 else "")
        super().__init__(f"{message}" + (f" (rules: {shown})" if shown else ""))


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise an InputError holding every error-level problem, sorted by place."""
    errors = sorted((p for p in problems if p.level == "error"), key=Problem.sort_key)
    if errors:
        raise InputError(errors)
