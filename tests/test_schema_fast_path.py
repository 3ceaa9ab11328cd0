"""Schema validation asks fastjsonschema first and trusts it only to say "valid" (every problem
is still found and worded by jsonschema). So it must never call valid what jsonschema refuses:
these check that both agree on mutated real files, the shipped ones included."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssi_advise.engine.fast_validation import _fast_check, _fast_copy
from ssi_advise.engine.schemas import load_schema, validator

REPO = Path(__file__).resolve().parent.parent
RULE_FILES = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "rules").glob("*.yaml")) if p.name != "pack.yaml"]
PACK_FILE = yaml.safe_load((REPO / "rules" / "pack.yaml").read_text(encoding="utf-8"))
PROFILES = [d for p in sorted((REPO / "examples").glob("*.yaml")) if (d := yaml.safe_load(p.read_text(encoding="utf-8")))]
MUTANTS = [None, True, False, 0, -1, 1, 1.5, 1e12, -0.25, "", "x" * 300, "brand.photo", "Brand", [], {}, [1], {"a": 1},
           {"en": "x"}, {"fact": "brand.skills", "lt": 3}, {"not": {"fact": "account", "eq": "free"}}, {"all": []}]


def agree(instance, schema: str) -> None:
    fast = _fast_check(schema)
    assert fast is not None
    try:
        fast(copy.deepcopy(instance))
        fast_valid = True
    except Exception:
        fast_valid = False
    assert fast_valid == validator(schema).is_valid(instance), json.dumps(instance, default=str)[:500]


def leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaf_paths(value, (*path, index))
    if path:
        yield path


def mutated(data, draw):
    data = copy.deepcopy(data)
    path = draw(st.sampled_from(list(leaf_paths(data))))
    node = data
    for part in path[:-1]:
        node = node[part]
    action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
    if action == "delete" and isinstance(node, dict):
        del node[path[-1]]
    elif action == "add" and isinstance(node, dict):
        node[draw(st.sampled_from(["extra", "min", "points", "not", "label", "fact"]))] = draw(st.sampled_from(MUTANTS))
    else:
        node[path[-1]] = draw(st.sampled_from(MUTANTS))
    return data


def test_the_shipped_files_are_valid_both_ways():
    for data in RULE_FILES:
        agree(data, "rules")
    agree(PACK_FILE, "pack")
    for data in [*PROFILES, {}]:
        agree(data, "profile")
    assert load_schema("rules")["$defs"]["condition"]  # fastjsonschema left the cached schemas whole


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_and_full_validation_agree_on_mutated_rule_files(data):
    agree(mutated(data.draw(st.sampled_from(RULE_FILES)), data.draw), "rules")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fast_and_full_validation_agree_on_mutated_pack_files_and_profiles(data):
    agree(mutated(PACK_FILE, data.draw), "pack")
    agree(mutated(data.draw(st.sampled_from(PROFILES)), data.draw), "profile")


def test_const_is_held_by_the_fast_validator_too() -> None:
    # The fast copy writes `const: true` as `enum: [true]` (fastjsonschema cannot generate
    # `const` without detailed exceptions): `exists: false` must still be refused, and a
    # property named like a keyword is left alone.
    rule = {"pillar": "brand", "measures": [{"id": "brand.x", "title": {"en": "X"}, "max_points": 1, "checks": [
        {"fact": "brand.photo", "points": 1, "title": {"en": "Photo"}}]}],
        "advice": [{"id": "brand.tip", "improves": "brand.x", "when": {"fact": "brand.photo", "exists": True},
                    "effort_minutes_per_week": 5, "title": {"en": "T"}, "text": {"en": "T"}}]}
    agree(rule, "rules")
    assert validator("rules").is_valid(rule)
    rule["advice"][0]["when"]["exists"] = False
    agree(rule, "rules")
    assert not validator("rules").is_valid(rule)
    assert _fast_copy({"properties": {"const": {"const": 1}}, "const": {"a": 1}}) == {
        "properties": {"const": {"enum": [1]}}, "enum": [{"a": 1}]}


def test_the_shipped_profile_validator_is_made_from_the_shipped_schemas():
    # Stale code would be bypassed at run time (its digest differs) and cost a start-up of 15 ms.
    from ssi_advise.engine import profile_validator
    from ssi_advise.engine.fast_validation import schemas_digest, shipped_validator

    assert schemas_digest() == profile_validator.SCHEMA_DIGEST, "regenerate it: python -m ssi_advise.engine.schema_code"
    assert _fast_check("profile") is shipped_validator() is profile_validator.validate


def test_the_shipped_profile_validator_is_what_the_generator_makes_now():
    # The digest covers the schemas, not the way the code is made from them.
    import fastjsonschema

    from ssi_advise.engine import profile_validator
    from ssi_advise.engine.schema_code import SHIPPED, source

    if fastjsonschema.VERSION != profile_validator.VERSION:
        pytest.skip(f"made by fastjsonschema {profile_validator.VERSION}, {fastjsonschema.VERSION} installed")
    assert SHIPPED.read_text(encoding="utf-8") == source(), "regenerate it: python -m ssi_advise.engine.schema_code"


def test_only_simple_definitions_beside_annotations_are_written_in_place():
    from ssi_advise.engine.fast_validation import _inlined

    schema = {
        "$defs": {"count": {"type": "integer", "minimum": 0}, "open": {"type": "object", "additionalProperties": False}},
        "properties": {
            "a": {"$ref": "#/$defs/count", "description": "A count."},
            "b": {"$ref": "#/$defs/count", "maximum": 9},  # two maxima or minima would clash: kept
            "c": {"$ref": "#/$defs/open", "properties": {"x": {}}},  # additionalProperties reads properties: kept
            "$ref": {"$ref": "#/$defs/count"},  # a property of that name is a property
        },
    }
    assert _inlined(schema)["properties"] == {
        "a": {"type": "integer", "minimum": 0, "description": "A count."},
        "b": {"$ref": "#/$defs/count", "maximum": 9},
        "c": {"$ref": "#/$defs/open", "properties": {"x": {}}},
        "$ref": {"type": "integer", "minimum": 0},
    }


def test_a_validator_made_from_other_schemas_is_not_used(monkeypatch):
    from ssi_advise.engine import profile_validator
    from ssi_advise.engine.fast_validation import shipped_validator

    monkeypatch.setattr(profile_validator, "SCHEMA_DIGEST", "0" * 64)
    assert shipped_validator() is None
