"""Turning the rules that fired into points: per measure, per pillar, in total.

Scoring runs for every measure of every profile, so what does not depend on the profile
(a band's points and label, the next band's points) is worked out once per measure.
"""

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
    if measure.fact is not None:
        return _score_bands(measure, firing, profile)
    facts = measure.facts
    missing = [fact for fact in facts if fact in firing.missing] if firing.missing else []
    values = profile.flat
    checked = firing.checks
    met_points = 0.0
    checks = []
    for index, check in enumerate(measure.checks):
        met = (measure.id, index) in checked
        earned = check.points if met else 0.0
        met_points += earned
        assessed = check.fact not in firing.missing
        checks.append(CheckResult(check.fact, values.get(check.fact), check.min, earned, check.points, met, assessed))
    return MeasureResult(
        measure.id, measure.pillar, list(facts), {fact: values.get(fact) for fact in facts},
        round(met_points + 0.0, 2), measure.max_points, not missing, missing, None, None, checks,
    )


# Per banded measure (by id, with the measure kept so the id stays its own): for each band
# its points, label and the next band's points, and the same below the first band.
_BANDS: dict[int, tuple[Measure, tuple[tuple[float, str, float | None], ...], tuple[float, str, float | None]]] = {}


def _band_table(measure: Measure) -> tuple[tuple[tuple[float, str, float | None], ...], tuple[float, str, float | None]]:
    found = _BANDS.get(id(measure))
    if found is None or found[0] is not measure:
        following = measure.next_band_points
        rows = tuple((points(b.points), label, following[b.points]) for b, label in zip(measure.bands, measure.band_labels, strict=True))
        found = _BANDS[id(measure)] = (measure, rows, (0.0, measure.bands[0].below(measure.scale), following[0.0]))
    return found[1], found[2]


def _score_bands(measure: Measure, firing: Firing, profile: Profile) -> MeasureResult:
    fact: str = measure.fact  # type: ignore[assignment]  # a banded measure reads one fact
    assessed = fact not in firing.missing
    index = firing.bands.get(measure.id)
    rows, below = _band_table(measure)
    earned, band, following = rows[index] if index is not None else below
    return MeasureResult(
        measure.id, measure.pillar, [fact], profile.flat.get(fact), earned, measure.max_points,
        assessed, [] if assessed else [fact], band if assessed or index is not None else None, following, [],
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
