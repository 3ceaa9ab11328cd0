"""The JSON Schemas shipped with ssi-advise, and validation that reports problems with a place."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import TYPE_CHECKING, Any
from collections.abc import Iterator

from .documents import Document, JsonPath
from .fast_validation import surely_valid
from .problems import Problem, quote
from .schema_store import SCHEMA_NAMES, load_schema

if TYPE_CHECKING:  # the validators are imported when a validation runs, not at start-up
    import jsonschema
    from jsonschema import Draft202012Validator
    from referencing import Registry


_TYPE_WORDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false", "string": "text",
               "object": "a mapping", "array": "a list", "null": "empty"}




@cache
def registry() -> Registry:
    """Every shipped schema by its $id, so one schema can refer to another's definitions."""
    from referencing import Registry, Resource

    resources = [(load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A compiled validator for one shipped schema, or for `schema#/$defs/x` in one.

    The shipped schemas are checked against their metaschema by a test
    (tests/test_fastvalidate.py), not on every run.
    """
    from jsonschema import Draft202012Validator

    if "#" in name:
        base, pointer = name.split("#", 1)
        schema: dict[str, Any] = {"$ref": load_schema(base)["$id"] + "#" + pointer}
    else:
        schema = load_schema(name)
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


# Did-you-mean hints cost a fuzzy match against every known name; a file of thousands of
# unknown keys gets them for the first ones only (the rest are not shown anyway).
HINTED_UNKNOWN_FIELDS = 50
_HINTABLE_LENGTH = 100


class _Hints:
    """How many did-you-mean hints one validation may still compute."""

    def __init__(self) -> None:
        self.left = HINTED_UNKNOWN_FIELDS


def schema_errors(instance: Any, schema: str, spelled: dict[JsonPath, str] | None = None) -> list[tuple[tuple, str]]:
    """Every problem of `instance` against a schema, as (path inside it, message).

    `spelled` says how YAML's true/false values were written (yes, no, on, off), so a message
    can say why a text got a boolean.
    """
    if surely_valid(instance, schema):
        return []
    # jsonschema finds and words the problems (and is the judge: see surely_valid).
    found = []
    hints = _Hints()
    for error in validator(schema).iter_errors(instance):
        found += list(_explain(error, hints, spelled or {}))
    return list(dict.fromkeys(found))


def errors_against(instance: Any, schema: dict[str, Any], spelled: dict[JsonPath, str] | None = None) -> list[tuple[tuple, str]]:
    """Every problem of `instance` against a schema made at run time (a pack's own facts)."""
    from jsonschema import Draft202012Validator

    found = []
    hints = _Hints()
    for error in Draft202012Validator(schema).iter_errors(instance):
        found += list(_explain(error, hints, spelled or {}))
    return list(dict.fromkeys(found))


def show(value: Any, missing: str = "nothing") -> str:
    """A short, user-facing rendering of a value from a file (`missing` for no value)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return missing
    if isinstance(value, str):
        return quote(value, 40)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def validate(document: Document, schema: str, data: Any = None, base: tuple = ()) -> list[Problem]:
    """Every schema problem in `data` (default: the whole document), each with its place."""
    instance = document.data if data is None else data
    spelled = document.spelled_within(base)
    # schema_errors keeps one of each (path, message): oneOf branches can report a leaf twice.
    problems = [document.problem(message, base + path) for path, message in schema_errors(instance, schema, spelled)]
    return sorted(problems, key=Problem.sort_key)


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, the sub-errors of the branch the value was meant for: the one whose
    required keys it has (`{fact: …, lt: three}` is a comparison, whatever else it fails), else
    the best match jsonschema finds."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        meant = _branch_meant(error)
        if not meant:
            from jsonschema.exceptions import best_match

            best = best_match(error.context)
            if best is None:
                return [error]
            meant = [best]
        # A comparison inside all:, any: or not: is a oneOf of its own: explained the same way.
        return [leaf for sub in meant for leaf in _leaf_errors(sub)]
    return [error]


def _branch_meant(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors of the one branch whose required keys the mapping holds ([] when not one)."""
    instance, branches = error.instance, error.validator_value
    if not isinstance(instance, dict) or not isinstance(branches, list):
        return []
    meant = [index for index, branch in enumerate(branches)
             if isinstance(branch, dict) and branch.get("required") and all(key in instance for key in branch["required"])]
    if len(meant) != 1:
        return []
    return [sub for sub in error.context if sub.relative_schema_path and sub.relative_schema_path[0] == meant[0]]


def _explain(error: jsonschema.ValidationError, hints: _Hints, spelled: dict[JsonPath, str]) -> Iterator[tuple[tuple, str]]:
    types = _types_wanted(error)
    if types:
        yield tuple(error.absolute_path), f"must be {types}, got {show(error.instance)}"
        return
    for leaf in _leaf_errors(error):
        yield from _explain_leaf(leaf, hints, spelled)


def _explain_leaf(leaf: jsonschema.ValidationError, hints: _Hints, spelled: dict[JsonPath, str]) -> Iterator[tuple[tuple, str]]:
    """One problem (a oneOf's best branch's) in words, with its path."""
    path = tuple(leaf.absolute_path)
    kind = leaf.validator
    if kind == "additionalProperties" and isinstance(leaf.instance, dict):
        yield from _unknown_fields(leaf, path, hints)
    elif kind == "type":
        wanted = leaf.validator_value
        words = [wanted] if isinstance(wanted, str) else list(wanted)
        expected = " or ".join(_TYPE_WORDS.get(w, w) for w in words)
        reading = _yaml_reading(leaf.instance, spelled.get(path)) if "string" in words else ""
        yield path, f"must be {expected}, got {show(leaf.instance)}{reading}"
    elif kind == "enum":
        options = ", ".join(str(o) for o in leaf.validator_value)
        reading = _yaml_reading(leaf.instance, spelled.get(path)) if all(isinstance(o, str) for o in leaf.validator_value) else ""
        yield path, f"must be one of {options}; got {show(leaf.instance)}{reading}"
    elif kind == "required":
        missing = [k for k in leaf.validator_value if isinstance(leaf.instance, dict) and k not in leaf.instance]
        for key in missing:
            yield path, f"'{key}' is required"
    elif kind == "maxLength":
        yield path, f"is longer than the limit of {leaf.validator_value} characters"
    elif kind == "pattern" and (leaf.validator_value == "^[a-z]{2}$" or "propertyNames" in leaf.relative_schema_path):
        yield path, _pattern_problem(leaf)
    elif kind == "not" and isinstance(leaf.validator_value, dict) and list(leaf.validator_value) == ["required"]:
        # A oneOf branch that forbids a field beside the ones it requires: name both sides.
        together = " and ".join(f"'{k}'" for k in leaf.schema.get("required", []))
        yield path, f"{' and '.join(repr(k) for k in leaf.validator_value['required'])} cannot be given together with {together}"
    elif kind == "const":
        yield path, f"must be {show(leaf.validator_value)}, got {show(leaf.instance)}"
    elif kind in ("maxProperties", "minProperties") and isinstance(leaf.instance, dict):
        # Say what was given and the rule: a comparison's own (one fact and one operator), else the count.
        given = ", ".join(str(key) for key in leaf.instance) or "nothing"
        comparison = isinstance(leaf.schema, dict) and "fact" in leaf.schema.get("properties", {})
        keys = "key" if leaf.validator_value == 1 else "keys"
        count = (f"at most {leaf.validator_value} {keys} allowed here" if kind == "maxProperties"
                 else f"at least {leaf.validator_value} {keys} needed here")
        yield path, f"holds {given}: " + (leaf.schema["description"] if comparison else count)
    else:
        yield path, _shortened(leaf)


def _pattern_problem(leaf: jsonschema.ValidationError) -> str:
    """A language code or a key that does not have the form asked for, in words."""
    if leaf.validator_value == "^[a-z]{2}$":
        return f"{show(leaf.instance)} is not a language code such as en or nl"
    why = leaf.schema.get("description") if isinstance(leaf.schema, dict) else None
    return f"{show(leaf.instance)} is not allowed as a key here" + (f": {why}" if why else "")


def _types_wanted(error: jsonschema.ValidationError) -> str:
    """A value of none of an anyOf's types: all of them ("a number, or text"), not the first only."""
    if error.validator not in ("oneOf", "anyOf") or not error.context or any(
            e.validator != "type" or len(e.relative_schema_path) != 2 for e in error.context):
        return ""
    words = [_TYPE_WORDS.get(e.validator_value, str(e.validator_value)) for e in error.context]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])}, or {words[-1]}"


