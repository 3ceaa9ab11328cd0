"""Progress between two reports of one member: points per pillar, facts, actions done and new.

Language-neutral like the report: ids, numbers and fact values; a renderer looks the words
up in the two reports' texts. Either report may have been read back from JSON
(`Report.from_dict`), so everything here is worked out from what a report holds.

An action of the old plan counts as done when it is gone from the new plan (and its measure
is still assessed: an action gone because its fact is no longer given is not done), or when
its measure now earns at least what the action promised (old points + expected gain): an advice
such as "send ten invitations a week" stays in the plan after the next band is reached, now
aiming at the band after it, but the step it was given for has been taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import PILLARS
from .report import Action, MeasureResult, Report
from .score import points


@dataclass(slots=True)
class Change:
    """One number before and after."""

    old: float
    new: float

    @property
    def change(self) -> float:
        return points(self.new - self.old)


@dataclass(slots=True)
class FactChange:
    """A fact whose value differs between the two snapshots (None: not given)."""

    fact: str
    old: Any
    new: Any


@dataclass(slots=True)
class DoneAction:
    """An action of the old plan that was carried out: gone from the plan, or its target reached."""

    action: Action
    reason: str  # "gone" or "target_reached"
    points_before: float
    points_now: float | None  # the measure's points in the new report (None: no such measure)


@dataclass(slots=True)
class Difference:
    """What changed from `old` to `new`."""

    old: Report
    new: Report
    pillars: dict[str, Change]
    total: Change
    facts: list[FactChange]
    done: list[DoneAction]
    new_actions: list[Action]
    same_pack: bool = True
    measures: dict[str, Change] = field(default_factory=dict)
    # False when OLD and NEW are surely two people (ProfileRef.other_member): no one's progress.
    same_member: bool = True
    # False when a snapshot is a JSON report: it holds only the facts its measures read, so a
    # change to any other (account, situation, a fact only advice reads) cannot be shown.
    all_facts: bool = True


def compare(old: Report, new: Report, old_facts: dict[str, Any] | None = None, new_facts: dict[str, Any] | None = None) -> Difference:
    """The difference between two reports. `old_facts`/`new_facts` are the profiles' flat facts
    when known (every fact, also those only advice reads); otherwise the facts the measures show."""
    pillars = {p: Change(old.pillars[p].score, new.pillars[p].score) for p in PILLARS}
    old_measures, new_measures = _measures(old), _measures(new)
    measures = {
        key: Change(old_measures[key].points, new_measures[key].points)
        for key in old_measures
        if key in new_measures and old_measures[key].points != new_measures[key].points
    }
    before = old_facts if old_facts is not None else measure_facts(old)
    after = new_facts if new_facts is not None else measure_facts(new)
    if old_facts is None or new_facts is None:
        # A JSON report knows only the facts its measures read: a profile's other facts
        # (situation, industry) would read as given since, or removed. With two reports, a fact
        # only one pack measures is unknown to the other: compared are those both know.
        seen = set.intersection(*(_measured(report) for report, known in ((old, old_facts), (new, new_facts)) if known is None))
        before = {fact: value for fact, value in before.items() if fact in seen}
        after = {fact: value for fact, value in after.items() if fact in seen}
    facts = _fact_changes(before, after)
    return Difference(
        old=old,
        new=new,
        pillars=pillars,
        total=Change(old.total, new.total),
        facts=facts,
        done=_done(old, new, old_measures, new_measures),
        new_actions=[a for a in new.actions if _key(a) not in {_key(b) for b in old.actions}],
        same_pack=(old.pack.name, old.pack.version) == (new.pack.name, new.pack.version),
        measures=measures,
        same_member=not old.profile.other_member(new.profile),
        all_facts=old_facts is not None and new_facts is not None,
    )


def measure_facts(report: Report) -> dict[str, Any]:
    """Every fact value the report's measures show, by dotted path (given facts only)."""
    facts: dict[str, Any] = {}
    for pillar in report.pillars.values():
        for measure in pillar.measures:
            if measure.checks:
                facts.update({c.fact: c.value for c in measure.checks if c.value is not None})
            elif measure.facts and measure.value is not None:
                facts[measure.facts[0]] = measure.value
    return facts


def _measured(report: Report) -> set[str]:
    """Every fact the report's measures read, given or not."""
    return {fact for pillar in report.pillars.values() for m in pillar.measures for fact in (m.facts or [c.fact for c in m.checks])}


def _measures(report: Report) -> dict[str, MeasureResult]:
    return {m.id: m for pillar in report.pillars.values() for m in pillar.measures}


def _key(action: Action) -> tuple[str, str]:
    return (action.kind, action.id)


def _fact_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FactChange]:
    changed = []
    for fact in sorted(set(old) | set(new)):
        before, after = old.get(fact), new.get(fact)
        if before != after:
            changed.append(FactChange(fact, before, after))
    return changed


def _done(old: Report, new: Report, old_measures: dict[str, MeasureResult], new_measures: dict[str, MeasureResult]) -> list[DoneAction]:
    now = {_key(a) for a in new.actions}
    done = []
    for action in old.actions:
        before = old_measures[action.measure].points if action.measure in old_measures else 0.0
        measure = new_measures.get(action.measure)
        after = measure.points if measure is not None else None
        if _key(action) not in now:
            # Gone because its facts are no longer given is not done: a "measure it" step replaces it.
            # Nor is one gone because the new report's pack has no such measure (compare tells of
            # the other pack): nothing says the member did it.
            if measure is not None and measure.assessed:
                done.append(DoneAction(action, "gone", before, after))
        elif action.expected_gain > 0 and after is not None and after >= points(before + action.expected_gain):
            done.append(DoneAction(action, "target_reached", before, after))
    return done
