"""Turning the rules that fired into points: per measure, per pillar, in total."""

from __future__ import annotations

from .firing import Firing
from .model import PILLAR_MAX, Measure, Pack
from .profile import Profile
from .report import CheckResult, MeasureResult


def points(value: float) -> float:
    """Points rounded to hundredths, so sums of halves and tenths stay exact."""
    return round(value + 0.0, 2)


def score_measure(measure: Measure, firing: Firing, profile: Profile) -> MeasureResult:
    """The points one measure earned from what fired."""
    missing = [fact for fact in measure.facts if fact in firing.missing] if firing.missing else []
    if measure.fact is not None:
        index = firing.bands.get(measure.id)
        earned = measure.bands[index].points if index is not None else 0.0
        assessed = not missing
        band = None
        if index is not None:
            band = measure.band_labels[index]
        elif assessed:
            band = measure.bands[0].below(measure.scale)
        return MeasureResult(
            id=measure.id,
            pillar=measure.pillar,
            facts=list(measure.facts),
            value=profile.fact(measure.fact),
            points=points(earned),
            max_points=measure.max_points,
            assessed=assessed,
            missing_facts=missing,
            band=band,
            next_band_points=measure.next_band_points[earned],
        )
    checks = []
    for index, check in enumerate(measure.checks):
        met = (measure.id, index) in firing.checks
        checks.append(
            CheckResult(
                fact=check.fact,
                value=profile.fact(check.fact),
                min=check.min,
                points=check.points if met else 0.0,
                max_points=check.points,
                met=met,
                assessed=check.fact not in firing.missing,
            )
        )
    return MeasureResult(
        id=measure.id,
        pillar=measure.pillar,
        facts=list(measure.facts),
        value={fact: profile.fact(fact) for fact in measure.facts},
        points=points(sum(c.points for c in checks)),
        max_points=measure.max_points,
        assessed=not missing,
        missing_facts=missing,
        checks=checks,
    )


def score_pillars(pack: Pack, firing: Firing, profile: Profile) -> dict[str, list[MeasureResult]]:
    """Measure results grouped by pillar, in pack order."""
    grouped: dict[str, list[MeasureResult]] = {pillar: [] for pillar in pack.pillar_titles}
    for measure in pack.measures:
        grouped[measure.pillar].append(score_measure(measure, firing, profile))
    return grouped


def pillar_score(measures: list[MeasureResult]) -> float:
    """A pillar's score: the sum of its measures, never more than 25."""
    return min(float(PILLAR_MAX), points(sum(m.points for m in measures)))
