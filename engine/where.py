"""Where each field of a rule was written: its rule file, or the override that last changed it.

A rule read from a parent pack and changed by an override in a child pack has fields from
two files. A problem found in the merged rule is placed at the line that set the field in
question, so a coach's mistake is reported at the coach's own line, not in a file of the
pack she extends.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .documents import Document
from .model import Place
from .problems import Problem


class Where:
    """Behaves like a Document for the paths inside one rule, across the layers that wrote it."""

    def __init__(self, layers: list[tuple[Document, tuple, frozenset[str] | None]]) -> None:
        self.layers = layers

    @classmethod
    def of(cls, document: Document, base: tuple = ()) -> Where:
        return cls([(document, tuple(base), None)])

    def overridden(self, document: Document, base: tuple, fields: set[str]) -> Where:
        """The same rule after an override in `document` changed `fields`."""
        return Where([(document, tuple(base), frozenset(fields)), *self.layers])

    def _resolve(self, at: Sequence[str | int]) -> tuple[Document, tuple]:
        for document, base, fields in self.layers:
            if fields is None or (at and at[0] in fields):
                return document, base + tuple(at)
        document, base, _ = self.layers[-1]
        return document, base + tuple(at)

    def is_overridden(self, field: str) -> bool:
        """Whether an override (of any layer) set this field."""
        return any(fields is not None and field in fields for _, _, fields in self.layers)

    def newest(self, *fields: str) -> str:
        """Of these fields, the one set by the newest layer (the first one on a tie)."""
        for _, _, changed in self.layers:
            if changed is None:
                return fields[0]
            for field in fields:
                if field in changed:
                    return field
        return fields[0]

    def problem(self, message: str, at: Sequence[str | int] = (), **extra: Any) -> Problem:
        document, full = self._resolve(at)
        return document.problem(message, full, **extra)

    def place(self, at: Sequence[str | int] = ()) -> Place:
        document, full = self._resolve(at)
        return Place(*document.place(full))

    def field_places(self, fields: Sequence[str]) -> dict[str, Place]:
        """For each field an override set, the override's line; the others are at the rule."""
        return {field: self.place((field,)) for field in fields if self.is_overridden(field)}
