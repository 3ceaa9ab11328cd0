"""Validation's fast path: jsonschema-rs (compiled Rust), trusted only to say "valid".

Every problem, with its place and wording, still comes from jsonschema (engine/schemas.py);
the fast validator only spares the usual valid file from it. A batch validates profiles by
the thousand: jsonschema-rs takes some 1.5 µs a profile, where the code fastjsonschema
generated from the profile schema took 7.7 µs and jsonschema itself some 900 µs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from .schema_store import SCHEMA_NAMES, load_schema


@cache
def _registry() -> Any:
    """The shipped schemas by their `$id`, for the references between them (pack → rules)."""
    import jsonschema_rs

    return jsonschema_rs.Registry([(load_schema(name)["$id"], load_schema(name)) for name in SCHEMA_NAMES])


@cache
def _fast_check(name: str) -> Callable[[Any], bool] | None:
    """jsonschema-rs's check of a whole shipped schema, or None where it cannot serve: a part of
    a schema (`profile#/$defs/count`), and a schema with a `format`, which the two read
    differently (jsonschema-rs takes a leap second, 23:59:60, as a date-time; jsonschema does not)."""
    if "#" in name or _has_format(load_schema(name)):
        return None
    import jsonschema_rs

    # It reads a copy of the schema: the cached one is left as it is.
    validator = jsonschema_rs.validator_for(load_schema(name), registry=_registry(), validate_formats=True)
    check: Callable[[Any], bool] = validator.is_valid
    return check


# Keywords whose value maps names to schemas: those names are not keywords.
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _has_format(schema: Any) -> bool:
    if isinstance(schema, list):
        return any(_has_format(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    if isinstance(schema.get("format"), str):
        return True
    return any(_has_format(list(value.values()) if key in _NAMED_SCHEMAS and isinstance(value, dict) else value)
               for key, value in schema.items() if key not in ("enum", "const", "default", "examples"))


def surely_valid(instance: Any, schema: str) -> bool:
    """True when jsonschema-rs finds `instance` valid against a shipped schema; False means "ask
    jsonschema", which then decides (the two differ on `$` before a final newline in a pattern,
    which jsonschema accepts) and words every problem."""
    fast = _fast_check(schema)
    if fast is None:
        return False
    try:
        return fast(instance)
    except ValueError:
        # A value JSON has no word for, as YAML may give (a date, a set): jsonschema says what it is.
        return False
