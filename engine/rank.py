"""Ranking the action plan: expected gain, weighed by how far the pillar is behind, per hour.

    pillar_weight = 1 + (25 - reference) / 25         (1 for a full pillar, 2 for an empty one)
    priority      = expected_gain * pillar_weight * 60 / effort_minutes_per_week

`reference` is the pillar's score on the member's own SSI page when the profile gives it,
otherwise the estimate. Ties are broken by expected gain (higher first), effort (lower
first) and id, so the order is always the same. See docs/ranking.md.
"""

from __future__ import annotations

from typing import Any

from .model import PILLAR_MAX
from .rounding import hundredths, ten_thousandths, thousandths


def pillar_weight(reference: float) -> float:
    """How much an action in a pillar at `reference` points counts: 1.0 (full) to 2.0 (empty)."""
    clamped = min(max(reference, 0.0), float(PILLAR_MAX))
    return ten_thousandths(1 + (PILLAR_MAX - clamped) / PILLAR_MAX)


def priority(expected_gain: float, weight: float, effort_minutes: float) -> float:
    """Weighted points gained per hour of effort a week."""
    return thousandths(expected_gain * weight * 60 / effort_minutes)


def expected_gain(result: dict[str, Any], relevant: frozenset[str] | None, aims_max: bool, most: float) -> float:
    """Points an advice is expected to add to its measure (`result`: the measure's entry): up to
    the next band, or the maximum (`aims_max`, `most`); for a measure of checks, the points of
    the checks on the facts it works on (`relevant`) not yet met."""
    if relevant is not None:
        return hundredths(sum(c["max_points"] for c in result["checks"] if c["fact"] in relevant and not c["met"]))
    current = result["points"]
    if aims_max:
        return hundredths(most - current)
    # The scoring step already looked up the next band that earns more.
    following = result["next_band_points"]
    return hundredths(following - current) if following is not None else 0.0


# Per pillar: the reference score, whether it is the real one, and the weight it gives.
Weighing = dict[str, tuple[float, bool, float]]


def weighing(estimates: dict[str, float], real: dict[str, float]) -> Weighing:
    """Every pillar's reference and weight, worked out once per report, not per action."""
    found: Weighing = {}
    for pillar, estimate in estimates.items():
        # The score on the member's own SSI page when the profile gives it, else the estimate.
        reference, is_real = (float(real[pillar]), True) if pillar in real else (estimate, False)
        found[pillar] = (reference, is_real, pillar_weight(reference))
    return found


def action(template: dict[str, Any], facts: list[str], result: dict[str, Any], gain: float, weights: Weighing) -> dict[str, Any]:
    """An action's entry: a copy of `template` (its words, kind, pillar, measure and effort, every
    key in its place) with the facts it works on and every input of its priority (`result`: its
    measure's entry; `weights`: worked out once per report). Its rank is set by `order`."""
    reference, is_real, weight = weights[template["pillar"]]
    data = template.copy()
    data["facts"] = facts
    data["expected_gain"] = gain
    data["pillar_reference"] = reference
    data["pillar_reference_is_real"] = is_real
    data["pillar_weight"] = weight
    data["priority"] = priority(gain, weight, template["effort_minutes_per_week"])
    data["points_at_stake"] = result["max_points"] - result["points"]
    return data


def _key(item: dict[str, Any]) -> tuple[float, float, float, float, str]:
    # "Measure it" steps gain nothing yet; the one with more points at stake comes first.
    return (-item["priority"], -item["expected_gain"], -item["points_at_stake"], item["effort_minutes_per_week"], item["id"])


def order(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan: one action per goal leads, in priority order; the other actions for the same goal
    follow their leader as alternatives. A goal is a measure and the facts an action works on, so
    two ways to gain connections are alternatives, while a headline and an About section (two
    checks of one measure) are not. Ranks are numbered from 1 in that order."""
    leaders: dict[tuple[str, ...], dict[str, Any]] = {}
    followers: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in sorted(actions, key=_key):
        facts = item["facts"]
        goal = (item["measure"], *(sorted(facts) if len(facts) > 1 else facts))
        leader = leaders.get(goal)
        if leader is None:
            leaders[goal] = item
            followers[goal] = []
        else:
            item["alternative_to"] = leader["id"]
            followers[goal].append(item)
    ordered = [item for goal, leader in leaders.items() for item in (leader, *followers[goal])]
    for index, item in enumerate(ordered, start=1):
        item["rank"] = index
    return ordered
