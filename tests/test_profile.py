"""The profile fact set: what is accepted, and the exact errors users get for what is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssi_advise.engine import InputError, load_profile, profile_from_dict


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path)
    return [p.format().replace(str(path), "profile.yaml") for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_line_and_field(tmp_path):
    text = (
        "name: Jan\n"
        "relationships:\n"
        "  connections: -5\n"
        "  conections: 3\n"
        "brand:\n"
        "  photo: 1\n"
        "  skills: '12'\n"
        "account: pro\n"
    )
    assert errors(tmp_path, text) == [
        "profile.yaml:3:3: relationships.connections: -5 is less than the minimum of 0",
        "profile.yaml:4:3: relationships.conections: unknown field 'conections' (did you mean 'connections'?)",
        "profile.yaml:6:3: brand.photo: must be true or false, got 1",
        "profile.yaml:7:3: brand.skills: must be a whole number, got '12'",
        "profile.yaml:8:1: account: must be one of free, premium, sales_navigator; got 'pro'",
    ]


def test_booleans_are_not_numbers_and_numbers_are_not_strings(tmp_path):
    assert errors(tmp_path, "insights:\n  groups: true\nname: 5\n") == [
        "profile.yaml:2:3: insights.groups: must be a whole number, got true",
        "profile.yaml:3:1: name: must be text, got 5",
    ]


def test_limits_come_from_linkedin(tmp_path):
    assert errors(tmp_path, "insights:\n  groups: 101\n") == [
        "profile.yaml:2:3: insights.groups: 101 is greater than the maximum of 100"
    ]


def test_an_unknown_top_level_field_without_a_close_match_lists_the_fields(tmp_path):
    (message,) = errors(tmp_path, "xyzzy: 1\n")
    assert message.startswith("profile.yaml:1:1: xyzzy: unknown field 'xyzzy' (expected one of: id, name,")


def test_a_profile_must_be_a_mapping(tmp_path):
    assert errors(tmp_path, "- 1\n- 2\n") == ["profile.yaml:1:1: a profile must be a mapping of fields, got a list"]


def test_every_field_is_optional():
    profile = profile_from_dict({})
    assert profile.fact("relationships.connections") is None
    assert profile.ssi == {}


def test_the_documented_example_profile_is_valid():
    profile = profile_from_dict(
        {
            "id": "client-042",
            "name": "Jan Jansen",
            "industry": "Staffing and Recruiting",
            "account": "free",
            "brand": {"photo": True, "headline": True, "about": True, "current_position": True, "past_positions": 2,
                      "education": 1, "skills": 12, "media_items": 3, "endorsements": 40,
                      "recommendations_received": 2, "recommendations_given": 1, "articles": 0, "followers": 300},
            "people": {"views_network_per_week": 10, "views_prospects_per_week": 5, "searches_per_week": 5,
                       "advanced_searches_per_week": 1, "profile_views_per_week": 30, "days_active_per_week": 4},
            "insights": {"company_pages_followed": 20, "groups": 12, "posts_per_week": 1, "reactions_given_per_week": 10,
                         "comments_given_per_week": 3, "interactions_received_per_week": 15},
            "relationships": {"connections": 450, "senior_connections": 40, "internal_connections": 25,
                              "invitation_acceptance_rate": 0.6},
            "ssi": {"brand": 12.5, "people": 10.1, "insights": 8.0, "relationships": 14.2, "industry_average": 38,
                    "industry_rank_percent": 25, "network_rank_percent": 30},
        }
    )
    assert profile.fact("brand.skills") == 12 and profile.ssi["relationships"] == 14.2


def test_standard_input_is_read_for_a_dash(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"relationships": {"connections": 12}}')))
    profile = load_profile("-")
    assert profile.fact("relationships.connections") == 12 and profile.source == "<stdin>"


def test_facts_are_flattened_by_dotted_path_the_same_path_object_each_time(monkeypatch):
    from ssi_advise.engine import profile as profile_module

    data = {"id": "a", "brand": {"skills": 4}, "relationships": {"connections": 450}}
    first, second = profile_from_dict(data).flat, profile_from_dict(dict(data, id="b")).flat
    assert first == {"id": "a", "brand.skills": 4, "relationships.connections": 450}
    # One object per path: a batch looks each up in every profile.
    assert all(a is b for a, b in zip(list(first)[1:], list(second)[1:], strict=True))
    # Deeper mappings (not in the schema) still flatten; names kept per section stay bounded.
    assert profile_module._flatten({"a": {"b": {"c": {"d": 1}}}}) == {"a.b.c.d": 1}
    monkeypatch.setattr(profile_module, "_PATHS_KEPT", 2)
    monkeypatch.setattr(profile_module, "_PATHS", {})
    flat = profile_module._flatten({"custom": {f"n{i}": i for i in range(10)}})
    assert list(flat) == [f"custom.n{i}" for i in range(10)] and len(profile_module._PATHS["custom"]) == 2
    flat = profile_module._flatten({f"s{i}": {"x": i} for i in range(5)})
    assert list(flat) == [f"s{i}.x" for i in range(5)] and len(profile_module._PATHS) == 2
