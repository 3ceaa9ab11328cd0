"""Conditions and facts as durable-rules expressions: flat property names, `not` pushed down.

A profile is asserted as one flat fact, every property named with a prefix of the project's
own (the driver then sends each under a short name of letters: property_aliases.py); a
condition becomes `$and`/`$or` over comparisons on those properties, with negation pushed
down to the comparisons, since durable-rules has no `not`.
"""

from __future__ import annotations

import json
from typing import Any

from .conditions import All, Any_, Compare, Condition, Not

# Every fact property the engine is sent starts with this; durable-rules adds `id` and `sid`
# to every fact itself, so a profile fact named `id` must not be sent as `id`.
FACT_PREFIX = "f_"


def compile_condition(condition: Condition) -> dict[str, Any]:
    """A durable-rules expression for a condition, with `not` pushed down to comparisons.

    Nested groups of the same kind are merged (`all` in `all`, `any` in `any`) and repeated
    items dropped: the meaning is the same, and each group costs the engine two slots.
    """
    if isinstance(condition, Compare):
        return _compare(condition)
    if isinstance(condition, Not):
        return compile_condition(_negate(condition.item))
    return joined("$and" if isinstance(condition, All) else "$or", [compile_condition(item) for item in condition.items])


def joined(operator: str, items: list[dict[str, Any]], distinct: bool = False) -> dict[str, Any]:
    """`{operator: items}` with nested groups of the same operator merged and repeats dropped
    (`distinct` says the caller knows there are none)."""
    flat: list[dict[str, Any]] = []
    for item in items:
        flat += item.get(operator, [item])
    if not distinct and len(flat) > 1:
        flat = list({json.dumps(item, sort_keys=True): item for item in flat}.values())
    return flat[0] if len(flat) == 1 else {operator: flat}


_NEGATED_ORDER = {"lt": "gte", "lte": "gt", "gt": "lte", "gte": "lt"}


def _negate(condition: Condition) -> Condition:
    """not(condition), with comparisons on missing facts false, so their negation is true."""
    if isinstance(condition, Not):
        return condition.item
    if isinstance(condition, All):
        return Any_(tuple(_negate(item) for item in condition.items))
    if isinstance(condition, Any_):
        return All(tuple(_negate(item) for item in condition.items))
    fact, op, value = condition.fact, condition.op, condition.value
    missing = Compare(fact, "missing")
    if op == "exists":
        return missing
    if op == "missing":
        return Compare(fact, "exists")
    if op in _NEGATED_ORDER:
        return Any_((Compare(fact, _NEGATED_ORDER[op], value), missing))
    if op == "eq":
        return Any_((Compare(fact, "ne", value), missing))
    if op == "ne":
        return Any_((Compare(fact, "eq", value), missing))
    # not in (a, b): present and different from each, or missing
    return Any_((All(tuple(Compare(fact, "ne", v) for v in value)), missing))


def engine_name(fact: str) -> str:
    """The flat property name of a fact in durable-rules: `brand.skills` → `f_brand__skills`.

    Flat facts parse faster than nested ones, and a dot would mean nesting to the engine. The
    prefix keeps every property the project sends apart from those durable-rules adds itself
    (`id`, `sid`) and from the discriminator.
    """
    return FACT_PREFIX + fact.replace(".", "__")


def fact_path(name: str) -> str:
    """The dotted fact path of an engine property name."""
    return name.removeprefix(FACT_PREFIX).replace("__", ".")


def _compare(compare: Compare) -> dict[str, Any]:
    fact, op, value = engine_name(compare.fact), compare.op, compare.value
    if op == "exists":
        return {"$ex": {fact: 1}}
    if op == "missing":
        return {"$nex": {fact: 1}}
    if op == "eq":
        return {fact: value}
    if op == "ne":
        return {"$neq": {fact: value}}
    if op == "in":
        return joined("$or", [{fact: v} for v in value])
    return {f"${op}": {fact: value}}
