"""Compiling a pack into durable-rules rulesets.

Every decision the engine makes is a durable-rules rule: one per score band, one per check,
one per fact that may be missing, one per advice (or a few, when its condition is an `any`
too large for one). Each rule's condition starts with the discriminator, so no rule can ever
match the engine's own state fact (a rule on a missing fact alone would otherwise re-fire
forever).

durable-rules' fixed limits do not fail safely (see engine_limits): its match stack of 64
nodes, the times one rule fires for one fact, and 31 expression slots per rule. Rules are
weighed against them and filled into rulesets within a budget below the stack's 64; the
engine asserts a fact into every ruleset separately, so rulesets never add up. A condition
that cannot be made to fit is a pack error naming its rule and place.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from .durable_driver import DISCRIMINATOR, RulesetGroup
from .property_aliases import properties_of
from .engine_limits import expression_slots, matching_paths, walk_peaks
from .expressions import compile_condition, engine_name, fact_path, joined
from .model import Advice, Measure, Pack, Place
from .problems import EngineError, InputError, Problem
from .rulesets import CompiledRule, RuleKind, anchor_name, fill_rulesets

# durable-rules' match stack holds 64 alpha nodes; keep a margin below it.
NODE_BUDGET = 56
# The times one advice rule may fire for one fact: each matching `any` alternative walks the
# rest of the condition again and fires the rule again.
PATH_BUDGET = 56
# durable-rules fails a rule when its 32nd expression slot is taken, so 31 are usable.
EXPRESSION_SLOTS = 31
# The most measures and advice one pack may hold: 10,000 that all fire take about 4 s and
# 415 MB (bench/bench_pack_size.py); past that, time and memory grow without use.
MAX_RULES = 10_000
__all__ = ["CompiledPack", "CompiledRule", "check_compiles", "compile_condition", "compile_pack", "engine_name", "fact_path"]


@dataclass
class CompiledPack:
    """A pack ready to evaluate: its rules by name and the registered rulesets."""

    pack: Pack
    rules: dict[str, CompiledRule]
    facts: tuple[str, ...]  # dotted paths of every fact a rule reads
    group: RulesetGroup
    stack_bounds: list[int] = field(default_factory=list)  # worst-case match stack per ruleset

    def close(self) -> None:
        self.group.close()


def anchor(rule_name: str) -> dict[str, Any]:
    """A first node of the rule's own: a `$nex` on a property no fact has, so it always matches.

    durable-rules shares identical nodes between rules; below an anchor nothing is shared, so
    the rule's walk can be weighed on its own (engine_limits.StackBudget).
    """
    return {"$nex": {anchor_name(rule_name): 1}}


def engine_expression(condition: dict[str, Any], anchored_as: str | None = None) -> dict[str, Any]:
    """The whole expression of a rule: the discriminator first (then its anchor), then the condition."""
    return joined("$and", [DISCRIMINATOR, *([anchor(anchored_as)] if anchored_as else []), condition], distinct=True)


def _rule(rule: CompiledRule) -> dict[str, Any]:
    return {"all": [{"m": engine_expression(rule.condition, rule.name if rule.kind == "advice" else None)}]}


class _Compiler:
    """Turns a pack into engine rules, in an order that keeps a fact's rules together."""

    def __init__(self, pack: Pack, node_budget: int) -> None:
        self.pack = pack
        self.budget = node_budget
        self.rules: list[CompiledRule] = []
        self.groups: list[list[CompiledRule]] = []
        self.by_fact: dict[str, list[CompiledRule]] = {}
        self.problems: list[Problem] = []

    def add(self, kind: RuleKind, ref: str, condition: dict[str, Any], index: int = 0) -> CompiledRule:
        rule = CompiledRule(f"r{len(self.rules)}", kind, ref, index, condition)
        self.rules.append(rule)
        return rule

    def fact_group(self, fact: str) -> list[CompiledRule]:
        if fact not in self.by_fact:
            # Interned, as a profile's fact paths are (profile.py): scoring looks them up per profile.
            self.by_fact[fact] = [self.add("missing", sys.intern(fact), {"$nex": {engine_name(fact): 1}})]
            self.groups.append(self.by_fact[fact])
        return self.by_fact[fact]

    def measures(self) -> None:
        for measure in self.pack.measures:
            if measure.fact is not None:
                group = self.fact_group(measure.fact)
                name = engine_name(measure.fact)
                for index, band in enumerate(measure.bands):
                    bounds: list[dict[str, Any]] = [{"$gte": {name: band.min}}]
                    if index + 1 < len(measure.bands):
                        bounds.append({"$lt": {name: measure.bands[index + 1].min}})
                    group.append(self.add("band", measure.id, joined("$and", bounds, distinct=True), index))
            for index, check in enumerate(measure.checks):
                name = engine_name(check.fact)
                condition = {name: True} if check.min is None else {"$gte": {name: check.min}}
                self.fact_group(check.fact).append(self.add("check", measure.id, condition, index))

    def advice(self, advice: Advice) -> None:
        """One rule per advice, or several when its condition is an `any` too large for one."""
        condition = compile_condition(advice.when)
        alternatives = condition.get("$or", [condition])
        pieces: list[list[dict[str, Any]]] = []
        for alternative in alternatives:
            problem = self._too_large(advice, alternative)
            if problem is not None:
                # An `any` only splits between its alternatives; say what is wrong with the whole.
                self.problems.append(self._too_large(advice, condition) or problem)
                return
            if pieces and self._too_large(advice, joined("$or", [*pieces[-1], alternative])) is None:
                pieces[-1].append(alternative)
            else:
                pieces.append([alternative])
        for piece in pieces:
            self.groups.append([self.add("advice", advice.id, joined("$or", piece))])

    def _too_large(self, advice: Advice, condition: dict[str, Any]) -> Problem | None:
        paths = matching_paths(condition)
        if paths > PATH_BUDGET:
            return _placed(
                advice.place, advice.id,
                f"the condition can hold for one profile in {paths} ways (every any multiplies them), more than the engine's "
                f"limit of {PATH_BUDGET}; split it into several advice rules or use fewer any/not branches",
            )
        peak = walk_peaks(condition)[0]
        if peak > self.budget:
            return _placed(
                advice.place, advice.id,
                f"the condition has {peak} comparisons waiting at once, more than the engine's limit of {self.budget}; "
                "split it into several advice rules or use fewer any branches side by side",
            )
        slots = expression_slots(engine_expression(condition, "r"))
        if slots > EXPRESSION_SLOTS:
            return _placed(
                advice.place, advice.id,
                f"the condition needs {slots} expression slots, more than the engine's limit of {EXPRESSION_SLOTS} per rule "
                "(every all or any, and every not of a comparison, takes 2); split it into several advice rules or nest fewer groups",
            )
        return None


