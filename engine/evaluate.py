"""Evaluating one profile: facts into durable-rules, fired rules into points, actions, a report.

The report holds no words of any language: a renderer looks them up in `report.texts`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .compiler import CompiledPack
from .firing import Firing, fire, fire_many
from .identity_cache import IdentityCache
from .model import PILLARS, PILLAR_MAX, TOTAL_MAX, Advice, Measure, Pack
from .profile import Profile
from .rank import Weighing, action, expected_gain, order, weighing
from .report import (
    Action,
    Comparison,
    Coverage,
    MeasureResult,
    NotAssessed,
    PackRef,
    PillarResult,
    ProfileRef,
    Report,
    SsiSummary,
)
from .score import Scores, pillar_score, points, score_measures


def evaluate(profile: Profile, compiled: CompiledPack) -> Report:
    """The full report for one profile: scores, how each point was earned, coverage, actions."""
    return report_from_firing(profile, compiled, fire(compiled, profile))


def evaluate_many(profiles: Sequence[Profile], compiled: CompiledPack) -> list[Report]:
    """`evaluate` for many profiles, with one durable-rules state per BATCH_LIMIT of them.

    The reports are the same as one `evaluate` each; only the engine calls are shared.
    """
    return [report_from_firing(p, compiled, f) for p, f in zip(profiles, fire_many(compiled, profiles), strict=True)]


def report_from_firing(profile: Profile, compiled: CompiledPack, firing: Firing) -> Report:
    """The report for a profile from what durable-rules decided for it."""
    pack = compiled.pack
    scores = score_measures(pack, firing, profile)
    real = profile.ssi
    pillars: dict[str, PillarResult] = {}
    for pillar in PILLARS:
        measures = scores.pillars[pillar]
        score = pillar_score(measures)
        comparison = Comparison(real[pillar], score, points(score - real[pillar])) if pillar in real else None
        pillars[pillar] = PillarResult(pillar, score, float(PILLAR_MAX), measures, comparison)

    weights = weighing({pillar: result.score for pillar, result in pillars.items()}, real)
    actions = order(_advice_actions(compiled, firing, scores.by_id, weights) + _measure_actions(compiled, scores.not_assessed, weights))
    total = points(sum(p.score for p in pillars.values()))
    return Report(
        pack=PackRef(pack.name, pack.version),
        profile=ProfileRef(profile.id, profile.name, profile.source),
        total=total,
        max=float(TOTAL_MAX),
        pillars=pillars,
        coverage=_coverage(scores),
        actions=actions,
        texts=pack.texts,
        ssi=_ssi_summary(real, total),
    )


# Per advice, what building its action reads of the pack: the advice, its measure, the facts
# it works on, its weekly and one-off effort.
AdviceStep = tuple[Advice, Measure, tuple[str, ...], float, "float | None"]
_ADVICE_PLANS: IdentityCache[tuple[AdviceStep, ...]] = IdentityCache()


def _advice_plan(pack: Pack) -> tuple[AdviceStep, ...]:
    def steps() -> tuple[AdviceStep, ...]:
        found = []
        for advice in pack.advice:
            measure = pack.measure_index[advice.improves]
            facts = tuple(advice.facts or measure.facts)
            found.append((advice, measure, facts, advice.effort_minutes_per_week, advice.effort_minutes_once))
        return tuple(found)

    return _ADVICE_PLANS.get(pack, steps)


def _advice_actions(compiled: CompiledPack, firing: Firing, results: dict[str, MeasureResult], weights: Weighing) -> list[Action]:
    pack = compiled.pack
    plan = _advice_plan(pack)
    actions = []
    # In the pack's order, as a report lists them; only those that fired are looked at.
    place = pack.advice_order
    for index in sorted([place[advice_id] for advice_id in firing.advice]):
        advice, measure, facts, effort, once = plan[index]
        result = results[measure.id]
        gain = expected_gain(advice, measure, result)
        actions.append(action("advice", advice.id, result, list(facts), gain, effort, weights, once))
    return actions


def _measure_actions(compiled: CompiledPack, not_assessed: list[MeasureResult], weights: Weighing) -> list[Action]:
    """'Measure this' steps for every measure that could not be assessed; they gain no points."""
    measures = compiled.pack.measure_index
    return [
        action("measure", result.id, result, list(result.missing_facts), 0.0, measures[result.id].effort_to_measure_minutes, weights)
        for result in not_assessed
    ]


def _coverage(scores: Scores) -> Coverage:
    missing = [NotAssessed(m.id, m.pillar, m.missing_facts) for m in scores.not_assessed]
    return Coverage(len(scores.by_id), len(scores.by_id) - len(missing), missing)


def _ssi_summary(real: dict[str, float], total: float) -> SsiSummary | None:
    if not real:
        return None
    summary = SsiSummary(
        industry_average=real.get("industry_average"),
        industry_rank_percent=real.get("industry_rank_percent"),
        network_rank_percent=real.get("network_rank_percent"),
    )
    given = [p for p in PILLARS if p in real]
    if given:
        summary.weakest_real_pillar = min(given, key=lambda p: (real[p], PILLARS.index(p)))
    if len(given) == len(PILLARS):
        real_total = points(sum(real[p] for p in PILLARS))
        summary.real_total = real_total
        summary.estimate_total = total
        summary.difference = points(total - real_total)
        if "industry_average" in real:
            summary.above_industry_average = points(real_total - real["industry_average"])
    return summary
