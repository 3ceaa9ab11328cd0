"""The catalogue of profile facts, read from `schemas/profile.schema.json`, and a pack's own.

Rules may only name facts listed here; the catalogue also says each fact's type, which the
compiler uses to reject comparisons that could never hold (a number against text, say). A
pack may declare facts of its own (`custom.*`, see `custom_facts`): its catalogue is the
built-in one plus those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from .schemas import load_schema

FactType = Literal["boolean", "integer", "number", "string"]


@dataclass(frozen=True)
class FactSpec:
    """One leaf of the profile fact set."""

    path: str
    type: FactType
    description: str = ""
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    # Where the member finds the value, per language (facts a pack declares of its own).
    how_to_measure: dict[str, str] | None = None
    # Text compared without regard to case: the pack's `ignore_case:` names it.
    ignore_case: bool = False

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")

    @property
    def scale(self) -> str:
        """How values read: "integer" (a count), "rate" (a share from 0 to 1) or "number"."""
        if self.type == "number" and self.minimum == 0 and self.maximum == 1:
            return "rate"
        return "integer" if self.type == "integer" else "number"


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        merged = dict(schema["$defs"][ref.split("/")[-1]])
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


@cache
def catalogue() -> dict[str, FactSpec]:
    """Every fact path a rule may read, with its type."""
    schema = load_schema("profile")
    facts: dict[str, FactSpec] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, child in node.get("properties", {}).items():
            child = _resolve(schema, child)
            path = f"{prefix}.{key}" if prefix else key
            if child.get("type") == "object":
                walk(path, child)
            elif "enum" in child:
                facts[path] = FactSpec(path, "string", child.get("description", ""), tuple(child["enum"]))
            else:
                facts[path] = FactSpec(
                    path, child["type"], child.get("description", ""), None, child.get("minimum"), child.get("maximum")
                )

    walk("", schema)
    return facts


def with_own_facts(own: tuple[FactSpec, ...], ignore_case: frozenset[str]) -> dict[str, FactSpec]:
    """The built-in catalogue plus a pack's own facts, text facts marked as the pack compares them."""
    facts = {**catalogue(), **{spec.path: spec for spec in own}}
    for path in ignore_case:
        if path in facts:
            facts[path] = replace(facts[path], ignore_case=True)
    return facts
