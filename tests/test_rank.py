"""The ranking formula (docs/ranking.md) and the gains it ranks by."""

from __future__ import annotations

from ssi_advise.engine import evaluate, profile_from_dict
from ssi_advise.engine.rank import pillar_weight, priority


def test_pillar_weight_runs_from_two_for_an_empty_pillar_to_one_for_a_full_one():
    assert pillar_weight(0) == 2.0
    assert pillar_weight(12.5) == 1.5
    assert pillar_weight(25) == 1.0
    assert pillar_weight(30) == 1.0 and pillar_weight(-1) == 2.0


def test_priority_is_weighted_points_per_hour():
    assert priority(2, 1.5, 20) == 9.0
    assert priority(0, 2, 5) == 0.0


def test_gain_is_up_to_the_next_band(default_compiled):
    # 450 connections sit in the 300–500 band; the next band earns more.
    report = evaluate(profile_from_dict({"relationships": {"connections": 450}}), default_compiled)
    measure = report.pillars["relationships"].measures[0]
    invite = next(a for a in report.actions if a.id == "relationships.invite_free_account")
    assert invite.expected_gain == measure.next_band_points - measure.points > 0
    assert invite.priority == priority(invite.expected_gain, invite.pillar_weight, invite.effort_minutes_per_week)


def test_the_real_ssi_pillar_steers_the_weight(default_compiled):
    data = {"relationships": {"connections": 450}, "people": {"views_prospects_per_week": 6}}
    plain = evaluate(profile_from_dict(data), default_compiled)
    real = evaluate(profile_from_dict({**data, "ssi": {"relationships": 24, "people": 2}}), default_compiled)
    weights = {a.id: (a.pillar_weight, a.pillar_reference_is_real) for a in real.actions if a.kind == "advice"}
    assert weights["relationships.invite_free_account"] == (pillar_weight(24), True)
    assert weights["people.weekly_search_half_hour"] == (pillar_weight(2), True)
    assert all(not a.pillar_reference_is_real for a in plain.actions)


def test_an_empty_profile_scores_0_and_is_told_to_measure_everything(default_compiled):
    report = evaluate(profile_from_dict({}), default_compiled)
    assert report.total == 0
    assert report.coverage.assessed == 0
    measured = {a.measure for a in report.actions if a.kind == "measure"}
    assert measured == {m.id for p in report.pillars.values() for m in p.measures}
