"""Turning the rules that fired into points: per measure, per pillar, in total."""

from __future__ import annotations

from dataclasses import dataclass, field

from .compiler import CompiledPack
from .pack import PILLAR_MAX, Measure, Pack
from .profile import Profile
from .report import CheckResult, MeasureResult


@dataclass
class Firing:
    """What durable-rules decided for one profile, by meaning rather than rule name."""

    bands: dict[str, int] = field(default_factory=dict)
    checks: set[tuple[str, int]] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    advice: set[str] = field(default_factory=set)


def read_firing(compiled: CompiledPack, names: list[str]) -> Firing:
    """Sort the fired rule names into bands reached, checks met, facts missing and advice."""
    firing = Firing()
    for name in names:
        rule = compiled.rules[name]
        if rule.kind == "band":
            firing.bands[rule.ref] = rule.index
        elif rule.kind == "check":
            firing.checks.add((rule.ref, rule.index))
        elif rule.kind == "missing":
            firing.missing.add(rule.ref)
        else:
            firing.advice.add(rule.ref)
    return firing


def points(value: float) -> float:
    """Points rounded to hundredths, so sums of halves and tenths stay exact."""
    return round(value + 0.0, 2)


def score_measure(measure: Measure, firing: Firing, profile: Profile, language: str) -> MeasureResult:
    """The points one measure earned from what fired."""
    missing = [fact for fact in measure.facts if fact in firing.missing] if firing.missing else []
    how = measure.how_to_measure.get(language) if measure.how_to_measure else None
    title = measure.title[language]
    if measure.fact is not None:
        index = firing.bands.get(measure.id)
        earned = measure.bands[index].points if index is not None else 0.0
        assessed = not missing
        next_points = measure.next_band_points[earned]
        label = None
        if index is not None:
            label = measure.band_labels[index]
        elif assessed:
            label = f"< {measure.bands[0].min:g}"
        return MeasureResult(
            id=measure.id,
            pillar=measure.pillar,
            title=title,
            facts=list(measure.facts),
            value=profile.fact(measure.fact),
            points=points(earned),
            max_points=measure.max_points,
            assessed=assessed,
            missing_facts=missing,
            band=label,
            next_band_points=next_points,
            how_to_measure=how,
        )
    checks = []
    for index, check in enumerate(measure.checks):
        met = (measure.id, index) in firing.checks
        checks.append(
            CheckResult(
                fact=check.fact,
                title=check.title[language] if check.title else check.fact.rsplit(".", 1)[-1],
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
        title=title,
        facts=list(measure.facts),
        value={fact: profile.fact(fact) for fact in measure.facts},
        points=points(sum(c.points for c in checks)),
        max_points=measure.max_points,
        assessed=not missing,
        missing_facts=missing,
        checks=checks,
        how_to_measure=how,
    )


def score_pillars(pack: Pack, firing: Firing, profile: Profile, language: str) -> dict[str, list[MeasureResult]]:
    """Measure results grouped by pillar, in pack order."""
    grouped: dict[str, list[MeasureResult]] = {pillar: [] for pillar in pack.pillar_titles}
    for measure in pack.measures:
        grouped[measure.pillar].append(score_measure(measure, firing, profile, language))
    return grouped


def pillar_score(measures: list[MeasureResult]) -> float:
    """A pillar's score: the sum of its measures, never more than 25."""
    return min(float(PILLAR_MAX), points(sum(m.points for m in measures)))
