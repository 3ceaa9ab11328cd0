"""What-if: the report as it would be if an action's target were reached, or a fact were changed.

The target of an advice is the least change to its facts that earns what the plan expects
from it (docs/reports.md):

- a measure in bands: its fact set to the lowest value of the next band that earns more
  points than now (`aims: max`: of the band that earns the measure's maximum), rounded up to
  a whole number for a whole-number fact;
- a measure of checks: every unmet check among the advice's facts met: a true/false fact
  set to true, a number fact set to the check's minimum.

A "measure it" step has no target (its fact is not known, so there is nothing to raise): it
is listed as not tried. Each scenario is evaluated by the rules engine like any profile, so
its gains include what the change does to every other measure and to the 25-point caps.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .compare import Change
from .compiler import CompiledPack
from .custom_facts import NAMESPACE, check_profile_facts
from .evaluate import evaluate
from .facts import FactSpec, catalogue
from .model import PILLARS, Advice, Measure, Pack
from .documents import parse_document
from .problems import InputError, Problem, quote, raise_if_errors
from .text_checks import text_problem
from .profile import Profile, profile_from_dict
from .report import Action, MeasureResult, Report
from .suggest import did_you_mean

SETTING = "--set"


@dataclass(slots=True)
class Scenario:
    """One what-if: the facts changed and the report that would follow."""

    action: Action | None  # None: the member's own changes (--set)
    facts: dict[str, Any]
    report: Report
    pillars: dict[str, Change]
    total: Change
    rank: int = 0

    @property
    def gain(self) -> float:
        return self.total.change


@dataclass(slots=True)
class WhatIf:
    """The report as it is, the member's own changes (if any), and one scenario per action."""

    base: Report
    own: Scenario | None
    scenarios: list[Scenario]
    not_tried: list[Action]


def what_if(profile: Profile, compiled: CompiledPack, changes: dict[str, Any] | None = None) -> WhatIf:
    """Evaluate the profile, the profile with `changes`, and the profile with each action's target reached."""
    base = evaluate(profile, compiled)
    own = _scenario(profile, compiled, base, None, changes) if changes else None
    scenarios = []
    not_tried = []
    results = {m.id: m for pillar in base.pillars.values() for m in pillar.measures}
    for action in base.actions:
        if action.kind != "advice":
            not_tried.append(action)
            continue
        advice = next(a for a in compiled.pack.advice if a.id == action.id)
        target = advice_target(advice, compiled.pack.measure(action.measure), results[action.measure], compiled.pack.fact_catalogue)
        scenarios.append(_scenario(profile, compiled, base, action, target))
    scenarios.sort(key=lambda s: (-s.gain, s.action.rank if s.action else 0))
    for rank, scenario in enumerate(scenarios, start=1):
        scenario.rank = rank
    return WhatIf(base, own, scenarios, not_tried)


def advice_target(advice: Advice, measure: Measure, result: MeasureResult,
                  facts: Mapping[str, FactSpec] | None = None) -> dict[str, Any]:
    """The fact values that reach the advice's target (empty when the measure is already there);
    `facts` types them (default: the built-in catalogue; a pack's own facts need its catalogue)."""
    known = catalogue() if facts is None else facts
    if measure.fact is not None:
        if advice.aims == "max":
            top = max(band.points for band in measure.bands)
            wanted = [band.min for band in measure.bands if band.points >= top]
        else:
            wanted = [band.min for band in measure.bands if band.points > result.points]
        return {measure.fact: _fact_value(known, measure.fact, min(wanted))} if wanted else {}
    relevant = set(advice.facts) if advice.facts else set(measure.facts)
    target: dict[str, Any] = {}
    for check, outcome in zip(measure.checks, result.checks, strict=True):
        if check.fact in relevant and not outcome.met:
            target[check.fact] = True if check.min is None else _fact_value(known, check.fact, check.min)
    return target


