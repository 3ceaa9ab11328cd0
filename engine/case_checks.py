"""What a pack test case expects, checked against the pack and then against a report.

Every rule id a case names must be a rule of the pack: a mistyped id in `not_actions`
would otherwise pass for ever. A failing case is shown as a diff of what was expected and
what was found, key by key, in the case's own layout.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from .documents import Document
from .model import Pack
from .problems import Problem
from .report import Report
from .suggest import did_you_mean

NOT_IN_PLAN = "(not in the plan)"


@dataclass(frozen=True)
class Failure:
    """One expectation that did not hold."""

    what: str
    expected: Any
    actual: Any


def expectation_problems(document: Document, index: int, expect: dict[str, Any], pack: Pack) -> list[Problem]:
    """Rule ids a case's expectations name that the pack does not have (or switched off)."""
    measures = [m.id for m in pack.measures]
    rules = measures + [a.id for a in pack.advice]
    advice = [a.id for a in pack.advice]
    allowed = {"actions": rules, "not_actions": rules, "first_actions": rules, "measures": measures, "titles": rules, "texts": advice}
    problems = []
    for key, known in allowed.items():
        for position, rule_id in enumerate(expect.get(key, ())):
            at: tuple = ("cases", index, "expect", key, position if isinstance(expect[key], list) else rule_id)
            why = _unknown(rule_id, known, key, pack)
            if why:
                problems.append(document.problem(why, at, rule_id=rule_id))
    for key in ("titles", "texts"):
        for rule_id, text in expect.get(key, {}).items():
            for language in text:
                if language not in pack.languages:
                    place: tuple = ("cases", index, "expect", key, rule_id, language)
                    problems.append(document.problem(f"the pack has texts in {', '.join(pack.languages)} only", place))
    return problems


def _unknown(rule_id: str, known: list[str], key: str, pack: Pack) -> str | None:
    if rule_id in known:
        return None
    off = pack.disabled.get(rule_id)
    if off is not None:
        if key == "not_actions":  # switched off, so never in the plan: a fair thing to assert
            return None
        return f"'{rule_id}' is disabled by {off.place.file}:{off.place.line}, so it is never in the plan"
    kind = {"measures": "measure", "texts": "advice"}.get(key, "rule")
    return f"no {kind} '{rule_id}' in pack {pack.name}{did_you_mean(rule_id, known)}"


def compare(expect: dict[str, Any], report: Report) -> tuple[list[Failure], list[str]]:
    """The expectations that did not hold, and a diff of expected against found for them."""
    ids = [action.id for action in report.actions]
    failures, expected, found = [], {}, {}
    for key, wanted in expect.items():
        actual = _FOUND[key](wanted, report, ids)
        if not _same(wanted, actual):
            failures.append(Failure(key, wanted, actual))
            expected[key], found[key] = wanted, actual
    return failures, diff(expected, found) if failures else []


def diff(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    """A unified diff of two expectation blocks, written as YAML."""
    lines = difflib.unified_diff(_yaml(expected), _yaml(found), "expected", "found", lineterm="", n=2)
    return [line for line in lines if not line.startswith("@@")]


def _yaml(data: dict[str, Any]) -> list[str]:
    return yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000).splitlines()


def _plain(value: Any) -> Any:
    """Whole numbers without `.0`, so an expected 6 and a found 6.0 read alike."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(wanted: Any, actual: Any) -> bool:
    if isinstance(wanted, dict) and isinstance(actual, dict):
        return wanted.keys() == actual.keys() and all(_same(wanted[k], actual[k]) for k in wanted)
    if isinstance(wanted, (int, float)) and isinstance(actual, (int, float)) and not isinstance(wanted, bool):
        return abs(wanted - actual) <= 1e-9
    return bool(wanted == actual)


def _measures(wanted: dict[str, dict[str, Any]], report: Report, _: list[str]) -> dict[str, dict[str, Any]]:
    results = {m.id: m for pillar in report.pillars.values() for m in pillar.measures}
    return {rule_id: {key: getattr(results[rule_id], key) for key in fields} for rule_id, fields in wanted.items()}


def _words(kind: str) -> Callable[[dict[str, dict[str, str]], Report, list[str]], dict[str, dict[str, str]]]:
    """Found titles or texts of the actions a case names, in the languages it names."""

    def found(wanted: dict[str, dict[str, str]], report: Report, ids: list[str]) -> dict[str, dict[str, str]]:
        actions = {a.id: a for a in report.actions}
        shown: dict[str, dict[str, str]] = {}
        for rule_id, languages in wanted.items():
            action = actions.get(rule_id)
            shown[rule_id] = {language: _word(report, action, kind, language) if action else NOT_IN_PLAN for language in languages}
        return shown

    return found


def _word(report: Report, action: Any, kind: str, language: str) -> str:
    texts = report.texts
    if action.kind == "measure":
        return texts.measure(action.id, language) if kind == "title" else texts.how(action.id, language) or ""
    return texts.advice_title(action.id, language) if kind == "title" else texts.advice_text(action.id, language)


_FOUND: dict[str, Callable[[Any, Report, list[str]], Any]] = {
    "total": lambda wanted, report, ids: report.total,
    "pillars": lambda wanted, report, ids: {p: report.pillars[p].score for p in wanted},
    "measures": _measures,
    "actions": lambda wanted, report, ids: [a if a in ids else f"{a} {NOT_IN_PLAN}" for a in wanted],
    "not_actions": lambda wanted, report, ids: [f"{a} (in the plan, rank {ids.index(a) + 1})" if a in ids else a for a in wanted],
    "first_actions": lambda wanted, report, ids: ids[: len(wanted)],
    "titles": _words("title"),
    "texts": _words("text"),
}
