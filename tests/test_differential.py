"""The engine (durable-rules) against an independent plain-Python reading of the same YAML."""

from __future__ import annotations

import reference
from hypothesis import HealthCheck, given, settings
from strategies import profiles

from ssi_advise.engine import evaluate, profile_from_dict
from ssi_advise.engine.pack import DEFAULT_PACK_DIR

REFERENCE_PACK = reference.load(DEFAULT_PACK_DIR)


def compare(data, compiled, pack):
    report = evaluate(profile_from_dict(data), compiled)
    expected = reference.evaluate(pack, data)
    engine_points = {m.id: m.points for p in report.pillars.values() for m in p.measures}
    assert engine_points == expected["measures"]
    assert {k: p.score for k, p in report.pillars.items()} == expected["pillars"]
    assert report.total == expected["total"]
    assert {a.id for a in report.actions if a.kind == "advice"} == expected["advice"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_engine_and_plain_python_agree_on_the_default_pack(default_compiled, data):
    compare(data, default_compiled, REFERENCE_PACK)


CONDITIONS_PACK = {
    "insights.yaml": """
        pillar: insights
        measures:
          - id: insights.groups
            title: {en: Groups, nl: Groepen}
            fact: insights.groups
            max_points: 4
            bands:
              - {min: 0, points: 0}
              - {min: 5, points: 1.5}
              - {min: 20, points: 3}
              - {min: 90, points: 4}
          - id: insights.profile
            title: {en: Profile, nl: Profiel}
            max_points: 3
            checks:
              - {fact: brand.photo, points: 1}
              - {fact: brand.skills, min: 5, points: 1.5}
              - {fact: people.days_active_per_week, min: 2.5, points: 0.5}
        advice:
""",
}

CONDITIONS = [
    "{fact: insights.groups, lt: 20}",
    "{fact: insights.groups, lte: 20}",
    "{fact: insights.groups, gt: 20}",
    "{fact: insights.groups, gte: 20}",
    "{fact: insights.groups, eq: 0}",
    "{fact: insights.groups, ne: 0}",
    "{fact: insights.groups, in: [1, 2, 3]}",
    "{fact: insights.groups, exists: true}",
    "{fact: insights.groups, missing: true}",
    "{fact: brand.photo, eq: true}",
    "{fact: brand.photo, ne: true}",
    "{fact: account, eq: free}",
    "{fact: account, in: [premium, sales_navigator]}",
    "{not: {fact: account, eq: free}}",
    "{not: {fact: account, in: [premium, free]}}",
    "{not: {fact: insights.groups, lt: 20}}",
    "{not: {fact: brand.photo, eq: true}}",
    "{not: {fact: insights.groups, missing: true}}",
    "{not: {all: [{fact: insights.groups, gte: 5}, {fact: brand.skills, lt: 10}]}}",
    "{not: {any: [{fact: insights.groups, gte: 5}, {fact: brand.photo, eq: false}]}}",
    "{all: [{fact: insights.groups, lt: 50}, {any: [{fact: brand.skills, lt: 5}, {fact: brand.skills, missing: true}]}]}",
    "{any: [{fact: people.days_active_per_week, gte: 2.5}, {not: {fact: brand.photo, ne: false}}]}",
    "{not: {not: {fact: insights.groups, gt: 3}}}",
    "{all: [{fact: relationships.invitation_acceptance_rate, gt: 0.00001}, {fact: relationships.invitation_acceptance_rate, lt: 0.5}]}",
]


def conditions_pack(write_pack):
    rules = "".join(
        f"""
          - id: insights.c{index}
            improves: insights.groups
            when: {condition}
            effort_minutes_per_week: 5
            title: {{en: c{index}, nl: c{index}}}
            text: {{en: c{index}, nl: c{index}}}
"""
        for index, condition in enumerate(CONDITIONS)
    )
    return write_pack({"insights.yaml": CONDITIONS_PACK["insights.yaml"] + rules})


CONDITION_FACTS = ["insights.groups", "brand.photo", "brand.skills", "account", "people.days_active_per_week",
                   "relationships.invitation_acceptance_rate"]


def test_every_operator_and_negation_agrees_with_plain_logic(write_pack):
    from hypothesis import given as given_
    from hypothesis import settings as settings_

    from ssi_advise.engine import compile_pack, load_pack

    root = conditions_pack(write_pack)
    compiled = compile_pack(load_pack(root))
    pack = reference.load(root)

    @settings_(max_examples=400, deadline=None)
    @given_(profiles(paths=CONDITION_FACTS, ssi=False))
    def check(data):
        compare(data, compiled, pack)

    try:
        check()
    finally:
        compiled.close()
