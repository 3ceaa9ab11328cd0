"""A pack's compiled rules, and filling them into durable-rules rulesets within the match-stack budget.

durable-rules' match stack holds 64 alpha nodes and overflows silently (engine_limits): every
rule is weighed (its first nodes and the peak of its walk) and rules are filled into rulesets
in the compiler's order, none past the budget. The engine asserts a fact into every ruleset
separately, so their stacks never add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .durable_driver import OWN_PREFIX
from .engine_limits import Node, StackBudget, first_nodes, walk_peaks

RuleKind = Literal["band", "check", "missing", "advice"]


@dataclass(frozen=True)
class CompiledRule:
    """One durable-rules rule and what its firing means."""

    name: str
    kind: RuleKind
    ref: str  # measure id, advice id, or fact path for "missing"
    index: int = 0  # band or check index within the measure
    condition: dict[str, Any] = field(default_factory=dict, compare=False)


def anchor_name(rule_name: str) -> str:
    """The property of a rule's anchor (compiler.anchor): the project's own, which no fact has."""
    return f"{OWN_PREFIX}anchor_{rule_name}"


def weight(rule: CompiledRule) -> tuple[list[Node], int]:
    """(first nodes, walk peak) of a rule, for a ruleset's StackBudget.

    An advice rule is anchored: its one first node is its anchor, and its walk starts there.
    Bands, checks and "missing" rules are chains of one or two comparisons and are not: a
    node durable-rules shares between them pushes the children of both, which the sibling
    it saves pays for, and a fact's "missing" rule and the rules needing it present exclude
    each other only when their first nodes are siblings.
    """
    if rule.kind == "advice":
        return [(anchor_name(rule.name), True)], walk_peaks(rule.condition)[0]
    return first_nodes(rule.condition), walk_peaks(rule.condition)[1]


def match_stack_bound(rules: list[CompiledRule]) -> int:
    """A sound upper bound on durable-rules' match stack for one fact asserted into a ruleset
    holding these rules; the reasoning is in engine_limits (StackBudget and _Network.peaks)."""
    budget = StackBudget()
    for rule in rules:
        budget.add(*weight(rule))
    return budget.bound


def fill_rulesets(rules: list[CompiledRule], budget: int) -> tuple[list[list[CompiledRule]], list[int]]:
    """Fill rulesets in order, each within the match-stack budget; the rulesets and their bounds.

    Many bands or checks on one fact all match one value at once; they simply go on into the
    next ruleset, since each ruleset matches the fact with a stack of its own.

    Filled greedily, the last ruleset would hold what is left (the default pack: 56, 56, 56
    and 7). The rulesets are as many as that, but filled as evenly as their number allows: a
    fact's walk through a ruleset's first nodes grows faster than the ruleset (durable-rules
    files a node's children under 32 starting places of its table), and the engine step of
    the default pack is some 7% cheaper at 44, 44, 44 and 42.
    """
    weights = [weight(rule) for rule in rules]
    chunks, bounds = _filled(rules, weights, budget)
    if len(chunks) == 1:
        return chunks, bounds
    # The smallest budget that needs no more rulesets, tried upwards from one it cannot be
    # below: the rulesets' widths add up to at least the width of all rules together, and each
    # is within the budget. Fewer rulesets never need a smaller budget (a ruleset's bound only
    # grows as rules are added), so the first budget that does is the one; it is seldom more
    # than one or two above the start, and a fill is cheap beside a ruleset's registration.
    together = StackBudget()
    for first, peak in weights:
        together.add(first, peak)
    for smaller in range(max(1, -(-together.width // len(chunks))), budget):
        found = _filled(rules, weights, smaller)
        if len(found[0]) <= len(chunks):
            return found
    return chunks, bounds


def _filled(rules: list[CompiledRule], weights: list[tuple[list[Node], int]], budget: int) -> tuple[list[list[CompiledRule]], list[int]]:
    chunks: list[list[CompiledRule]] = [[]]
    stacks = [StackBudget()]
    for rule, (first, peak) in zip(rules, weights, strict=True):
        if chunks[-1] and stacks[-1].bound_with(first, peak) > budget:
            chunks.append([])
            stacks.append(StackBudget())
        chunks[-1].append(rule)
        stacks[-1].add(first, peak)
    return chunks, [stack.bound for stack in stacks]
