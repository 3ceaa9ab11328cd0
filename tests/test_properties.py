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
def test_one_action_per_goal_leads_in_priority_order_and_its_alternatives_follow_it(default_compiled, data):
    actions = evaluate(profile_from_dict(data), default_compiled).actions
    def key(a):
        return (-a.priority, -a.expected_gain, -a.points_at_stake, a.effort_minutes_per_week, a.id)
    leaders = [a for a in actions if a.alternative_to is None]
    assert [key(a) for a in leaders] == sorted(key(a) for a in leaders)
    goals = [(a.measure, *sorted(a.facts)) for a in leaders]
    assert len(goals) == len(set(goals))  # one leader per goal
    by_id = {a.id: a for a in actions}
    for index, action in enumerate(actions):
        if action.alternative_to is not None:
            leader = by_id[action.alternative_to]
            # right after its leader (or the leader's other alternatives), never ranked above it
            assert leader.alternative_to is None and leader.rank < action.rank
            assert all(a.alternative_to == leader.id for a in actions[leader.rank:index])
            assert key(leader) <= key(action) and (leader.measure, *sorted(leader.facts)) == (action.measure, *sorted(action.facts))
    assert [a.rank for a in actions] == list(range(1, len(actions) + 1))
    assert all(a.expected_gain >= 0 and 1 <= a.pillar_weight <= 2 for a in actions)
