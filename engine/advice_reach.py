"""Which bands of a measure some advice can still go after: the silent mistake `rules check` warns of.

Raise a measure's bands past where its advice stops (connections to 2,000 while the advice
holds below 1,000) and a client between the two gets points left and no advice. For each
measure on a number fact, its advice's conditions are read with three-valued logic: a
comparison on the measure's own fact is true or false for a value, any other is unknown
(it may hold for some profile). A band is reached when some advice's condition is not
false for some value in it. The conditions change truth only at their own numbers, so the
band edges, those numbers and the points between them are enough to try.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .conditions import All, Any_, Compare, Condition, Not
from .model import Advice, Measure

_ORDER = {
    "lt": lambda x, v: x < v,
    "lte": lambda x, v: x <= v,
    "gt": lambda x, v: x > v,
    "gte": lambda x, v: x >= v,
    "eq": lambda x, v: x == v,
    "ne": lambda x, v: x != v,
    "in": lambda x, v: x in v,
}


def unreached_bands(measure: Measure, advice: Iterable[Advice]) -> list[int]:
    """Indexes of the bands that leave points to earn but where no advice improving the measure can hold."""
    fact = measure.fact
    mine = [a.when for a in advice if a.improves == measure.id]
    if fact is None or not measure.bands or not mine:
        return []
    samples = _samples([b.min for b in measure.bands] + [v for c in mine for v in _numbers(c, fact)])
    unreached = []
    for index, band in enumerate(measure.bands):
        if band.points >= measure.max_points:
            continue
        upper = measure.bands[index + 1].min if index + 1 < len(measure.bands) else None
        inside = [x for x in samples if x >= band.min and (upper is None or x < upper)]
        if not any(_truth(condition, fact, x) is not False for condition in mine for x in inside):
            unreached.append(index)
    return unreached


def _samples(edges: list[float]) -> list[float]:
    points = sorted(set(edges))
    between = [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)]
    return sorted(points + between + [points[-1] + 1])


def _numbers(condition: Condition, fact: str) -> list[float]:
    if isinstance(condition, Compare):
        if condition.fact != fact:
            return []
        values = condition.value if condition.op == "in" else (condition.value,)
        return [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if isinstance(condition, Not):
        return _numbers(condition.item, fact)
    return [v for item in condition.items for v in _numbers(item, fact)]


def _truth(condition: Condition, fact: str, value: float) -> bool | None:
    """True, False, or None (unknown: it depends on other facts) for the fact at this value."""
    if isinstance(condition, Compare):
        return _compare(condition, fact, value)
    if isinstance(condition, Not):
        inner = _truth(condition.item, fact, value)
        return None if inner is None else not inner
    parts = [_truth(item, fact, value) for item in condition.items]
    if isinstance(condition, All):
        return False if False in parts else (True if all(p is True for p in parts) else None)
    assert isinstance(condition, Any_)
    return True if True in parts else (False if all(p is False for p in parts) else None)


def _compare(compare: Compare, fact: str, value: float) -> bool | None:
    if compare.fact != fact:
        return None
    if compare.op in ("exists", "missing"):
        return compare.op == "exists"
    target: Any = compare.value
    try:
        return bool(_ORDER[compare.op](value, target))
    except TypeError:  # a text compared with a number fact: rejected when the pack loads
        return None
