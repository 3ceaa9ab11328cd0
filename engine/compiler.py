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
from .pack import Advice, Pack
from .problems import InputError, Problem

# Alpha nodes per ruleset: 64 in durable-rules, less the discriminator and a safety margin.
NODE_BUDGET = 60
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
    missing_added: set[str] = set()

    def add(kind: RuleKind, ref: str, condition: dict[str, Any], index: int = 0) -> None:
        rules.append(CompiledRule(f"r{next(counter)}", kind, ref, index, condition))

    def missing_rule(fact: str) -> None:
        if fact not in missing_added:
            missing_added.add(fact)
            add("missing", fact, {"$nex": {engine_name(fact): 1}})

    for measure in pack.measures:
        if measure.fact is not None:
            missing_rule(measure.fact)
            name = engine_name(measure.fact)
            for index, band in enumerate(measure.bands):
                bounds: list[dict[str, Any]] = [{"$gte": {name: band.min}}]
                if index + 1 < len(measure.bands):
                    bounds.append({"$lt": {name: measure.bands[index + 1].min}})
                add("band", measure.id, bounds[0] if len(bounds) == 1 else {"$and": bounds}, index)
        for index, check in enumerate(measure.checks):
            missing_rule(check.fact)
            name = engine_name(check.fact)
            add("check", measure.id, {name: True} if check.min is None else {"$gte": {name: check.min}}, index)

    facts = {fact for measure in pack.measures for fact in measure.facts}
    too_complex: list[Problem] = []
    for advice in pack.advice:
        condition = compile_condition(advice.when)
        if node_weight(condition) > node_budget:
            too_complex.append(_too_complex(advice, node_weight(condition), node_budget))
        add("advice", advice.id, condition)
        facts.update(fact_path(name) for name in properties_of(condition))
    if too_complex:
        raise InputError(too_complex)

    chunks: list[dict[str, dict[str, Any]]] = [{}]
    used = 0
    for rule in rules:
        weight = node_weight(rule.condition)
        if used + weight > node_budget and chunks[-1]:
            chunks.append({})
            used = 0
        chunks[-1][rule.name] = _rule(rule.condition)
        used += weight
    group = RulesetGroup(chunks, label=pack.name.replace("-", "_"))
    return CompiledPack(pack, {rule.name: rule for rule in rules}, tuple(sorted(facts)), group)


def _too_complex(advice: Advice, weight: int, budget: int) -> Problem:
    return Problem(
        f"the condition expands to {weight} comparisons, more than the engine's limit of {budget}; "
        "split it into several advice rules or use fewer any/not branches",
        file=advice.place.file,
        line=advice.place.line,
        column=advice.place.column,
        rule_id=advice.id,
    )


def node_weight(expression: dict[str, Any]) -> int:
    """Alpha nodes a durable-rules expression can create: comparisons after `$or` expansion."""
    return _dnf(expression)[1]


def _dnf(expression: dict[str, Any]) -> tuple[int, int]:
    """(number of alternatives, total comparisons over them) once `$or` is multiplied out."""
    (key, value), *_ = expression.items()
    if key == "$or":
        parts = [_dnf(item) for item in value]
        return sum(d for d, _ in parts), sum(n for _, n in parts)
    if key == "$and":
        alternatives, comparisons = 1, 0
        for d, n in (_dnf(item) for item in value):
            comparisons = comparisons * d + n * alternatives
            alternatives *= d
        return alternatives, comparisons
    return 1, 1
