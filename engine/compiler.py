"""Compiling a pack into durable-rules rulesets.

Every decision the engine makes is a durable-rules rule: one per score band, one per check,
one per fact that may be missing, one per advice. Each rule's condition starts with the
discriminator `kind = profile`, so no rule can ever match the engine's own state fact (a rule
on a missing fact alone would otherwise re-fire forever).

durable-rules walks its alpha network with a fixed stack of 64 nodes: when more conditions
match one fact it fails with error 303 or, measured here, corrupts its heap. So every rule
is weighed by the alpha nodes its condition can create (comparisons, counted after `$or`
is expanded the way durable-rules expands it), and rulesets are filled up to a budget well
below 64. A single condition heavier than the budget is a pack error naming its rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .conditions import All, Any_, Compare, Condition, Not
from .durable_driver import DISCRIMINATOR, RulesetGroup, properties_of
from .model import Advice, Pack
from .problems import InputError, Problem

# durable-rules' match stack holds 64 alpha nodes; keep a margin below it.
NODE_BUDGET = 56
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
    facts: tuple[str, ...]  # dotted paths of every fact a rule reads
    group: RulesetGroup
    stack_bounds: list[int] = field(default_factory=list)  # worst-case match stack per ruleset
    # (fact path, engine property name) for every fact, worked out once, not per profile.
    engine_names: tuple[tuple[str, str], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.engine_names = tuple((path, engine_name(path)) for path in self.facts)

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


def engine_name(fact: str) -> str:
    """The flat property name of a fact in durable-rules: `brand.skills` → `brand__skills`.

    Flat facts parse faster than nested ones, and a dot would mean nesting to the engine.
    """
    return fact.replace(".", "__")


def fact_path(name: str) -> str:
    """The dotted fact path of an engine property name."""
    return name.replace("__", ".")


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
        options = [{fact: v} for v in value]
        return options[0] if len(options) == 1 else {"$or": options}
    return {f"${op}": {fact: value}}


def _rule(condition: dict[str, Any]) -> dict[str, Any]:
    return {"all": [{"m": {"$and": [DISCRIMINATOR, condition]}}]}


def compile_pack(pack: Pack, node_budget: int = NODE_BUDGET) -> CompiledPack:
    """Compile and register a pack's rules in durable-rules; InputError if a rule is too complex."""
    rules: list[CompiledRule] = []
    counter = iter(range(1_000_000))
    # Rules grouped by fact, for measures: the "missing" rule of a fact and the rules that
    # need the fact present never match together.
    by_fact: dict[str, list[CompiledRule]] = {}
    groups: list[list[CompiledRule]] = []

    def add(kind: RuleKind, ref: str, condition: dict[str, Any], index: int = 0) -> CompiledRule:
        rule = CompiledRule(f"r{next(counter)}", kind, ref, index, condition)
        rules.append(rule)
        return rule

    def fact_group(fact: str) -> list[CompiledRule]:
        if fact not in by_fact:
            by_fact[fact] = [add("missing", fact, {"$nex": {engine_name(fact): 1}})]
            groups.append(by_fact[fact])
        return by_fact[fact]

    for measure in pack.measures:
        if measure.fact is not None:
            group = fact_group(measure.fact)
            name = engine_name(measure.fact)
            for index, band in enumerate(measure.bands):
                bounds: list[dict[str, Any]] = [{"$gte": {name: band.min}}]
                if index + 1 < len(measure.bands):
                    bounds.append({"$lt": {name: measure.bands[index + 1].min}})
                group.append(add("band", measure.id, bounds[0] if len(bounds) == 1 else {"$and": bounds}, index))
        for index, check in enumerate(measure.checks):
            name = engine_name(check.fact)
            condition = {name: True} if check.min is None else {"$gte": {name: check.min}}
            fact_group(check.fact).append(add("check", measure.id, condition, index))

    facts = {fact for measure in pack.measures for fact in measure.facts}
    too_complex: list[Problem] = []
    for advice in pack.advice:
        condition = compile_condition(advice.when)
        alternatives, longest = _shape(condition)
        if alternatives + longest > node_budget:
            too_complex.append(_too_complex(advice, alternatives * longest, node_budget))
        groups.append([add("advice", advice.id, condition)])
        facts.update(fact_path(name) for name in properties_of(condition))
    if too_complex:
        raise InputError(too_complex)

    filled = pack_groups(groups, node_budget)
    chunks = [{rule.name: _rule(rule.condition) for group in chunk for rule in group} for chunk in filled]
    rule_ids = {rule.name: rule.ref if rule.kind != "missing" else f"missing {rule.ref}" for rule in rules}
    rulesets = RulesetGroup(chunks, label=pack.name.replace("-", "_"), rule_ids=rule_ids)
    stack_bounds = [match_stack_bound(chunk) for chunk in filled]
    return CompiledPack(pack, {rule.name: rule for rule in rules}, tuple(sorted(facts)), rulesets, stack_bounds)


def match_stack_bound(groups: list[list[CompiledRule]]) -> int:
    """An upper bound on durable-rules' match stack for one fact asserted into these groups.

    Each `$or` alternative of a rule is a chain of alpha nodes; at worst the first node of
    every alternative matches at once and one chain is then walked to its end. Within a
    group at most one member's alternatives can match (a fact is missing or present).
    """
    width = sum(_group_width(group) for group in groups)
    depth = max((_shape(rule.condition)[1] for group in groups for rule in group), default=0)
    return width + depth


def _group_width(group: list[CompiledRule]) -> int:
    present = sum(_shape(rule.condition)[0] for rule in group if rule.kind != "missing")
    missing = sum(1 for rule in group if rule.kind == "missing")
    return max(present, missing)


def pack_groups(groups: list[list[CompiledRule]], budget: int) -> list[list[list[CompiledRule]]]:
    """Fill rulesets in order, each within the match-stack budget."""
    chunks: list[list[list[CompiledRule]]] = [[]]
    # match_stack_bound of a chunk is the sum of its groups' widths plus its deepest chain:
    # kept as running figures, so filling is linear, not quadratic, in the pack's size.
    width = depth = 0
    for group in groups:
        group_width = _group_width(group)
        group_depth = max((_shape(rule.condition)[1] for rule in group), default=0)
        if chunks[-1] and width + group_width + max(depth, group_depth) > budget:
            chunks.append([])
            width = depth = 0
        chunks[-1].append(group)
        width += group_width
        depth = max(depth, group_depth)
    return chunks


def _too_complex(advice: Advice, weight: int, budget: int) -> Problem:
    return Problem(
        f"the condition expands to {weight} comparisons, more than the engine's limit of {budget}; "
        "split it into several advice rules or use fewer any/not branches",
        file=advice.place.file,
        line=advice.place.line,
        column=advice.place.column,
        rule_id=advice.id,
    )


def _shape(expression: dict[str, Any]) -> tuple[int, int]:
    """(alternatives once `$or` is multiplied out, comparisons in the longest alternative)."""
    (key, value), *_ = expression.items()
    if key == "$or":
        parts = [_shape(item) for item in value]
        return sum(a for a, _ in parts), max(n for _, n in parts)
    if key == "$and":
        parts = [_shape(item) for item in value]
        alternatives = 1
        for a, _ in parts:
            alternatives *= a
        return alternatives, sum(n for _, n in parts)
    return 1, 1
