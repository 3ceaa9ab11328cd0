"""Turning the rules that fired into points: per measure, per pillar, in total.

Scoring runs for every measure of every profile, so what does not depend on the profile
(a band's points and label, the next band's points) is worked out once per pack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .firing import Firing
from .identity_cache import IdentityCache
from .model import PILLAR_MAX, Measure, Pack


def points(value: float) -> float:
    """Points rounded to hundredths, so sums of halves and tenths stay exact."""
    return round(value + 0.0, 2)


# A check's key among the checks that fired, its fact, its minimum and its points.
CheckRow = tuple[tuple[str, int], str, "float | None", float]
# A band's points, its label and the next band's points; the same below the first band.
BandRow = tuple[float, str, "float | None"]
# What scoring one measure needs that does not depend on the profile, read off the measure
# once (an attribute read costs as much as a tuple's item, and there are 27 measures a
# profile): the measure, its id, pillar, fact (None for one of checks) and most points; for
# a banded one its rows and the row below its first band; its check rows and their facts.
Step = tuple[Measure, str, str, "str | None", float, tuple[BandRow, ...], BandRow, tuple[CheckRow, ...], tuple[str, ...]]
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
        return (*head, (), _NO_BANDS, checks, tuple(c.fact for c in measure.checks))
    following = measure.next_band_points
    rows = tuple((points(b.points), label, following[b.points]) for b, label in zip(measure.bands, measure.band_labels, strict=True))
    return (*head, rows, (0.0, measure.bands[0].below(measure.scale), following[0.0]), checks, ())


# A measure's entry in the report's data (report_build.py), by measure id: a template with
# every key in its place, copied for each report.
Entries = Callable[[str], dict[str, Any]]
# The titles of a measure's checks, by measure id and the checks' facts.
CheckTitles = Callable[[str, tuple[str, ...]], list[Any]]


@dataclass(slots=True)
class Scored:
    """Every measure's entry for one profile: grouped by pillar (the pack's pillars, each with
    its measures in pack order), by measure id in that same order, and those not assessed."""

    pillars: dict[str, list[dict[str, Any]]]
    by_id: dict[str, dict[str, Any]]
    not_assessed: list[dict[str, Any]]


def score_measures(pack: Pack, firing: Firing, values: dict[str, Any], entry: Entries, check_titles: CheckTitles) -> Scored:
    """The points each measure earned from what fired, each as its entry in the report's data
    (a copy of `entry(measure id)` with its results set; `values`: the profile's facts by path)."""
    grouped: dict[str, list[dict[str, Any]]] = {pillar: [] for pillar in pack.pillar_titles}
    by_id: dict[str, dict[str, Any]] = {}
    not_assessed: list[dict[str, Any]] = []
    missing, bands = firing.missing, firing.bands
    # One pass, straight into the entries the report is written from: a batch scores some 27
    # measures a profile, and records made first and copied into entries after cost an
    # eighth of a batch's time (docs/batch.md).
    for measure, measure_id, pillar, fact, most, rows, below, checks, check_facts in _plan(pack):
        data = entry(measure_id).copy()
        data["pillar"] = pillar
        if fact is None:
            _score_checks(data, measure, checks, check_titles(measure_id, check_facts), firing, values)
        else:
            assessed = fact not in missing
            index = bands.get(measure_id)
            earned, band, following = rows[index] if index is not None else below
            data["facts"] = [fact]
            data["value"] = values.get(fact)
            data["points"] = earned
            data["max_points"] = most
            data["assessed"] = assessed
            data["missing_facts"] = [] if assessed else [fact]
            data["band"] = band if assessed or index is not None else None
            data["next_band_points"] = following
            data["checks"] = []
        grouped[pillar].append(data)
        by_id[measure_id] = data
        if not data["assessed"]:
            not_assessed.append(data)
    return Scored(grouped, by_id, not_assessed)


def _score_checks(data: dict[str, Any], measure: Measure, rows: tuple[CheckRow, ...], titles: list[Any], firing: Firing,
                  values: dict[str, Any]) -> None:
    facts = measure.facts
    missing = firing.missing
    checked = firing.checks
    met_points = 0.0
    checks = []
    for (key, fact, minimum, worth), title in zip(rows, titles, strict=True):
        met = key in checked
        if met:
            met_points += worth
        checks.append({"fact": fact, "title": title, "value": values.get(fact), "min": minimum, "points": worth if met else 0.0,
                       "max_points": worth, "met": met, "assessed": fact not in missing})
    absent = [fact for fact in facts if fact in missing] if missing else []
    data["facts"] = list(facts)
    data["value"] = {fact: values.get(fact) for fact in facts}
    data["points"] = round(met_points + 0.0, 2)
    data["max_points"] = measure.max_points
    data["assessed"] = not absent
    data["missing_facts"] = absent
    data["band"] = None
    data["next_band_points"] = None
    data["checks"] = checks


def pillar_score(measures: list[dict[str, Any]]) -> float:
    """A pillar's score: the sum of its measures' points, never more than 25."""
    return min(float(PILLAR_MAX), points(sum([m["points"] for m in measures])))
