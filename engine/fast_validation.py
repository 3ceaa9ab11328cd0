"""Validation's fast path: fastjsonschema's generated code, trusted only to say "valid".

Every problem, with its place and wording, still comes from jsonschema (engine/schemas.py);
the generated code only spares the usual valid file from it. The profile schema's code is
generated ahead and shipped (engine/schema_code.py, engine/profile_validator.py).
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from .schema_store import SCHEMA_DIR, SCHEMA_NAMES, load_schema


def schemas_digest() -> str:
    """The SHA-256 of every shipped schema file: what generated code depends on."""
    # Their bytes, not their parsed form: parsing all five cost 4 ms of every start-up.
    digest = hashlib.sha256()
    for name in SCHEMA_NAMES:
        digest.update((SCHEMA_DIR / f"{name}.schema.json").read_bytes())
    return digest.hexdigest()


def shipped_validator() -> Any:
    """The shipped profile validator, or None when it was made from other schemas than these."""
    try:
        from . import profile_validator
    except ImportError:  # made by a fastjsonschema newer than the one installed
        return None
    return profile_validator.validate if schemas_digest() == profile_validator.SCHEMA_DIGEST else None


def fast_compile_arguments(name: str) -> tuple[Any, dict[str, Any]]:
    """What fastjsonschema is given for a shipped schema: a copy of it, and the options."""
    # fastjsonschema changes the schemas it is given (it resolves references in place): copies.
    by_id = {load_schema(n)["$id"]: n for n in SCHEMA_NAMES}
    options = {
        "handlers": {"https": lambda uri: _fast_copy(load_schema(by_id[uri]))},
        # Only "valid or not" is asked of it: exceptions without the schema inside halve the
        # code it generates, and the time to generate and compile it (19 → 6 ms a start).
        "use_default": False, "detailed_exceptions": False,
    }
    return _inlined(load_schema(name)), options


# A definition made of these keywords alone means the same written in place of a `$ref` to it
# beside keywords that only annotate; no keyword here reads another (as additionalProperties
# reads properties), so nothing can change its meaning by moving.
_STANDALONE = frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                         "minLength", "maxLength", "pattern", "format", "enum", "description", "title"})
_ANNOTATIONS = frozenset({"description", "title", "examples", "$comment"})


def _inlined(schema: Any) -> Any:
    """`_fast_copy` of a schema with each `$ref` to one of its own simple definitions
    (`#/$defs/count`) written out in place: fastjsonschema makes a function of every definition
    it is sent to, and the profile's 60-odd facts then cost a call each (the generated
    validator 15% faster inlined)."""
    definitions = schema.get("$defs", {}) if isinstance(schema, dict) else {}
    simple = {}
    for name, body in definitions.items():
        fast = _fast_copy(body)
        if isinstance(fast, dict) and set(fast) <= _STANDALONE:
            simple[f"#/$defs/{name}"] = fast
    return _fast_copy(schema, simple)


@cache
def _fast_check(name: str) -> Callable[[Any], Any] | None:
    """fastjsonschema's generated code for a whole shipped schema, or None where it cannot serve.

    On a valid file it is some 20 times faster than jsonschema (which took 1.3 s of the 1.8 s
    a 2,000-rule file took to load), so it is asked first and only ever trusted to say
    "valid": every problem, with its place and wording, still comes from jsonschema. It never
    fills in defaults (use_default=False), so the data is left as read. The profile schema's
    code is shipped, made from these very schemas (engine/schema_code.py).
    """
    if "#" in name:
        return None
    if name == "profile":
        shipped = shipped_validator()
        if shipped is not None:
            return shipped
    import fastjsonschema

    definition, options = fast_compile_arguments(name)
    try:
        return fastjsonschema.compile(definition, **options)
    except fastjsonschema.JsonSchemaDefinitionException:
        return None


# Keywords whose value maps names to schemas, and those whose value is data, not a schema.
_NAMED_SCHEMAS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_DATA = frozenset({"const", "enum", "default", "examples"})
_NONE: Mapping[str, Any] = MappingProxyType({})


def _fast_copy(schema: Any, inline: Mapping[str, Any] = _NONE) -> Any:
    """A copy of a schema for fastjsonschema, each `const: x` written as the `enum: [x]` it means
    (its generator fails on `const` without detailed exceptions: KeyError 'definition_rule'),
    and each `$ref` to one of the definitions in `inline`, beside keywords that only annotate,
    written out in place (`_inlined`)."""
    if isinstance(schema, list):
        return [_fast_copy(item, inline) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    target = inline.get(reference) if isinstance(reference, str) else None
    if target is not None and set(schema) - {"$ref"} <= _ANNOTATIONS:
        return {**copy.deepcopy(target), **{key: copy.deepcopy(value) for key, value in schema.items() if key != "$ref"}}
    copied: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DATA:
            copied[key] = copy.deepcopy(value)
        elif key in _NAMED_SCHEMAS and isinstance(value, dict):
            copied[key] = {name: _fast_copy(inner, inline) for name, inner in value.items()}
        else:
            copied[key] = _fast_copy(value, inline)
    if "const" in copied and "enum" not in copied:
        copied["enum"] = [copied.pop("const")]
    return copied


# A batch validates profiles by the thousand. From this many on in one process, a profile is
# checked by jsonschema-rs (compiled Rust: some 1.5 µs, where the generated code takes 7.7);
# importing it costs some 30 ms, more than a single run can spare of its start-up.
COMPILED_AFTER = 300
_profiles_seen = [0]


@cache
def compiled_profile_check() -> Callable[[Any], bool] | None:
    """jsonschema-rs's check of the profile schema, or None without jsonschema-rs. Trusted, as
    the generated code is, only to say "valid"; it is the stricter of the two on `$` before a
    final newline, and says "not valid" of an integer past 64 bits (jsonschema then decides)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(load_schema("profile")).is_valid


def surely_valid(instance: Any, schema: str) -> bool:
    """True when the generated validator finds `instance` valid against a shipped schema;
    False means "ask jsonschema", which then decides (the two differ on `$` before a final
    newline in a pattern, which jsonschema accepts) and words every problem."""
    if schema == "profile":
        _profiles_seen[0] += 1
        if _profiles_seen[0] > COMPILED_AFTER:
            compiled = compiled_profile_check()
            if compiled is not None:
                return compiled(instance)
    fast = _fast_check(schema)
    if fast is None:
        return False
    import fastjsonschema

    try:
        fast(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


