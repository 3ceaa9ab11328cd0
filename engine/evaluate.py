"""Evaluating one profile: facts into durable-rules, fired rules into points, actions, a report."""

from __future__ import annotations

from typing import Any

from .compiler import CompiledPack
from .labels import label
from .pack import PILLAR_MAX, TOTAL_MAX, PILLARS
from .problems import InputError
from .profile import Profile
from .rank import expected_gain, order, pillar_weight, priority
from .report import Action, Comparison, MeasureResult, PillarResult, Report
from .score import Firing, pillar_score, points, read_firing, score_pillars


def engine_fact(compiled: CompiledPack, profile: Profile) -> dict[str, Any]:
    """The fact asserted into durable-rules: the facts the pack reads, flat, missing ones absent."""
    values = profile.flat
    return {name: values[path] for path, name in compiled.engine_names if path in values}


def fire(compiled: CompiledPack, profile: Profile) -> Firing:
    """Run the profile through durable-rules and read what fired."""
    return read_firing(compiled, compiled.group.fired(engine_fact(compiled, profile)))


def evaluate(profile: Profile, compiled: CompiledPack, language: str = "en") -> Report:
    """The full report for one profile: scores, how each point was earned, coverage, actions."""
    pack = compiled.pack
    if language not in pack.languages:
        raise InputError.single(
            f"language '{language}': the pack '{pack.name}' has texts in {', '.join(pack.languages)} only"
        )
    firing = fire(compiled, profile)
    grouped = score_pillars(pack, firing, profile, language)
    real = profile.ssi
    pillars: dict[str, PillarResult] = {}
    for pillar in PILLARS:
        score = pillar_score(grouped[pillar])
        comparison = None
        if pillar in real:
            comparison = Comparison(real[pillar], score, points(score - real[pillar]))
        pillars[pillar] = PillarResult(pillar, pack.pillar_titles[pillar][language], score, float(PILLAR_MAX), grouped[pillar], comparison)

    results = {m.id: m for measures in grouped.values() for m in measures}
    actions = order(_advice_actions(compiled, firing, results, pillars, real, language) + _measure_actions(results, pillars, real, language, compiled))
    total = points(sum(p.score for p in pillars.values()))
    return Report(
        language=language,
        pack={"name": pack.name, "version": pack.version},
        profile={"id": profile.id, "name": profile.name, "source": profile.source},
        total=total,
        max=float(TOTAL_MAX),
        pillars=pillars,
        coverage=_coverage(results),
        actions=actions,
        ssi=_ssi_summary(real, pillars, total, pack.pillar_titles, language),
    )


def _action(
    kind: str,
    action_id: str,
    measure: MeasureResult,
    facts: list[str],
    title: str,
    text: str,
    gain: float,
    effort: float,
    pillars: dict[str, PillarResult],
    real: dict[str, float],
) -> Action:
    """An action with its priority inputs: the real SSI pillar score is the reference when given."""
    is_real = measure.pillar in real
    reference = float(real[measure.pillar]) if is_real else pillars[measure.pillar].score
    weight = pillar_weight(reference)
    return Action(
        id=action_id,
        kind=kind,
        pillar=measure.pillar,
        measure=measure.id,
        facts=facts,
        title=title,
        text=text,
        expected_gain=gain,
        effort_minutes_per_week=effort,
        pillar_reference=reference,
        pillar_reference_is_real=is_real,
        pillar_weight=weight,
        priority=priority(gain, weight, effort),
    )


def _advice_actions(
    compiled: CompiledPack,
    firing: Firing,
    results: dict[str, MeasureResult],
    pillars: dict[str, PillarResult],
    real: dict[str, float],
    language: str,
) -> list[Action]:
    pack = compiled.pack
    actions = []
    for advice in pack.advice:
        if advice.id not in firing.advice:
            continue
        measure = pack.measure(advice.improves)
        result = results[measure.id]
        gain = expected_gain(advice, measure, result)
        facts = list(advice.facts or measure.facts)
        actions.append(
            _action("advice", advice.id, result, facts, advice.title[language], advice.text[language],
                    gain, advice.effort_minutes_per_week, pillars, real)
        )
    return actions


def _measure_actions(
    results: dict[str, MeasureResult],
    pillars: dict[str, PillarResult],
    real: dict[str, float],
    language: str,
    compiled: CompiledPack,
) -> list[Action]:
    """'Measure this' steps for every measure that could not be assessed; they gain no points."""
    actions = []
    for result in results.values():
        if result.assessed:
            continue
        title = label(language, "measure_action_title", title=result.title)
        text = result.how_to_measure or label(language, "measure_action_text", facts=", ".join(result.missing_facts))
        effort = compiled.pack.measure(result.id).effort_to_measure
        actions.append(_action("measure", result.id, result, list(result.missing_facts), title, text, 0.0, effort, pillars, real))
    return actions


def _coverage(results: dict[str, MeasureResult]) -> dict[str, Any]:
    missing = [
        {"measure": m.id, "pillar": m.pillar, "title": m.title, "missing_facts": m.missing_facts, "how_to_measure": m.how_to_measure}
        for m in results.values()
        if not m.assessed
    ]
    return {"measures": len(results), "assessed": len(results) - len(missing), "not_assessed": missing}


def _ssi_summary(
    real: dict[str, float],
    pillars: dict[str, PillarResult],
    total: float,
    titles: dict[str, dict[str, str]],
    language: str,
) -> dict[str, Any] | None:
    if not real:
        return None
    given = [p for p in PILLARS if p in real]
    summary: dict[str, Any] = {key: real[key] for key in ("industry_average", "industry_rank_percent", "network_rank_percent") if key in real}
    if given:
        weakest = min(given, key=lambda p: (real[p], PILLARS.index(p)))
        summary["weakest_real_pillar"] = weakest
        summary["weakest_real_pillar_title"] = titles[weakest][language]
    if len(given) == len(PILLARS):
        real_total = points(sum(real[p] for p in PILLARS))
        summary["real_total"] = real_total
        summary["estimate_total"] = total
        summary["difference"] = points(total - real_total)
        if "industry_average" in real:
            summary["above_industry_average"] = points(real_total - real["industry_average"])
    return summary
