"""Why each rule fired or not, for a coach to read to a client.

The decision itself is durable-rules'; this module gathers, per rule, what it read and
decided, and writes each condition with the profile's actual values filled in and whether
each comparison holds, so the reader can follow it. The words around it are the renderer's
(`ssi_advise.reports.explain_text`), in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
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
# The words a condition is written with (`absent`, `is_missing`, `is_given`, `not`, `and`,
# `or`) come from the caller, in the reader's language: reports/explain_text.condition_words.
ConditionWords = Mapping[str, str]


@dataclass
class RuleExplanation:
    """One rule: what it read, what it decided, and for advice how it was ranked (`data`: the
    same as JSON); a measure's rule and result, or an advice and the action it became."""

    id: str
    kind: str  # "measure" or "advice"
    pillar: str
    fired: bool
    data: dict[str, Any] = field(default_factory=dict)
    measure: Measure | None = None
    result: MeasureResult | None = None
    advice: Advice | None = None
    action: Action | None = None


def explain(profile: Profile, compiled: CompiledPack, rule_id: str | None = None, *,
            words: ConditionWords) -> list[RuleExplanation]:
    """Explanations for every rule of the pack (or the one named), in pack order; conditions
    written with `words`."""
    report = evaluate(profile, compiled)
    measures = {m.id: m for p in report.pillars.values() for m in p.measures}
    actions = {a.id: a for a in report.actions if a.kind == "advice"}
    found = []
    for measure in compiled.pack.measures:
        if rule_id in (None, measure.id):
            found.append(_measure(measures[measure.id], measure))
    for advice in compiled.pack.advice:
        if rule_id in (None, advice.id):
            found.append(_advice(advice, profile, actions.get(advice.id), compiled.pack.ignore_case, words))
    return found


def shown_value(value: Any, absent: str) -> str:
    """A fact's value as an explanation shows it (`absent` for a fact not given)."""
    return show(None if value is _ABSENT else value, missing=absent)


def _measure(result: MeasureResult, measure: Measure) -> RuleExplanation:
    data = {"points": result.points, "max_points": result.max_points, "band": result.band, "assessed": result.assessed,
            "why": measure.why or None}
    return RuleExplanation(result.id, "measure", result.pillar, result.points > 0, data, measure=measure, result=result)


def _advice(advice: Advice, profile: Profile, action: Action | None, folded: frozenset[str],
            words: ConditionWords) -> RuleExplanation:
    text, holds = describe(advice.when, profile, folded, words)
    data: dict[str, Any] = {"condition": text, "holds": holds}
    if action is not None:
        data.update({k: getattr(action, k) for k in _RANKING_INPUTS})
    return RuleExplanation(advice.id, "advice", advice.pillar, action is not None, data, advice=advice, action=action)


def describe(condition: Condition, profile: Profile, folded: frozenset[str], words: ConditionWords) -> tuple[str, bool]:
    """The condition with actual values filled in, each part marked ✓ or ✗, and its truth."""
    if isinstance(condition, Compare):
        value = profile.flat.get(condition.fact, _ABSENT)
        holds = _holds(condition, fold(value) if condition.fact in folded else value)
        shown = f"{condition.fact} ({shown_value(value, words['absent'])})"
        if condition.op == "missing":
            text = f"{shown} {words['is_missing']}"
        elif condition.op == "exists":
            text = f"{shown} {words['is_given']}"
        elif condition.op == "in":
            text = f"{shown} in ({', '.join(shown_value(v, words['absent']) for v in condition.value)})"
        else:
            text = f"{shown} {_SYMBOLS[condition.op]} {shown_value(condition.value, words['absent'])}"
        return f"{text} {'✓' if holds else '✗'}", holds
    if isinstance(condition, Not):
        inner, holds = describe(condition.item, profile, folded, words)
        return f"{words['not']} [{inner}]", not holds
    parts = [describe(item, profile, folded, words) for item in condition.items]
    holds = all(h for _, h in parts) if isinstance(condition, All) else any(h for _, h in parts)
    joiner = f" {words['and']} " if isinstance(condition, All) else f" {words['or']} "
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