def _fact_value(known: Mapping[str, FactSpec], fact: str, value: float) -> Any:
    """A target as the fact takes it: whole for an integer fact, and never beyond its maximum
    (a band out of reach, which `rules check` warns of, is aimed at as far as the fact goes)."""
    spec = known.get(fact)
    if spec is None:
        return value
    if spec.type == "integer":
        value = math.ceil(value)
    return min(value, spec.maximum) if spec.maximum is not None else value


def _scenario(profile: Profile, compiled: CompiledPack, base: Report, action: Action | None, facts: dict[str, Any]) -> Scenario:
    changed = apply_facts(profile, facts, SETTING if action is None else profile.source, compiled.pack)
    report = evaluate(changed, compiled)
    pillars = {p: Change(base.pillars[p].score, report.pillars[p].score) for p in PILLARS}
    return Scenario(action, dict(facts), report, pillars, Change(base.total, report.total))


def apply_facts(profile: Profile, facts: dict[str, Any], source: str = SETTING, pack: Pack | None = None) -> Profile:
    """The profile with `facts` set (None: removed), validated; problems are named `source`.
    A changed fact of `pack`'s own (custom.*) is checked against its declaration too."""
    data = copy.deepcopy(profile.data)
    for fact, value in facts.items():
        *parents, leaf = fact.split(".")
        node = data
        for part in parents:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    changed = profile_from_dict(data, source)
    # The profile schema only knows custom: as plain values; the pack says their types and bounds.
    # Checked only when a custom fact changed, so built-in changes behave as they always did.
    if pack is not None and any(fact.startswith(f"{NAMESPACE}.") for fact in facts):
        raise_if_errors(check_profile_facts(changed.data, pack, None, source=source))
    return changed


def parse_settings(settings: list[str] | tuple[str, ...], known: Mapping[str, FactSpec] | None = None) -> dict[str, Any]:
    """`fact=value` strings into facts and values (YAML scalars: 600, 0.5, true, premium; empty: remove).
    The facts are those `known`: the pack in use's catalogue (default: the built-in one)."""
    if known is None:
        known = catalogue()
    facts: dict[str, Any] = {}
    written: dict[str, str] = {}
    problems = []
    for setting in settings:
        fact, equals, text = setting.partition("=")
        fact = fact.strip()
        if not equals or not fact:
            problems.append(Problem(f"'{setting}': write it as fact=value, e.g. relationships.connections=600", file=SETTING))
        elif fact not in known:
            problems.append(Problem(f"no fact '{fact}'{did_you_mean(fact, known)}", file=SETTING))
        elif fact in written:
            # Keeping one of them silently would answer a question that was not asked.
            problems.append(Problem(f"{fact} is set twice ({quote(written[fact])} and {quote(text)}); set each fact once", file=SETTING))
        else:
            written[fact] = text
            try:
                facts[fact] = _scalar(text)
            except InputError as error:
                # The value is quoted, unless the message says it already ("1e400 is not a finite number").
                problems += [Problem(f"{fact}: {p.message}" if text.strip() in p.message else f"{fact}={quote(text)}: {p.message}",
                                     file=SETTING) for p in error.problems]
    raise_if_errors(problems)
    return facts


def _scalar(text: str) -> Any:
    """A value as a file would give it: read like any profile value, with the same refusals
    (octal 0450, base-60 1:30, control characters, numbers longer than any fact)."""
    if not text.strip():
        return None
    problem = text_problem(text, ())
    if problem:
        raise InputError.single(problem)
    try:
        value = parse_document(f"value: {text}\n", SETTING).data.get("value")
    except InputError as error:
        if any(p.message.startswith("YAML syntax error") for p in error.problems):
            return text  # not a YAML scalar: the words as written, for the schema to judge
        raise InputError([Problem(p.message) for p in error.problems]) from None
    # Dates, lists and mappings are no fact's type: keep the words as written, for the schema to judge.
    return value if isinstance(value, (bool, int, float, str)) else text

