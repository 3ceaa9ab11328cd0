"""Problems are values with a place: the file, line, column, field path and rule id they concern.

Every step of the pipeline reports what is wrong with the user's input as `Problem` values;
only the CLI turns them into text. `InputError` carries one or more problems up to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

Level = Literal["error", "warning"]


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
        return f"{place}{level}{subject}{self.message}{rule}"

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
    def single(cls, message: str, **place: object) -> "InputError":
        return cls([Problem(message, **place)])  # type: ignore[arg-type]

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


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