def _unknown_fields(leaf: jsonschema.ValidationError, path: tuple, hints: _Hints) -> Iterator[tuple[tuple, str]]:
    known = list(leaf.schema.get("properties", {}))
    names = set(known)
    patterns = leaf.schema.get("patternProperties")
    for key in leaf.instance:
        if key not in names and not (patterns and _matches_pattern(leaf.schema, key)):
            hinted = hints.left > 0
            hints.left -= hinted
            yield path + (key,), unknown_field_message(key, known, hint=hinted)


def _yaml_reading(value: Any, word: str | None) -> str:
    """Why YAML made a boolean of what the user wrote as a word, and what to write instead."""
    if word is None or not isinstance(value, bool):
        return ""
    return f" (YAML reads an unquoted {word} as {show(value)}; write '{word}' in quotes for the text)"


def _shortened(error: jsonschema.ValidationError) -> str:
    """jsonschema's own message, with the value it quotes shortened and escaped."""
    own = repr(error.instance)
    if error.message.startswith(own) and isinstance(error.instance, (str, dict, list)):
        return show(error.instance) + error.message[len(own):]
    return error.message


def _matches_pattern(schema: dict[str, Any], key: str) -> bool:
    return any(re.search(p, key) for p in schema.get("patternProperties", {}))


def unknown_field_message(key: str, known: list[str], hint: bool = True) -> str:
    """`unknown field 'conections' (did you mean 'connections'?)`; `hint=False` leaves the hint out."""
    if not hint:
        return f"unknown field {quote(key)}"
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if len(key) <= _HINTABLE_LENGTH else []
    hint_text = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
    return f"unknown field {quote(key)}{hint_text}"
