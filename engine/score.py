"""Turning the rules that fired into points: per measure, per pillar, in total.

Scoring runs for every measure of every profile, so everything that does not depend on the
profile is worked out once per pack and language: each outcome a measure can have (a band
reached, below the first band, not assessed; a check met or not, assessed or not) as its
entry in the report's data, every key in its place, waiting only for the profile's values.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from .firing import Firing
from .identity_cache import IdentityCache
from .model import PILLAR_MAX, Measure, Pack
from .rounding import hundredths


def points(value: float) -> float:
    """Points rounded to hundredths, so sums of halves and tenths stay exact."""
    return hundredths(value + 0.0)


class EntryWords(Hashable, Protocol):
    """What scoring asks of a report's words (engine/report_build.py's `Words`)."""

    def entry(self, measure: str) -> dict[str, Any]:
        """A measure's entry with its words and every key in its place; copied, never changed."""

    def check_titles(self, measure: str, facts: tuple[str, ...]) -> list[Any]:
        """The titles of a measure's checks, in order."""


# A check: its key among the checks that fired, its fact, its points, and its entry per
# (met, assessed).
CheckRow = tuple[tuple[str, int], str, float, dict[tuple[bool, bool], dict[str, Any]]]
# A measure's id, pillar, fact (None for one of checks) and facts, then three by its kind.
# Banded: its entry per band reached (by the band's index), below the first band, and not
# assessed. Of checks: its entry, its check rows, None.
Step = tuple[str, str, "str | None", tuple[str, ...], Any, Any, Any]
# In the order of the pack's pillars, each pillar's measures in pack order: the order a
# report lists them, so one pass files every entry where it belongs.
Plan = tuple[Step, ...]
_PLANS: IdentityCache[Plan] = IdentityCache()


def _plan(pack: Pack, words: EntryWords) -> Plan:
    return _PLANS.get(pack, lambda: _steps(pack, words), words)


def _steps(pack: Pack, words: EntryWords) -> Plan:
    place = {pillar: index for index, pillar in enumerate(pack.pillar_titles)}
    ordered = sorted(pack.measures, key=lambda measure: place[measure.pillar])
    return tuple(_banded(m, m.fact, words) if m.fact is not None else _checked(m, words) for m in ordered)


def _banded(measure: Measure, fact: str, words: EntryWords) -> Step:
    base = dict(words.entry(measure.id), pillar=measure.pillar, max_points=measure.max_points)
    following = measure.next_band_points
    reached = tuple(
        dict(base, points=points(band.points), assessed=True, band=label, next_band_points=following[band.points])
        for band, label in zip(measure.bands, measure.band_labels, strict=True)
    )
    below = dict(base, points=0.0, assessed=True, band=measure.bands[0].below(measure.scale), next_band_points=following[0.0])
    absent = dict(below, assessed=False, band=None)
    return (measure.id, measure.pillar, sys.intern(fact), (), reached, below, absent)


def _checked(measure: Measure, words: EntryWords) -> Step:
    facts = tuple(c.fact for c in measure.checks)
    rows = tuple(
        ((measure.id, index), sys.intern(check.fact), check.points, {
            (met, assessed): {"fact": check.fact, "title": title, "value": None, "min": check.min,
                              "points": check.points if met else 0.0, "max_points": check.points, "met": met, "assessed": assessed}
            for met in (True, False) for assessed in (True, False)})
        for index, (check, title) in enumerate(zip(measure.checks, words.check_titles(measure.id, facts), strict=True))
    )
    base = dict(words.entry(measure.id), pillar=measure.pillar, max_points=measure.max_points, band=None, next_band_points=None)
    return (measure.id, measure.pillar, None, tuple(sys.intern(fact) for fact in measure.facts), base, rows, None)


@dataclass(slots=True)
class Scored:
    """Every measure's entry for one profile: grouped by pillar (the pack's pillars, each with
    its measures in pack order), by measure id in that same order, and those not assessed."""

    pillars: dict[str, list[dict[str, Any]]]
    by_id: dict[str, dict[str, Any]]
    not_assessed: list[dict[str, Any]]


def score_measures(pack: Pack, firing: Firing, values: dict[str, Any], words: EntryWords) -> Scored:
    """The points each measure earned from what fired, each as its entry in the report's data
    (a copy of `words.entry(measure id)` with its results set; `values`: the profile's facts by path)."""
    grouped: dict[str, list[dict[str, Any]]] = {pillar: [] for pillar in pack.pillar_titles}
    by_id: dict[str, dict[str, Any]] = {}
    not_assessed: list[dict[str, Any]] = []
    missing, bands, checked = firing.missing, firing.bands, firing.checks
    # One pass, straight into copies of the entries the report is written from: a batch scores
    # some 27 measures a profile, and records made first and copied into entries after cost
    # an eighth of a batch's time (docs/batch.md).
    for measure_id, pillar, fact, facts, first, second, third in _plan(pack, words):
        if fact is not None:
            reached, below, absent = first, second, third
            assessed = fact not in missing
            index = bands.get(measure_id)
            if index is not None:
                data = reached[index].copy()
                if not assessed:
                    data["assessed"] = False
            else:
                data = (below if assessed else absent).copy()
            data["facts"] = [fact]
            data["value"] = values.get(fact)
            data["missing_facts"] = [] if assessed else [fact]
            data["checks"] = []
        else:
            # Of checks: its entry, then its check rows.
            data = first.copy()
            _score_checks(data, facts, second, missing, checked, values)
            assessed = data["assessed"]
        grouped[pillar].append(data)
        by_id[measure_id] = data
        if not assessed:
            not_assessed.append(data)
    return Scored(grouped, by_id, not_assessed)


def _score_checks(data: dict[str, Any], facts: tuple[str, ...], rows: tuple[CheckRow, ...], missing: set[str],
                  checked: set[tuple[str, int]], values: dict[str, Any]) -> None:
    met_points = 0.0
    checks = []
    for key, fact, worth, outcomes in rows:
        met = key in checked
        if met:
            met_points += worth
        check = outcomes[met, fact not in missing].copy()
        check["value"] = values.get(fact)
        checks.append(check)
    absent = [fact for fact in facts if fact in missing] if missing else []
    data["facts"] = list(facts)
    data["value"] = {fact: values.get(fact) for fact in facts}
    data["points"] = hundredths(met_points + 0.0)
    data["assessed"] = not absent
    data["missing_facts"] = absent
    data["checks"] = checks


def pillar_score(measures: list[dict[str, Any]]) -> float:
    """A pillar's score: the sum of its measures' points, never more than 25."""
    return min(float(PILLAR_MAX), points(sum([m["points"] for m in measures])))
