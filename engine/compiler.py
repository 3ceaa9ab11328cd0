"""Compiling a pack into durable-rules rulesets.

Every decision the engine makes is a durable-rules rule: one per score band, one per check,
one per fact that may be missing, one per advice. Each rule's condition starts with the
discriminator `kind = profile`, so no rule can ever match the engine's own state fact (a rule
on a missing fact alone would otherwise re-fire forever).

Rules that can never match together form an exclusive group (the bands of one measure and
the "missing" rule of its fact); rulesets are filled with at most 64 groups, so no fact can
match more than durable-rules' limit of 64 rules in one ruleset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .conditions import All, Any_, Compare, Condition, Not
from .durable_driver import MAX_MATCHES_PER_FACT, RulesetGroup
from .pack import Pack

DISCRIMINATOR = {"kind": "profile"}
RuleKind = Literal["band", "check", "missing", "advice"]


@dataclass(frozen=True)
class CompiledRule:
    """One durable-rules rule and what its firing means."""

    name: str
    kind: RuleKind
    ref: str  # measure id, advice id, or fact path for "missing"
    index: int = 0  # band or check index within the measure
    condition: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class CompiledPack:
    """A pack ready to evaluate: its rules by name and the registered rulesets."""

    pack: Pack
    rules: dict[str, CompiledRule]
    facts: tuple[str, ...]
    group: RulesetGroup

    def close(self) -> None:
        self.group.close()


def compile_condition(condition: Condition) -> dict[str, Any]:
    """A durable-rules expression for a condition, with `not` pushed down to comparisons."""
    if isinstance(condition, Compare):
        return _compare(condition)
    if isinstance(condition, Not):
        return compile_condition(_negate(condition.item))
    items = [compile_condition(item) for item in condition.items]
    if len(items) == 1:
        return items[0]
    return {"$and" if isinstance(condition, All) else "$or": items}


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


def _compare(compare: Compare) -> dict[str, Any]:
    fact, op, value = compare.fact, compare.op, compare.value
    if op == "exists":
        return {"$ex": {fact: 1}}
    if op == "missing":
        return {"$nex": {fact: 1}}
    if op == "eq":
        return {fact: value}
    if op == "ne":
        return {"$neq": {fact: value}}
    if op == "in":
        options = [{fact: v} for v in value]
        return options[0] if len(options) == 1 else {"$or": options}
    return {f"${op}": {fact: value}}


def _rule(condition: dict[str, Any]) -> dict[str, Any]:
    return {"all": [{"m": {"$and": [DISCRIMINATOR, condition]}}]}


def compile_pack(pack: Pack, max_matches: int = MAX_MATCHES_PER_FACT) -> CompiledPack:
    """Compile and register a pack's rules in durable-rules."""
    groups: list[list[CompiledRule]] = []
    rules: list[CompiledRule] = []
    counter = iter(range(1_000_000))
    missing_grouped: set[str] = set()

    def add(kind: RuleKind, ref: str, condition: dict[str, Any], index: int = 0) -> CompiledRule:
        rule = CompiledRule(f"r{next(counter)}", kind, ref, index, condition)
        rules.append(rule)
        return rule

    def missing_rule(fact: str) -> list[CompiledRule]:
        if fact in missing_grouped:
            return []
        missing_grouped.add(fact)
        return [add("missing", fact, {"$nex": {fact: 1}})]

    for measure in pack.measures:
        if measure.fact is not None:
            group = missing_rule(measure.fact)
            for index, band in enumerate(measure.bands):
                bounds: list[dict[str, Any]] = [{"$gte": {measure.fact: band.min}}]
                if index + 1 < len(measure.bands):
                    bounds.append({"$lt": {measure.fact: measure.bands[index + 1].min}})
                condition = bounds[0] if len(bounds) == 1 else {"$and": bounds}
                group.append(add("band", measure.id, condition, index))
            groups.append(group)
        for index, check in enumerate(measure.checks):
            condition = {check.fact: True} if check.min is None else {"$gte": {check.fact: check.min}}
            groups.append(missing_rule(check.fact) + [add("check", measure.id, condition, index)])

    facts = {fact for measure in pack.measures for fact in measure.facts}
    for advice in pack.advice:
        condition = compile_condition(advice.when)
        groups.append([add("advice", advice.id, condition)])
        facts.update(_facts_in(condition))

    chunks: list[dict[str, dict[str, Any]]] = []
    for start in range(0, len(groups), max_matches):
        chunk = {rule.name: _rule(rule.condition) for group in groups[start : start + max_matches] for rule in group}
        if chunk:
            chunks.append(chunk)
    group = RulesetGroup(chunks, label=pack.name.replace("-", "_"))
    return CompiledPack(pack, {rule.name: rule for rule in rules}, tuple(sorted(facts)), group)


def _facts_in(expression: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(expression, dict):
        for key, value in expression.items():
            if key in ("$and", "$or"):
                for item in value:
                    found |= _facts_in(item)
            elif key.startswith("$"):
                found |= set(value)
            else:
                found.add(key)
    return found
