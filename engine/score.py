"""Turning the rules that fired into points: per measure, per pillar, in total.

Scoring runs for every measure of every profile, so what does not depend on the profile
(a band's points and label, the next band's points) is worked out once per pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from .firing import Firing
from .identity_cache import IdentityCache
from .model import PILLAR_MAX, Measure, Pack
from .profile import Profile
from .report import CheckResult, MeasureResult


def points(value: float) -> float:
    """Points rounded to hundredths, so sums of halves and tenths stay exact."""
    return round(value + 0.0, 2)


# A check's key among the checks that fired, its fact, its minimum and its points.
CheckRow = tuple[tuple[str, int], str, "float | None", float]


def _score_checks(measure: Measure, rows: tuple[CheckRow, ...], firing: Firing, values: dict[str, object]) -> MeasureResult:
    facts = measure.facts
    missing = firing.missing
    checked = firing.checks
    met_points = 0.0
    checks = []
    for key, fact, minimum, worth in rows:
        met = key in checked
        if met:
            met_points += worth
        checks.append(CheckResult(fact, values.get(fact), minimum, worth if met else 0.0, worth, met, fact not in missing))
    absent = [fact for fact in facts if fact in missing] if missing else []
    return MeasureResult(
        measure.id, measure.pillar, list(facts), {fact: values.get(fact) for fact in facts},
        round(met_points + 0.0, 2), measure.max_points, not absent, absent, None, None, checks,
    )


# A band's points, its label and the next band's points; the same below the first band.
BandRow = tuple[float, str, "float | None"]
# What scoring one measure needs that does not depend on the profile, read off the measure
# once (an attribute read costs as much as a tuple's item, and there are 27 measures a
# profile): the measure, its id, pillar, fact (None for one of checks) and most points; for
# a banded one its rows and the row below its first band; its check rows.
Step = tuple[Measure, str, str, "str | None", float, tuple[BandRow, ...], BandRow, tuple[CheckRow, ...]]
# Scoring runs for every measure of every profile: its steps are worked out once per pack.
_PLANS: IdentityCache[tuple[Step, ...]] = IdentityCache()
_NO_BANDS: BandRow = (0.0, "", None)


def _plan(pack: Pack) -> tuple[Step, ...]:
    return _PLANS.get(pack, lambda: _steps(pack))


def _steps(pack: Pack) -> tuple[Step, ...]:
    # In the order of the pack's pillars, each pillar's measures in pack order: the order a
    # report lists them, so one pass over the plan files every result where it belongs.
    place = {pillar: index for index, pillar in enumerate(pack.pillar_titles)}
    return tuple(_step(measure) for measure in sorted(pack.measures, key=lambda measure: place[measure.pillar]))


def _step(measure: Measure) -> Step:
    checks = tuple(((measure.id, index), c.fact, c.min, c.points) for index, c in enumerate(measure.checks))
    head = (measure, measure.id, measure.pillar, measure.fact, measure.max_points)
    if measure.fact is None:
        return (*head, (), _NO_BANDS, checks)
    following = measure.next_band_points
    rows = tuple((points(b.points), label, following[b.points]) for b, label in zip(measure.bands, measure.band_labels, strict=True))
    return (*head, rows, (0.0, measure.bands[0].below(measure.scale), following[0.0]), checks)


@dataclass(slots=True)
class Scores:
    """Every measure's result for one profile: grouped by pillar (the pack's pillars, each with
    its measures in pack order), by measure id in that same order, and those not assessed."""

    pillars: dict[str, list[MeasureResult]]
    by_id: dict[str, MeasureResult]
    not_assessed: list[MeasureResult]


def score_measures(pack: Pack, firing: Firing, profile: Profile) -> Scores:
    """The points each measure earned from what fired."""
    grouped: dict[str, list[MeasureResult]] = {pillar: [] for pillar in pack.pillar_titles}
    by_id: dict[str, MeasureResult] = {}
    not_assessed: list[MeasureResult] = []
    values = profile.flat
    missing, bands = firing.missing, firing.bands
    for measure, measure_id, pillar, fact, most, rows, below, checks in _plan(pack):
        if fact is None:
            result = _score_checks(measure, checks, firing, values)
        else:
            assessed = fact not in missing
            index = bands.get(measure_id)
            earned, band, following = rows[index] if index is not None else below
            result = MeasureResult(
                measure_id, pillar, [fact], values.get(fact), earned, most,
                assessed, [] if assessed else [fact], band if assessed or index is not None else None, following, [],
            )
        grouped[pillar].append(result)
        by_id[measure_id] = result
        if not result.assessed:
            not_assessed.append(result)
    return Scores(grouped, by_id, not_assessed)


def pillar_score(measures: list[MeasureResult]) -> float:
    """A pillar's score: the sum of its measures, never more than 25."""
    return min(float(PILLAR_MAX), points(sum([m.points for m in measures])))
