"""Warnings about a pack: things that are allowed but probably not meant.

Errors (a pack that cannot be used) come from loading; these are the softer checks
`ssi-advise rules check` adds, each a Problem with level "warning" and a place. They also
run on a pack that has errors, as far as it could be built, so a coach sees everything
at once.
"""

from __future__ import annotations

from .advice_reach import unreached_bands
from .conditions import Compare, comparisons
from .facts import FactSpec
from .model import PILLAR_MAX, PILLARS, Measure, Pack, Place
from .problems import Problem


def _warning(place: Place, message: str, rule_id: str | None) -> Problem:
    return Problem(message, file=place.file, line=place.line, column=place.column, rule_id=rule_id, level="warning")


def lint(pack: Pack) -> list[Problem]:
    """Every warning for a loaded pack, in file order."""
    warnings: list[Problem] = []
    for pillar in PILLARS:
        mine = [m for m in pack.measures if m.pillar == pillar]
        total = sum(m.max_points for m in mine)
        if mine and total != PILLAR_MAX:
            message = f"pillar {pillar}: its measures earn at most {total:g} of its {PILLAR_MAX} points"
            warnings.append(_warning(mine[-1].place, message, mine[-1].id))
        if not mine:
            warnings.append(Problem(f"pillar {pillar} has no measures: it always scores 0", file=pack.root, level="warning"))
    for measure in pack.measures:
        warnings += _measure_warnings(pack, measure)
    for advice in pack.advice:
        for _, compare in comparisons(advice.when):
            why = _never(compare, pack.fact_catalogue)
            if why:
                warnings.append(_warning(advice.place, f"the condition can never hold: {why}", advice.id))
    return sorted(warnings, key=Problem.sort_key)


def _measure_warnings(pack: Pack, measure: Measure) -> list[Problem]:
    warnings = []
    facts = pack.fact_catalogue
    if measure.how_to_measure is None:
        message = "no how_to_measure: a profile without this fact gets no guidance on finding it"
        warnings.append(_warning(measure.place, message, measure.id))
    if not any(advice.improves == measure.id for advice in pack.advice):
        warnings.append(_no_advice(pack, measure))
    if measure.bands:
        lowest = facts[measure.fact].minimum if measure.fact in facts else None
        if lowest is not None and measure.bands[0].min > lowest:
            warnings.append(_warning(
                measure.place,
                f"the first band starts at {measure.bands[0].min:g}: values from {lowest:g} up to it fall in no band and earn 0",
                measure.id,
            ))
        highest = facts[measure.fact].maximum if measure.fact in facts else None
        named = zip(measure.bands, measure.band_labels, strict=True)
        beyond = [label for band, label in named if highest is not None and band.min > highest]
        if beyond:
            warnings.append(_warning(
                measure.place_of("bands"),
                f"band{'s' if len(beyond) > 1 else ''} {', '.join(beyond)} can never be reached: {measure.fact} is at most {highest:g}",
                measure.id,
            ))
        unreached = unreached_bands(measure, pack.advice)
        if unreached:
            labels = ", ".join(measure.band_labels[i] for i in unreached)
            plural = "s" if len(unreached) > 1 else ""
            gone = next((d for d in pack.disabled.values() if d.improves == measure.id), None)
            place = gone.place if gone is not None and "bands" not in measure.places else measure.place_of("bands")
            warnings.append(_warning(
                place,
                f"band{plural} {labels} still leave{'' if plural else 's'} points to earn, but no advice's condition can hold there: "
                "a client there gets no advice for this measure; widen an advice's when, or add advice",
                measure.id,
            ))
    return warnings


def _no_advice(pack: Pack, measure: Measure) -> Problem:
    """No advice improves the measure; placed at the `disable:` that took the last one, if one did."""
    gone = next((d for d in pack.disabled.values() if d.improves == measure.id), None)
    if gone is None:
        return _warning(measure.place, "no advice improves this measure", measure.id)
    return _warning(gone.place, f"no advice improves the measure '{measure.id}' once '{gone.rule_id}' is disabled; "
                                "add advice of your own for it, or disable the measure too", measure.id)


def _never(compare: Compare, facts: dict[str, FactSpec]) -> str | None:
    """Why a comparison can never hold for any valid profile, or None."""
    spec = facts.get(compare.fact)
    if spec is None or not spec.numeric or compare.op not in ("lt", "lte", "gt", "gte", "eq"):
        return None
    low, high, value = spec.minimum, spec.maximum, compare.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if low is not None and (compare.op == "lt" and value <= low or compare.op == "lte" and value < low):
        return f"{compare.fact} is never below {low:g}"
    if high is not None and (compare.op == "gt" and value >= high or compare.op == "gte" and value > high):
        return f"{compare.fact} is never above {high:g}"
    if compare.op == "eq" and ((low is not None and value < low) or (high is not None and value > high)):
        return f"{compare.fact} is always between {low:g} and {high:g}"
    if compare.op == "eq" and spec.type == "integer" and value != int(value):
        return f"{compare.fact} is a whole number"
    return None
