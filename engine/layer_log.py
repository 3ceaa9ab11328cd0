"""What each layer of a pack changed in the pack it extends: the record `rules diff` shows.

The layer reader writes these as it applies a pack file's `disable:` and `overrides:` and
reads its rule files, so the record is exactly what loading did, with the line of each
change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Disabled, Place


@dataclass(frozen=True)
class FieldChange:
    """One field of one rule, overridden: the value before and after."""

    rule_id: str
    field: str
    old: Any
    new: Any
    place: Place


@dataclass(frozen=True)
class RuleEntry:
    """A rule (or a fact of the pack's own) added by a layer."""

    rule_id: str
    kind: str  # "measure", "advice" or "fact"
    place: Place


@dataclass
class LayerLog:
    """The changes one pack folder made to the pack it extends."""

    name: str
    root: str
    pack_file: str
    extends: str | None
    disabled: list[Disabled] = field(default_factory=list)
    overridden: list[FieldChange] = field(default_factory=list)
    added: list[RuleEntry] = field(default_factory=list)
    facts: list[RuleEntry] = field(default_factory=list)  # facts of its own declared here (kind "fact")

    @property
    def empty(self) -> bool:
        return not (self.disabled or self.overridden or self.added or self.facts)
