"""The entries of a report's action plan: the advice that fired, and a "measure it" step for
every measure that could not be assessed.

An action's entry is mostly the same in every report: its words, kind, pillar, measure and
effort. That part is made once per pack and language, as a template with every key of the
report schema in its place; a report copies it and sets what depends on the profile (the
facts it works on, its expected gain and the weights of its priority). A batch builds some
ten actions a profile.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .firing import Firing
from .identity_cache import IdentityCache
from .model import Pack
from .rank import Weighing, action, expected_gain
from .score import Scored


class ActionWords(Hashable, Protocol):
    """What the action plan asks of a report's words (engine/report_build.py's `Words`)."""

    def action(self, kind: str, action_id: str, measure: str, facts: list[str]) -> dict[str, Any]:
        """An action's entry with its words and every key in its place; copied, never changed."""


# An advice of the pack: its measure's id, the facts it works on, the facts whose checks it
# may gain (None: a banded measure's), whether it aims at the measure's maximum, the
# measure's maximum, and its template.
AdviceStep = tuple[str, tuple[str, ...], "frozenset[str] | None", bool, float, dict[str, Any]]


@dataclass
class _Plan:
    """What building a pack's actions in one language reads: the advice in the pack's order, and
    the "measure it" templates made so far, by measure and the facts it lacks (which its text
    may name)."""

    advice: tuple[AdviceStep, ...]
    measuring: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)


_PLANS: IdentityCache[_Plan] = IdentityCache()


def _template(words_entry: dict[str, Any], pillar: str, measure: str, effort: float, once: float | None) -> dict[str, Any]:
    return dict(words_entry, pillar=pillar, measure=measure, effort_minutes_per_week=effort, rank=0, effort_minutes_once=once,
                alternative_to=None)


def _plan(pack: Pack, words: ActionWords) -> _Plan:
    def make() -> _Plan:
        steps = []
        for advice in pack.advice:
            measure = pack.measure_index[advice.improves]
            facts = tuple(advice.facts or measure.facts)
            relevant = None if measure.fact is not None else frozenset(facts)
            template = _template(words.action("advice", advice.id, measure.id, list(facts)), measure.pillar, measure.id,
                                 advice.effort_minutes_per_week, advice.effort_minutes_once)
            steps.append((measure.id, facts, relevant, advice.aims == "max", measure.max_points, template))
        return _Plan(tuple(steps))

    return _PLANS.get(pack, make, words)


def actions(pack: Pack, firing: Firing, scored: Scored, weights: Weighing, words: ActionWords) -> list[dict[str, Any]]:
    """The entries of the advice that fired, in the pack's order (as a report lists them), then
    a "measure it" step for every measure that could not be assessed; not yet ranked."""
    plan = _plan(pack, words)
    return _advice_actions(plan, pack, firing, scored, weights) + _measure_actions(plan, pack, scored, weights, words)


def _advice_actions(plan: _Plan, pack: Pack, firing: Firing, scored: Scored, weights: Weighing) -> list[dict[str, Any]]:
    steps = plan.advice
    results = scored.by_id
    place = pack.advice_order
    found = []
    for index in sorted([place[advice_id] for advice_id in firing.advice]):
        measure, facts, relevant, aims_max, most, template = steps[index]
        result = results[measure]
        found.append(action(template, list(facts), result, expected_gain(result, relevant, aims_max, most), weights))
    return found


def _measure_actions(plan: _Plan, pack: Pack, scored: Scored, weights: Weighing, words: ActionWords) -> list[dict[str, Any]]:
    # They gain no points.
    measures = pack.measure_index
    found = []
    for result in scored.not_assessed:
        measure = result["id"]
        facts = list(result["missing_facts"])
        key = (measure, *facts)
        template = plan.measuring.get(key)
        if template is None:
            template = plan.measuring[key] = _template(words.action("measure", measure, measure, facts), result["pillar"], measure,
                                                       measures[measure].effort_to_measure_minutes, None)
        found.append(action(template, facts, result, 0.0, weights))
    return found
