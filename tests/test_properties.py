"""Invariants of scoring, whatever the profile: ranges, sums, and monotonicity."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FACT_PATHS, profiles, set_path

from ssi_advise.engine import evaluate, profile_from_dict
from ssi_advise.engine.facts import catalogue

GOOD_COUNTS = [p for p in FACT_PATHS if catalogue()[p].numeric]
GOOD_FLAGS = [p for p in FACT_PATHS if catalogue()[p].type == "boolean"]

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(profiles())
def test_every_pillar_stays_within_0_and_25_and_the_total_is_their_sum(default_compiled, data):
    report = evaluate(profile_from_dict(data), default_compiled)
    for pillar in report.pillars.values():
        assert 0 <= pillar.score <= 25
        assert all(0 <= m.points <= m.max_points for m in pillar.measures)
    assert report.total == round(sum(p.score for p in report.pillars.values()), 2)
    assert 0 <= report.total <= 100


@SETTINGS
@given(profiles(), st.sampled_from(GOOD_COUNTS), st.floats(0, 1))
def test_raising_a_good_count_never_lowers_any_score(default_compiled, data, path, share):
    before = evaluate(profile_from_dict(data), default_compiled)
    raised = copy.deepcopy(data)
    current = profile_from_dict(data).fact(path) or 0
    top = catalogue()[path].maximum
    bigger = current + (top - current) * share
    set_path(raised, path, int(bigger) if catalogue()[path].type == "integer" else bigger)
    after = evaluate(profile_from_dict(raised), default_compiled)
    for pillar in before.pillars:
        assert after.pillars[pillar].score >= before.pillars[pillar].score
    assert after.total >= before.total


@SETTINGS
@given(profiles(), st.sampled_from(GOOD_FLAGS))
def test_turning_a_profile_element_on_never_lowers_a_score(default_compiled, data, path):
    before = evaluate(profile_from_dict(data), default_compiled)
    raised = copy.deepcopy(data)
    set_path(raised, path, True)
    assert evaluate(profile_from_dict(raised), default_compiled).total >= before.total


@SETTINGS
@given(profiles())
def test_actions_are_ranked_by_priority_then_gain_then_effort_then_id(default_compiled, data):
    actions = evaluate(profile_from_dict(data), default_compiled).actions
    keys = [(-a.priority, -a.expected_gain, a.effort_minutes_per_week, a.id) for a in actions]
    assert keys == sorted(keys)
    assert [a.rank for a in actions] == list(range(1, len(actions) + 1))
    assert all(a.expected_gain >= 0 and 1 <= a.pillar_weight <= 2 for a in actions)
