"""The report's data built in one pass from what fired (engine/report_build.py): the JSON report a
batch writes is the one `--format json` prints, and the report's records are made from the same data."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import extreme_profile, profiles

from ssi_advise.engine import evaluate, profile_from_dict
from ssi_advise.engine.evaluate import report_from_firing
from ssi_advise.engine.firing import fire
from ssi_advise.engine.problems import InputError
from ssi_advise.engine.report_build import ACTION_KEYS, MEASURE_KEYS, NO_WORDS, build_report_data
from ssi_advise.reports.json import fired_report_data, report_data


def _both(compiled: Any, data: dict[str, Any], language: str) -> tuple[bytes, bytes]:
    profile = profile_from_dict(data)
    firing = fire(compiled, profile)
    direct = fired_report_data(profile, compiled, firing, language)
    through_records = report_data(report_from_firing(profile, compiled, firing), language)
    return orjson.dumps(direct), orjson.dumps(through_records)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles())
def test_the_json_report_built_from_what_fired_is_the_report_rendered_as_json(default_compiled, data) -> None:
    for language in ("en", "nl"):
        direct, through_records = _both(default_compiled, data, language)
        assert direct == through_records


@pytest.mark.parametrize("data", [{}, extreme_profile(True), extreme_profile(False)])
def test_empty_and_extreme_profiles_give_the_same_json_both_ways(default_compiled, data) -> None:
    for language in ("en", "nl"):
        direct, through_records = _both(default_compiled, data, language)
        assert direct == through_records


def test_data_without_words_holds_every_key_of_the_schema_and_no_title(default_compiled) -> None:
    profile = profile_from_dict({"brand": {"skills": 5, "photo": True}, "ssi": {"brand": 20, "people": 4}})
    data = build_report_data(profile, default_compiled, fire(default_compiled, profile), NO_WORDS)
    assert data["language"] is None
    measures = [m for p in data["pillars"].values() for m in p["measures"]]
    assert all(tuple(m) == MEASURE_KEYS and m["title"] is m["how_to_measure"] is m["why"] is None for m in measures)
    assert all(tuple(a) == ACTION_KEYS and a["title"] is a["text"] is None for a in data["actions"])
    assert all(c["title"] is None for m in measures for c in m["checks"])
    assert data["ssi"]["weakest_real_pillar"] == "people" and data["ssi"]["weakest_real_pillar_title"] is None
    # The report made from it takes its words from the pack, in every language the pack speaks.
    report = evaluate(profile, default_compiled)
    assert report.texts is default_compiled.pack.texts
    assert report_data(report, "nl")["pillars"]["brand"]["title"] != report_data(report, "en")["pillars"]["brand"]["title"]


def test_a_language_the_pack_lacks_is_refused_before_anything_is_built(default_compiled) -> None:
    profile = profile_from_dict({})
    with pytest.raises(InputError, match="has texts in en, nl only"):
        fired_report_data(profile, default_compiled, fire(default_compiled, profile), "de")


def test_reports_built_twice_share_no_mutable_entry(default_compiled) -> None:
    # The entries are copies of per-pack templates: changing one report's data leaves the next as it was.
    profile = profile_from_dict({"relationships": {"connections": 450}})
    firing = fire(default_compiled, profile)
    first = fired_report_data(profile, default_compiled, firing, "en")
    first["pillars"]["relationships"]["measures"][0]["title"] = "changed"
    first["actions"][0]["title"] = "changed"
    second = fired_report_data(profile, default_compiled, firing, "en")
    assert second["pillars"]["relationships"]["measures"][0]["title"] != "changed"
    assert second["actions"][0]["title"] != "changed"
