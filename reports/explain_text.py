"""`ssi-advise explain` as text: each rule's verdict and reasoning in the reader's language.

What each rule read and decided comes from the engine (engine/explain.py); the words around
it come from reports/phrases.py. Points, weights and priorities are written in the language's
style (1,5 in Dutch); fact paths, rule ids, values and thresholds stay as the files write
them, so a coach can find them in the profile and the pack.
"""

from __future__ import annotations

from ssi_advise.engine.explain import RuleExplanation, shown_value
from ssi_advise.engine.model import Disabled

from .phrases import decimal_number as _num
from .phrases import phrase


def _unit(language: str, most: float) -> str:
    return phrase(language, "explain_point" if most == 1 else "explain_point_many")


def condition_words(language: str) -> dict[str, str]:
    """The words a condition is written with, in `language` (engine/explain.py's ConditionWords)."""
    return {key: phrase(language, f"explain_{key}") for key in ("absent", "is_missing", "is_given", "not", "and", "or")}


def heading(item: RuleExplanation, language: str) -> str:
    """What follows a rule's id on its first line: `(measure, brand): earned points`."""
    if item.kind == "measure":
        state = phrase(language, "explain_earned" if item.fired else "explain_earned_nothing")
    else:
        state = phrase(language, "explain_fired" if item.fired else "explain_not_fired")
    return f"({phrase(language, f'kind_{item.kind}')}, {item.pillar}): {state}"


def lines(item: RuleExplanation, language: str) -> list[str]:
    """The reasoning under a rule's heading."""
    if item.measure is not None and item.result is not None:
        return _measure_lines(item, language)
    return _advice_lines(item, language)


def disabled(rule: Disabled, language: str) -> str:
    """What follows a switched-off rule's id."""
    where = f"{rule.place.file}:{rule.place.line}"
    return f"({phrase(language, f'kind_{rule.kind}')}): {phrase(language, 'explain_disabled', where=where)}"


def _measure_lines(item: RuleExplanation, language: str) -> list[str]:
    measure, result = item.measure, item.result
    assert measure is not None and result is not None
    absent = phrase(language, "explain_absent")
    found = []
    if measure.fact is not None:
        band = phrase(language, "explain_band", band=result.band) if result.band else phrase(language, "explain_no_band")
        reached = phrase(language, "explain_points", points=_num(language, result.points), most=_num(language, result.max_points),
                         unit=_unit(language, result.max_points))
        found.append(f"{measure.fact} = {shown_value(result.value, absent)} → {band}: {reached}")
        found.append(phrase(language, "explain_bands") + ": " + " · ".join(f"{b.min:g}+ {_num(language, b.points)}" for b in measure.bands))
    else:
        for check in result.checks:
            need = "true" if check.min is None else f"≥ {check.min:g}"
            mark = "✓" if check.met else "✗"
            needs = phrase(language, "explain_needs", need=need)
            found.append(f"{mark} {check.fact} = {shown_value(check.value, absent)} ({needs}): "
                         + phrase(language, "explain_of", points=_num(language, check.points), most=_num(language, check.max_points)))
        found.append(phrase(language, "explain_total", points=_num(language, result.points), most=_num(language, result.max_points),
                            unit=_unit(language, result.max_points)))
    if not result.assessed:
        found.append(phrase(language, "explain_not_assessed", facts=", ".join(result.missing_facts)))
    if measure.why:
        # The pack's own words, in the one language it writes them in.
        found.append(f"{phrase(language, 'explain_why')}: {' '.join(measure.why.split())}")
    return found


def _advice_lines(item: RuleExplanation, language: str) -> list[str]:
    advice, action = item.advice, item.action
    assert advice is not None
    verdict = phrase(language, "explain_holds" if item.data["holds"] else "explain_does_not_hold")
    found = [phrase(language, "explain_improves", measure=advice.improves),
             phrase(language, "explain_when", condition=item.data["condition"], verdict=verdict)]
    if action is not None:
        found.append(phrase(
            language, "explain_ranking", gain=_num(language, action.expected_gain), weight=_num(language, action.pillar_weight),
            reference=_num(language, action.pillar_reference),
            real=phrase(language, "explain_from_ssi") if action.pillar_reference_is_real else "",
            effort=_num(language, action.effort_minutes_per_week), priority=_num(language, action.priority), rank=action.rank,
        ))
    return found
