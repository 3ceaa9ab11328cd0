"""The canonical order of the keys in a pack file and a rule file, by where a mapping sits."""

from __future__ import annotations

from collections.abc import Sequence

PACK_FILE_KEYS = ("pack", "version", "description", "extends", "languages", "pillars", "facts", "ignore_case", "disable", "overrides")
RULE_FILE_KEYS = ("pillar", "measures", "advice")
MEASURE_KEYS = ("id", "title", "why", "fact", "max_points", "bands", "checks", "how_to_measure", "effort_to_measure_minutes")
ADVICE_KEYS = ("id", "improves", "when", "facts", "effort_minutes_per_week", "aims", "effort_minutes_once", "title", "text")
# Fields only advice has: an override holding one of them follows the advice order.
_ADVICE_ONLY = frozenset(ADVICE_KEYS) - frozenset(MEASURE_KEYS)
BAND_KEYS = ("min", "points", "label")
CHECK_KEYS = ("fact", "min", "points", "title")
FACT_KEYS = ("type", "description", "minimum", "maximum", "values", "how_to_measure")
CONDITION_KEYS = ("fact", "all", "any", "not", "lt", "lte", "gt", "gte", "eq", "ne", "in", "exists", "missing")
_DYNAMIC = {"overrides", "facts", "pillars"}  # mappings whose keys are names, not fields

_BY_SHAPE: dict[tuple[str, ...], tuple[str, ...]] = {
    ("measures", "*"): MEASURE_KEYS,
    ("advice", "*"): ADVICE_KEYS,
    ("measures", "*", "bands", "*"): BAND_KEYS,
    ("measures", "*", "checks", "*"): CHECK_KEYS,
    ("overrides", "*", "bands", "*"): BAND_KEYS,
    ("overrides", "*", "checks", "*"): CHECK_KEYS,
    ("facts", "*"): FACT_KEYS,
}


def shape(path: Sequence[str | int]) -> tuple[str, ...]:
    """A path with list positions and names (rule ids, fact names, pillars) as `*`."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int) or (out and out[-1] in _DYNAMIC and len(out) == 1):
            out.append("*")
        else:
            out.append(str(part))
    return tuple(out)


def key_order(path: Sequence[str | int], pack_file: bool, keys: Sequence[str] = ()) -> tuple[str, ...] | None:
    """The canonical key order of the mapping at `path` holding `keys`, or None to keep the order as written."""
    if not path:
        return PACK_FILE_KEYS if pack_file else RULE_FILE_KEYS
    found = shape(path)
    if "when" in found:
        return CONDITION_KEYS
    if found == ("overrides", "*"):
        return ADVICE_KEYS if _ADVICE_ONLY & set(keys) else MEASURE_KEYS
    return _BY_SHAPE.get(found)


def ordered(keys: Sequence[str], order: Sequence[str] | None) -> list[str]:
    """`keys` in canonical order; keys the order does not know keep their place after the known ones."""
    if order is None:
        return list(keys)
    rank = {key: index for index, key in enumerate(order)}
    known = sorted((k for k in keys if k in rank), key=lambda k: rank[k])
    return known + [k for k in keys if k not in rank]
