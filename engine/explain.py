"""Why each rule fired or not, in words a coach can read to a client.

The decision itself is durable-rules'; this module shows each comparison with the
profile's actual value filled in and whether it holds, so the reader can follow it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compiler import CompiledPack
from .conditions import All, Compare, Condition, Not
from .custom_facts import fold
from .evaluate import evaluate
from .profile import Profile
from .model import Advice, Measure
from .report import Action, MeasureResult
from .schemas import show

_SYMBOLS = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "eq": "=", "ne": "≠"}
_ABSENT = object()
_RANKING_INPUTS = ("expected_gain", "pillar_weight", "pillar_reference", "effort_minutes_per_week", "priority", "rank")


@dataclass
class RuleExplanation:
    """One rule: what it read, what it decided, and for advice how it was ranked."""

    id: str
    kind: str  # "measure" or "advice"
    pillar: str
    fired: bool
    lines: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def explain(profile: Profile, compiled: CompiledPack, rule_id: str | None = None) -> list[RuleExplanation]:
    """Explanations for every rule of the pack (or the one named), in pack order."""
    report = evaluate(profile, compiled)
    measures = {m.id: m for p in report.pillars.values() for m in p.measures}
    actions = {a.id: a for a in report.actions if a.kind == "advice"}
    found = []
    for measure in compiled.pack.measures:
        if rule_id in (None, measure.id):
            found.append(_measure(measures[measure.id], measure))
    for advice in compiled.pack.advice:
        if rule_id in (None, advice.id):
            found.append(_advice(advice, profile, actions.get(advice.id), compiled.pack.ignore_case))
    return found


def _value(value: Any) -> str:
    return show(None if value is _ABSENT else value, missing="missing")


def _measure(result: MeasureResult, measure: Measure) -> RuleExplanation:
    lines = []
    if measure.fact is not None:
        value = _value(result.value)
        reached = f"band {result.band}" if result.band else "no band"
        lines.append(f"{measure.fact} = {value} → {reached}: {result.points:g} of {result.max_points:g} points")
        lines.append("bands: " + " · ".join(f"{b.min:g}+ {b.points:g}" for b in measure.bands))
    else:
        for check in result.checks:
            need = "true" if check.min is None else f"≥ {check.min:g}"
            mark = "✓" if check.met else "✗"
            lines.append(f"{mark} {check.fact} = {_value(check.value)} (needs {need}): {check.points:g} of {check.max_points:g}")
        lines.append(f"total {result.points:g} of {result.max_points:g} points")
    if not result.assessed:
        lines.append(f"not assessed: {', '.join(result.missing_facts)} missing")
    if measure.why:
        lines.append(f"why: {' '.join(measure.why.split())}")
    data = {"points": result.points, "max_points": result.max_points, "band": result.band, "assessed": result.assessed,
            "why": measure.why or None}
    return RuleExplanation(result.id, "measure", result.pillar, result.points > 0, lines, data)


def _advice(advice: Advice, profile: Profile, action: Action | None, folded: frozenset[str]) -> RuleExplanation:
    text, holds = describe(advice.when, profile, folded)
    fired = action is not None
    lines = [f"improves {advice.improves}", f"when {text}  →  {'holds' if holds else 'does not hold'}"]
    data: dict[str, Any] = {"condition": text, "holds": holds}
    if action is not None:
        lines.append(
            f"gain +{action.expected_gain:g} × pillar weight {action.pillar_weight:g} "
            f"(pillar at {action.pillar_reference:g}{', from your SSI page' if action.pillar_reference_is_real else ''})"
            f" × 60 / {action.effort_minutes_per_week:g} min = priority {action.priority:g}, rank {action.rank}"
        )
        data.update({k: getattr(action, k) for k in _RANKING_INPUTS})
    return RuleExplanation(advice.id, "advice", advice.pillar, fired, lines, data)


def describe(condition: Condition, profile: Profile, folded: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """The condition with actual values filled in, each part marked ✓ or ✗, and its truth."""
    if isinstance(condition, Compare):
        value = profile.flat.get(condition.fact, _ABSENT)
        holds = _holds(condition, fold(value) if condition.fact in folded else value)
        shown = f"{condition.fact} ({_value(value)})"
        if condition.op == "missing":
            text = f"{shown} is missing"
        elif condition.op == "exists":
            text = f"{shown} is given"
        elif condition.op == "in":
            text = f"{shown} in ({', '.join(_value(v) for v in condition.value)})"
        else:
            text = f"{shown} {_SYMBOLS[condition.op]} {_value(condition.value)}"
        return f"{text} {'✓' if holds else '✗'}", holds
    if isinstance(condition, Not):
        inner, holds = describe(condition.item, profile, folded)
        return f"not [{inner}]", not holds
    parts = [describe(item, profile, folded) for item in condition.items]
    holds = all(h for _, h in parts) if isinstance(condition, All) else any(h for _, h in parts)
    joiner = " and " if isinstance(condition, All) else " or "
    return "(" + joiner.join(t for t, _ in parts) + ")", holds


def _holds(compare: Compare, value: Any) -> bool:
    """Plain logic: a comparison on a missing fact is false."""
    if compare.op == "missing":
        return value is _ABSENT
    if compare.op == "exists":
        return value is not _ABSENT
    if value is _ABSENT:
        return False
    target = compare.value
    if compare.op == "in":
        return value in target
    return {
        "lt": lambda: value < target,
        "lte": lambda: value <= target,
        "gt": lambda: value > target,
        "gte": lambda: value >= target,
        "eq": lambda: value == target,
        "ne": lambda: value != target,
    }[compare.op]()
