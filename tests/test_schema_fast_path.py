"""Schema validation asks jsonschema-rs first and trusts it only to say "valid" (every problem
is still found and worded by jsonschema). So it must never call valid what jsonschema refuses:
these check that both agree on mutated real files, the shipped ones included."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssi_advise.engine.fast_validation import _fast_check, surely_valid
from ssi_advise.engine.schemas import load_schema, validator

REPO = Path(__file__).resolve().parent.parent
RULE_FILES = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "rules").glob("*.yaml")) if p.name != "pack.yaml"]
PACK_FILE = yaml.safe_load((REPO / "rules" / "pack.yaml").read_text(encoding="utf-8"))
PROFILES = [d for p in sorted((REPO / "examples").glob("*.yaml")) if (d := yaml.safe_load(p.read_text(encoding="utf-8")))]
MUTANTS = [None, True, False, 0, -1, 1, 1.5, 1e12, -0.25, "", "x" * 300, "brand.photo", "Brand", [], {}, [1], {"a": 1},
           {"en": "x"}, {"fact": "brand.skills", "lt": 3}, {"not": {"fact": "account", "eq": "free"}}, {"all": []}]


def agree(instance, schema: str) -> None:
    assert _fast_check(schema) is not None
    fast_valid = surely_valid(copy.deepcopy(instance), schema)
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
    assert load_schema("rules")["$defs"]["condition"]  # the cached schemas left whole


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
    # `exists: true` is a `const`: `exists: false` must be refused both ways.
    rule = {"pillar": "brand", "measures": [{"id": "brand.x", "title": {"en": "X"}, "max_points": 1, "checks": [
        {"fact": "brand.photo", "points": 1, "title": {"en": "Photo"}}]}],
        "advice": [{"id": "brand.tip", "improves": "brand.x", "when": {"fact": "brand.photo", "exists": True},
                    "effort_minutes_per_week": 5, "title": {"en": "T"}, "text": {"en": "T"}}]}
    agree(rule, "rules")
    assert validator("rules").is_valid(rule)
    rule["advice"][0]["when"]["exists"] = False
    agree(rule, "rules")
    assert not validator("rules").is_valid(rule)


def test_a_schema_with_a_format_takes_no_fast_path():
    # jsonschema-rs reads a leap second (23:59:60) as a date-time, jsonschema does not: the
    # report schema's `recorded_at` is left to jsonschema alone.
    assert _fast_check("report") is None
    assert all(_fast_check(name) is not None for name in ("profile", "rules", "pack", "tests"))


def test_a_value_json_has_no_word_for_is_left_to_jsonschema():
    import datetime

    assert not surely_valid({"id": datetime.date(2026, 1, 1)}, "profile")
    assert not validator("profile").is_valid({"id": datetime.date(2026, 1, 1)})
