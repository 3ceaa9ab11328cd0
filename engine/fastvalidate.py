"""A generated validator for the happy path; jsonschema stays the judge of what is wrong.

fastjsonschema turns the profile schema into plain Python (about 25 times faster than
jsonschema's validator). It only answers "valid or not": when it says not, `schemas.validate`
runs jsonschema to explain the failure, so the problems a user sees are jsonschema's, byte
for byte, and jsonschema's verdict wins should the two ever disagree (they do on `$`
before a final newline in a pattern; tests/test_fastvalidate.py compares them).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

from .schemas import load_schema

# Only self-contained schemas: fastjsonschema would fetch a remote `$ref` over the network.
FAST_SCHEMAS = ("profile",)


def _refuse_remote(uri: str) -> Any:
    raise ValueError(f"remote $ref {uri} is not followed")


@cache
def _validator(name: str) -> Callable[[Any], Any]:
    import fastjsonschema

    # fastjsonschema rewrites `$ref`s inside the schema it is given: hand it a copy.
    schema = copy.deepcopy(load_schema(name))
    return fastjsonschema.compile(
        schema, handlers={"http": _refuse_remote, "https": _refuse_remote}, use_formats=False, detailed_exceptions=False
    )


def surely_valid(instance: Any, name: str) -> bool:
    """True when `instance` is valid against the shipped schema `name`; False means "ask jsonschema"."""
    if name not in FAST_SCHEMAS:
        return False
    import fastjsonschema

    try:
        _validator(name)(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True
