"""The generated validator (engine/fast_validation.py, `surely_valid`) only ever says "valid" when
jsonschema would: the problems a user sees on a profile are jsonschema's, the same with the fast
path as without it (tests/test_schema_fast_path.py does the same for packs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FACT_PATHS, profiles, set_path

from ssi_advise.engine import InputError, schemas
from ssi_advise.engine.documents import Document, parse_document
from ssi_advise.engine.problems import Problem
from ssi_advise.engine.profile import profile_from_document
from ssi_advise.engine.fast_validation import compiled_profile_check
from ssi_advise.engine.schemas import SCHEMA_NAMES, load_schema, schema_errors, surely_valid, validator

HOSTILE_PROFILES = sorted((Path(__file__).parent / "hostile" / "profiles").iterdir())


def problems_without_fast_path(document: Document) -> list[str]:
    """What jsonschema alone says of a profile."""
    if not isinstance(document.data, dict):
        return ["not a mapping"]
    found = [document.problem(message, path) for path, message in jsonschema_errors(document.data, document.spelled)]
    return [p.format() for p in sorted(dict.fromkeys(found), key=Problem.sort_key)]


def jsonschema_errors(data: Any, spelled: dict | None = None) -> list[tuple[tuple, str]]:
    hints = schemas._Hints()
    found = []
    for error in validator("profile").iter_errors(data):
        found += list(schemas._explain(error, hints, spelled or {}))
    return list(dict.fromkeys(found))


def problems_with_fast_path(document: Document) -> list[str]:
    if not isinstance(document.data, dict):
        return ["not a mapping"]
    try:
        profile_from_document(document)
    except InputError as error:
        return [p.format() for p in error.problems]
    return []


def agrees(data: Any) -> None:
    if surely_valid(data, "profile"):
        assert jsonschema_errors(data) == [], data
    # The check a batch takes from its 300th profile on (jsonschema-rs) says "valid" no more often.
    compiled = compiled_profile_check()
    assert compiled is not None
    if compiled(data):
        assert jsonschema_errors(data) == [], data
    document = Document("p.json", data, {})
    assert problems_with_fast_path(document) == problems_without_fast_path(document)


@pytest.mark.parametrize("path", HOSTILE_PROFILES, ids=[p.name for p in HOSTILE_PROFILES])
def test_hostile_profiles_get_the_same_problems_with_the_fast_path(path: Path) -> None:
    try:
        document = parse_document(path.read_text(encoding="utf-8-sig"), path.name)
    except (InputError, UnicodeDecodeError):
        pytest.skip("refused before validation")
    assert problems_with_fast_path(document) == problems_without_fast_path(document)


def test_where_the_two_disagree_jsonschema_wins() -> None:
    # fastjsonschema reads `$` as the very end; Python's re, and so jsonschema, also
    # accepts it before a final newline. The fast path says "ask jsonschema", which accepts.
    data = {"language": "en\n"}
    assert not surely_valid(data, "profile")
    assert schema_errors(data, "profile") == jsonschema_errors(data) == []
    assert problems_with_fast_path(Document("p.json", data, {})) == []


def test_a_part_of_a_schema_takes_no_fast_path() -> None:
    assert surely_valid({}, "profile")
    assert not surely_valid({}, "profile#/$defs/count")


def test_the_schema_given_to_the_generator_is_a_copy() -> None:
    before = json.dumps(load_schema("profile"), sort_keys=True)
    surely_valid({"brand": {"skills": 3}}, "profile")
    assert json.dumps(load_schema("profile"), sort_keys=True) == before


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_schemas_are_valid_against_their_metaschema(name: str) -> None:
    # Checked here once, not on every run of the program.
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_schema(name))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False) | st.text(max_size=210),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


@st.composite
def damaged_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile with a few values swapped for anything, or unknown keys added."""
    data = draw(profiles())
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([*FACT_PATHS, "id", "language", "account", "brand.nope", "ssi.brand", "extra"]))
        set_path(data, path, draw(JSON_VALUES))
    if draw(st.booleans()):  # a whole section of the wrong shape
        data[draw(st.sampled_from(["brand", "people", "ssi"]))] = draw(JSON_VALUES)
    return data


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_generated_profiles_get_the_same_verdict(data: dict[str, Any]) -> None:
    assert surely_valid(data, "profile")
    agrees(data)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_profiles())
def test_damaged_profiles_get_the_same_problems(data: dict[str, Any]) -> None:
    agrees(data)


def test_a_batch_checks_profiles_with_jsonschema_rs_from_its_300th_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from ssi_advise.engine import fast_validation

    asked: list[Any] = []
    real = compiled_profile_check()
    assert real is not None
    monkeypatch.setattr(fast_validation, "compiled_profile_check", lambda: lambda data: asked.append(data) or real(data))
    monkeypatch.setattr(fast_validation, "_profiles_seen", [0])
    for _ in range(fast_validation.COMPILED_AFTER):
        assert surely_valid({"brand": {"skills": 3}}, "profile")
    assert asked == []
    assert surely_valid({"brand": {"skills": 3}}, "profile") and not surely_valid({"brand": {"skills": -3}}, "profile")
    assert len(asked) == 2
    # Stricter than jsonschema here, which then decides: "en\n" passes jsonschema's pattern.
    assert not real({"language": "en\n"}) and not real({"brand": {"skills": 2**70}})
