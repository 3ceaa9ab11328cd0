"""Facts a pack declares of its own, and profiles checked against them.

A pack for a niche may need a fact the built-in profile contract does not have (listings a
real-estate agent posts a week, say). Its pack file declares it under `facts:` as
`custom.NAME` with a type, bounds and where to find it; profiles then give it under
`custom:` and rules read it like any other fact. The profile schema only says `custom:` is a
mapping of plain values: its content is checked here, against the pack in use, with the
same placed messages as the rest of the profile.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .conditions import All, Any_, Compare, Condition, Not
from .documents import Document, dotted
from .facts import FactSpec, FactType
from .model import Pack, Place
from .problems import InputError, Problem, raise_if_errors
from .schemas import errors_against
from .suggest import did_you_mean
from .where import Where

NAMESPACE = "custom"
# How a pack file names a fact's type, and the type the catalogue uses.
TYPES: dict[str, FactType] = {"number": "number", "integer": "integer", "boolean": "boolean", "text": "string"}
_TEXT_LIMIT = 200


def own_fact(name: str, data: dict[str, Any], where: Where, languages: Sequence[str]) -> tuple[FactSpec, list[Problem]]:
    """The catalogue entry of one declared fact, and what is wrong with its declaration."""
    kind = TYPES[data["type"]]
    problems = []
    numeric = kind in ("number", "integer")
    for bound in ("minimum", "maximum"):
        if bound in data and not numeric:
            problems.append(where.problem(f"{bound} is for number facts; {name} is {data['type']}", (bound,)))
    if "values" in data and kind != "string":
        problems.append(where.problem(f"values is for text facts; {name} is {data['type']}", ("values",)))
    low, high = data.get("minimum"), data.get("maximum")
    if low is not None and high is not None and low > high:
        problems.append(where.problem(f"minimum {low:g} is above maximum {high:g}", ("minimum",)))
    how: dict[str, str] = data.get("how_to_measure") or {}
    for language in languages if how else ():
        if language not in how:
            problems.append(where.problem(f"no '{language}' text, though the pack declares that language", ("how_to_measure",)))
    values = tuple(data["values"]) if "values" in data else None
    spec = FactSpec(name, kind, data.get("description", ""), values, low if numeric else None, high if numeric else None,
                    dict(how) if how else None)
    return spec, problems


def ignore_case_problems(entries: Iterable[tuple[str, Place]], facts: dict[str, FactSpec]) -> list[Problem]:
    """`ignore_case:` may name free-text facts only (not numbers, nor fixed words like account)."""
    problems = []
    for name, place in entries:
        spec = facts.get(name)
        if spec is None:
            texts = [path for path, s in facts.items() if s.type == "string"]
            message = f"unknown fact '{name}'{did_you_mean(name, texts)}"
        elif spec.type != "string" or spec.enum is not None:
            message = f"{name} is not free text; ignore_case is for text facts such as industry"
        else:
            continue
        problems.append(Problem(message, file=place.file, line=place.line, column=place.column, path="ignore_case"))
    return problems


def fold_condition(condition: Condition, ignore_case: frozenset[str]) -> Condition:
    """The condition with its text values for case-blind facts in lower case (casefolded)."""
    if not ignore_case:
        return condition
    if isinstance(condition, Compare):
        if condition.fact not in ignore_case:
            return condition
        return Compare(condition.fact, condition.op, fold(condition.value))
    if isinstance(condition, Not):
        return Not(fold_condition(condition.item, ignore_case))
    items = tuple(fold_condition(item, ignore_case) for item in condition.items)
    return All(items) if isinstance(condition, All) else Any_(items)


def fold(value: Any) -> Any:
    """Text casefolded (tuples of values item by item); anything else as it is."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, tuple):
        return tuple(fold(v) for v in value)
    return value


def profile_schema(own: Sequence[FactSpec]) -> dict[str, Any]:
    """The JSON Schema of a profile's `custom:` part for a pack's own facts."""
    properties: dict[str, Any] = {}
    for spec in own:
        # A fact of fixed words is its enum alone, as the built-in ones are: a number given for
        # it is then one problem ("must be one of ..."), not that and "must be text" as well.
        entry: dict[str, Any] = {"enum": list(spec.enum)} if spec.enum is not None else {"type": spec.type}
        if spec.type == "string" and spec.enum is None:
            entry["maxLength"] = _TEXT_LIMIT
        for bound in ("minimum", "maximum"):
            if getattr(spec, bound) is not None:
                entry[bound] = getattr(spec, bound)
        properties[spec.path.split(".", 1)[1]] = entry
    return {"type": "object", "additionalProperties": False, "properties": properties}


def check_profile_facts(data: dict[str, Any], pack: Pack, document: Document | None, base: tuple = (),
                        source: str = "<profile>") -> list[Problem]:
    """Problems of a profile's `custom:` part against the facts `pack` declares, each placed."""
    if NAMESPACE not in data:
        return []
    custom = data[NAMESPACE]

    def problem(message: str, path: tuple) -> Problem:
        if document is not None:
            return document.problem(message, base + path)
        return Problem(message, file=source, path=dotted(path))

    if not pack.own_facts:
        return [problem(f"the pack '{pack.name}' declares no facts of its own; custom: is for facts a pack declares "
                        "under facts: in its pack.yaml", (NAMESPACE,))]
    # How YAML's true/false were written under custom:, so `region: no` is told why it is false.
    spelled = {} if document is None else document.spelled_within((*base, NAMESPACE))
    return [problem(message, (NAMESPACE, *path))
            for path, message in errors_against(custom, profile_schema(pack.own_facts), spelled)]


def require_profile_facts(profile: Any, pack: Pack) -> None:
    """Raise InputError when a loaded profile's `custom:` part does not fit the pack."""
    raise_if_errors(check_profile_facts(profile.data, pack, getattr(profile, "document", None), source=profile.source))


__all__ = ["NAMESPACE", "InputError", "check_profile_facts", "fold", "fold_condition", "own_fact", "profile_schema",
           "require_profile_facts"]
