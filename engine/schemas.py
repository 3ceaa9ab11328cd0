"""The JSON Schemas shipped with ssi-advise, and validation that reports problems with a place."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .documents import Document
from .problems import Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "null": "empty",
}


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema `schemas/<name>.schema.json`."""
    with (SCHEMA_DIR / f"{name}.schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)


SCHEMA_NAMES = ("profile", "rules", "pack", "report", "tests")


@lru_cache(maxsize=None)
def registry() -> Registry:
    """Every shipped schema by its $id, so one schema can refer to another's definitions."""
    resources = [(load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources(resources)


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """A compiled validator for one shipped schema, or for `schema#/$defs/x` in one."""
    if "#" in name:
        base, pointer = name.split("#", 1)
        schema: dict[str, Any] = {"$ref": load_schema(base)["$id"] + "#" + pointer}
    else:
        schema = load_schema(name)
        Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(instance: Any, schema: str) -> list[tuple[tuple, str]]:
    """Every problem of `instance` against a schema, as (path inside it, message)."""
    found = []
    for error in validator(schema).iter_errors(instance):
        found += list(_explain(error))
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
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def validate(document: Document, schema: str, data: Any = None, base: tuple = ()) -> list[Problem]:
    """Every schema problem in `data` (default: the whole document), each with its place."""
    instance = document.data if data is None else data
    problems = [document.problem(message, base + path) for path, message in schema_errors(instance, schema)]
    # oneOf branches can report the same leaf twice; keep one of each.
    return sorted(dict.fromkeys(problems), key=Problem.sort_key)


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, the sub-errors of the best matching branch."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return [best] if best is not None else [error]
    return [error]


def _explain(error: jsonschema.ValidationError) -> Iterator[tuple[tuple, str]]:
    for leaf in _leaf_errors(error):
        path = tuple(leaf.absolute_path)
        kind = leaf.validator
        if kind == "additionalProperties" and isinstance(leaf.instance, dict):
            known = list(leaf.schema.get("properties", {}))
            for key in leaf.instance:
                if key not in known and not _matches_pattern(leaf.schema, key):
                    yield path + (key,), unknown_field_message(key, known)
        elif kind == "type":
            wanted = leaf.validator_value
            words = [wanted] if isinstance(wanted, str) else list(wanted)
            expected = " or ".join(_TYPE_WORDS.get(w, w) for w in words)
            yield path, f"must be {expected}, got {show(leaf.instance)}"
        elif kind == "enum":
            options = ", ".join(str(o) for o in leaf.validator_value)
            yield path, f"must be one of {options}; got {show(leaf.instance)}"
        elif kind == "required":
            missing = [k for k in leaf.validator_value if isinstance(leaf.instance, dict) and k not in leaf.instance]
            for key in missing:
                yield path, f"'{key}' is required"
        elif kind == "maxLength":
            yield path, f"is longer than the limit of {leaf.validator_value} characters"
        elif kind == "pattern" and "propertyNames" in leaf.relative_schema_path:
            if leaf.validator_value == "^[a-z]{2}$":
                yield path, f"{show(leaf.instance)} is not a language code such as en or nl"
            else:
                yield path, f"{show(leaf.instance)} is not allowed as a key here"
        elif kind == "not" and isinstance(leaf.validator_value, dict) and list(leaf.validator_value) == ["required"]:
            # A oneOf branch that forbids a field beside the ones it requires: name both sides.
            together = " and ".join(f"'{k}'" for k in leaf.schema.get("required", []))
            yield path, f"{' and '.join(repr(k) for k in leaf.validator_value['required'])} cannot be given together with {together}"
        elif kind == "const":
            yield path, f"must be {show(leaf.validator_value)}, got {show(leaf.instance)}"
        else:
            yield path, leaf.message


def _matches_pattern(schema: dict[str, Any], key: str) -> bool:
    return any(re.search(p, key) for p in schema.get("patternProperties", {}))


def unknown_field_message(key: str, known: list[str]) -> str:
    """`unknown field 'conections' (did you mean 'connections'?)`."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
    return f"unknown field '{key}'{hint}"
