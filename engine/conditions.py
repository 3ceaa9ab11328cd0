"""Advice conditions: `all`/`any`/`not` over comparisons on dotted fact paths.

A condition is data parsed from a rule file; it is compiled for durable-rules elsewhere and
never executed as Python. A comparison on a fact the profile does not give is false — only
`missing` holds then — and `not` turns that around, exactly as plain logic would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .facts import FactSpec
from .schemas import show

ORDERING = ("lt", "lte", "gt", "gte")


@dataclass(frozen=True)
class Compare:
    """`fact op value`, e.g. relationships.connections lt 500."""

    fact: str
    op: str
    value: Any = True


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Compare | All | Any_ | Not


def parse_condition(raw: dict[str, Any]) -> Condition:
    """Build a condition from schema-valid data."""
    if "all" in raw:
        return All(tuple(parse_condition(item) for item in raw["all"]))
    if "any" in raw:
        return Any_(tuple(parse_condition(item) for item in raw["any"]))
    if "not" in raw:
        return Not(parse_condition(raw["not"]))
    (op,) = [key for key in raw if key != "fact"]
    value = tuple(raw[op]) if op == "in" else raw[op]
    return Compare(raw["fact"], op, value)


def comparisons(condition: Condition) -> list[tuple[tuple[str | int, ...], Compare]]:
    """Every comparison with its path inside the condition data (for error places)."""
    if isinstance(condition, Compare):
        return [((), condition)]
    if isinstance(condition, Not):
        return [(("not",) + path, c) for path, c in comparisons(condition.item)]
    key = "all" if isinstance(condition, All) else "any"
    found = []
    for index, item in enumerate(condition.items):
        found += [((key, index) + path, c) for path, c in comparisons(item)]
    return found


def type_problem(compare: Compare, spec: FactSpec) -> str | None:
    """Why a comparison cannot be made on a fact of this type, or None when it can."""
    if compare.op in ("exists", "missing"):
        return None
    values = compare.value if compare.op == "in" else (compare.value,)
    if spec.numeric:
        if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
            return f"{spec.path} is a number; compare it with numbers, got {_show(values)}"
        return None
    if compare.op in ORDERING:
        kind = "true or false" if spec.type == "boolean" else "text"
        return f"{spec.path} is {kind}; '{compare.op}' needs a number fact"
    if spec.type == "boolean":
        if any(not isinstance(v, bool) for v in values):
            return f"{spec.path} is true or false; compare it with true or false, got {_show(values)}"
        return None
    if any(not isinstance(v, str) for v in values):
        return f"{spec.path} is text; compare it with text, got {_show(values)}"
    if spec.enum is not None:
        unknown = [v for v in values if v not in spec.enum]
        if unknown:
            return (
                f"{spec.path} is one of {', '.join(spec.enum)}; {_show(tuple(unknown))} can never match"
            )
    return None


def _show(values: tuple[Any, ...]) -> str:
    return ", ".join(show(v) for v in values)
