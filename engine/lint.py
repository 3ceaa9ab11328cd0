"""Warnings about a pack that loads: things that are allowed but probably not meant.

Errors (a pack that cannot be used) are raised by `load_pack`; these are the softer checks
`ssi-advise rules check` adds, each a Problem with level "warning" and a place.
"""

from __future__ import annotations

from .conditions import Compare, comparisons
from .facts import catalogue
from .model import PILLAR_MAX, PILLARS, Pack, Place
from .problems import Problem


def _warning(place: Place, message: str, rule_id: str | None) -> Problem:
    return Problem(message, file=place.file, line=place.line, column=place.column, rule_id=rule_id, level="warning")


def lint(pack: Pack) -> list[Problem]:
    """Every warning for a loaded pack, in file order."""
    warnings: list[Problem] = []
    facts = catalogue()
    improved = {advice.improves for advice in pack.advice}
    for pillar in PILLARS:
        mine = [m for m in pack.measures if m.pillar == pillar]
        total = sum(m.max_points for m in mine)
        if mine and total != PILLAR_MAX:
            message = f"pillar {pillar}: its measures earn at most {total:g} of its {PILLAR_MAX} points"
            warnings.append(_warning(mine[-1].place, message, mine[-1].id))
        if not mine:
            warnings.append(Problem(f"pillar {pillar} has no measures: it always scores 0", file=pack.root, level="warning"))
    for measure in pack.measures:
        if measure.how_to_measure is None:
            message = "no how_to_measure: a profile without this fact gets no guidance on finding it"
            warnings.append(_warning(measure.place, message, measure.id))
        if measure.id not in improved:
            warnings.append(_warning(measure.place, "no advice improves this measure", measure.id))
        if measure.bands:
            lowest = facts[measure.fact].minimum if measure.fact in facts else None
            if lowest is not None and measure.bands[0].min > lowest:
                warnings.append(_warning(
                    measure.place,
                    f"the first band starts at {measure.bands[0].min:g}: values from {lowest:g} up to it fall in no band and earn 0",
                    measure.id,
                ))
    for advice in pack.advice:
        for _, compare in comparisons(advice.when):
            why = _never(compare)
            if why:
                warnings.append(_warning(advice.place, f"the condition can never hold: {why}", advice.id))
    return sorted(warnings, key=Problem.sort_key)


def _never(compare: Compare) -> str | None:
    """Why a comparison can never hold for any valid profile, or None."""
    spec = catalogue().get(compare.fact)
    if spec is None or not spec.numeric or compare.op not in ("lt", "lte", "gt", "gte", "eq"):
        return None
    low, high, value = spec.minimum, spec.maximum, compare.value
    if low is not None and (compare.op == "lt" and value <= low or compare.op == "lte" and value < low):
        return f"{compare.fact} is never below {low:g}"
    if high is not None and (compare.op == "gt" and value >= high or compare.op == "gte" and value > high):
        return f"{compare.fact} is never above {high:g}"
    if compare.op == "eq" and ((low is not None and value < low) or (high is not None and value > high)):
        return f"{compare.fact} is always between {low:g} and {high:g}"
    if compare.op == "eq" and spec.type == "integer" and value != int(value):
        return f"{compare.fact} is a whole number"
    return None