def _placed(place: Place, rule_id: str, message: str) -> Problem:
    return Problem(message, file=place.file, line=place.line, column=place.column, rule_id=rule_id)


def compile_pack(pack: Pack, node_budget: int = NODE_BUDGET) -> CompiledPack:
    """Compile and register a pack's rules in durable-rules; InputError if a rule cannot fit."""
    every: list[Measure | Advice] = [*pack.measures, *pack.advice]
    if len(every) > MAX_RULES:
        first = every[MAX_RULES]
        message = f"the pack has {len(every):,} rules (measures and advice), more than the limit of {MAX_RULES:,}"
        raise InputError([_placed(first.place, first.id, message)])
    compiler = _Compiler(pack, node_budget)
    compiler.measures()
    for advice in pack.advice:
        compiler.advice(advice)
    if compiler.problems:
        raise InputError(compiler.problems)
    rules = compiler.rules
    filled, stack_bounds = fill_rulesets([rule for group in near_their_facts(compiler.groups) for rule in group], node_budget)
    chunks = [{rule.name: _rule(rule) for rule in chunk} for chunk in filled]
    rule_ids = {rule.name: rule.ref if rule.kind != "missing" else f"missing {rule.ref}" for rule in rules}
    facts = {fact for measure in pack.measures for fact in measure.facts}
    facts.update(fact_path(name) for rule in rules for name in properties_of(rule.condition))
    # Profiles are handed to the engine by fact path (firing.engine_fact).
    keys = {engine_name(fact): fact for fact in facts}
    try:
        rulesets = RulesetGroup(chunks, label=pack.name.replace("-", "_"), rule_ids=rule_ids, keys=keys)
    except EngineError as error:
        raise InputError(_refused(pack, rules, error)) from None
    return CompiledPack(pack, {rule.name: rule for rule in rules}, tuple(sorted(facts)), rulesets, stack_bounds)


def _refused(pack: Pack, rules: list[CompiledRule], error: EngineError) -> list[Problem]:
    """Place a ruleset durable-rules refused: try each rule on its own to find the ones at fault."""
    places = {measure.id: measure.place for measure in pack.measures} | {advice.id: advice.place for advice in pack.advice}
    owners = {measure.fact: measure.id for measure in pack.measures if measure.fact is not None}
    owners.update({check.fact: measure.id for measure in pack.measures for check in measure.checks if check.fact not in owners})
    problems: list[Problem] = []
    for rule in rules:
        try:
            RulesetGroup([{rule.name: _rule(rule)}], label="probe").close()
        except EngineError as alone:
            rule_id = owners[rule.ref] if rule.kind == "missing" else rule.ref
            problems.append(_placed(places[rule_id], rule_id, f"the engine refuses this rule: {alone.args[0]}"))
    if not problems:
        problems.append(Problem(f"the engine refuses the compiled pack: {error.args[0]}", file=pack.root))
    return list(dict.fromkeys(problems))


def check_compiles(pack: Pack, node_budget: int = NODE_BUDGET) -> list[Problem]:
    """Every reason the engine would refuse a loaded pack, found by compiling it and registering
    it in durable-rules without evaluating a profile; the rulesets are closed again."""
    try:
        compile_pack(pack, node_budget).close()
    except InputError as error:
        return list(error.problems)
    return []


def near_their_facts(groups: list[list[CompiledRule]]) -> list[list[CompiledRule]]:
    """The groups in the order rulesets are filled: each advice rule right after the rules of
    the last fact it reads (rules of a fact come in a group led by its "missing" rule).

    A ruleset is sent every property its rules read, and parsing them is most of the cost of
    an assert: with the advice at the end, one ruleset read every fact of the pack (measured
    on the default pack: 80 properties sent a profile across its four rulesets, 57 this way, the
    engine step some 9% faster). Which ruleset a rule is in changes nothing of what fires.
    """
    home = {group[0].ref: index for index, group in enumerate(groups) if group[0].kind == "missing"}

    def place(index: int) -> tuple[int, int]:
        group = groups[index]
        if group[0].kind != "advice":
            return index, 0
        read = [home.get(fact_path(name), len(groups)) for rule in group for name in properties_of(rule.condition)]
        return max(read, default=len(groups)), 1

    return [groups[index] for index in sorted(range(len(groups)), key=place)]
