"""Each known durable-rules trap (docs/engine.md) is absorbed by the engine layer; these pin it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssi_advise.engine import EngineError, compile_pack, evaluate, load_pack, profile_from_dict
from ssi_advise.engine.durable_driver import DISCRIMINATOR, RulesetGroup, engine_json
from ssi_advise.engine.facts import catalogue


def advice_rule(index: int, condition: str) -> str:
    return f"""
      - id: insights.tip_{index}
        improves: insights.groups
        when: {condition}
        effort_minutes_per_week: 10
        title: {{en: Tip {index}, nl: Tip {index}}}
        text: {{en: Do {index}, nl: Doe {index}}}
"""


GROUPS_MEASURE = """
pillar: insights
measures:
  - id: insights.groups
    title: {en: Groups, nl: Groepen}
    fact: insights.groups
    max_points: 4
    bands:
      - {min: 0, points: 0}
      - {min: 5, points: 2}
      - {min: 50, points: 4}
advice:
"""


def hundred_rule_pack(write_pack, measure=GROUPS_MEASURE):
    # Distinct conditions: durable-rules shares one node between identical ones.
    rules = "".join(advice_rule(i, f"{{fact: insights.groups, lt: {100 + i}}}") for i in range(100))
    return write_pack({"insights.yaml": measure + rules})


def test_five_thousand_profiles_in_one_process_do_not_exhaust_the_state_pool(default_compiled):
    # durable-rules has a fixed pool of 1,024 states; each evaluation must give its state back.
    totals = set()
    for index in range(5000):
        profile = profile_from_dict({"relationships": {"connections": index % 1200}})
        totals.add(evaluate(profile, default_compiled).pillars["relationships"].score)
    assert len(totals) > 1
    again = evaluate(profile_from_dict({"relationships": {"connections": 600}}), default_compiled)
    assert again.pillars["relationships"].measures[0].band == "500+"


def test_a_pack_in_which_100_rules_match_one_profile_fires_all_of_them(write_pack):
    # One fact may match at most 64 rules in one durable-rules ruleset; the compiler splits.
    compiled = compile_pack(load_pack(hundred_rule_pack(write_pack)))
    assert compiled.group.size >= 2
    report = evaluate(profile_from_dict({"insights": {"groups": 10}}), compiled)
    assert len([a for a in report.actions if a.kind == "advice"]) == 100
    assert report.pillars["insights"].score == 2


def test_an_engine_failure_surfaces_as_an_error_naming_rules_not_a_short_report(monkeypatch, default_compiled):
    # Make the driver send a number as json.dumps writes it (1e-05); durable-rules rejects it
    # with error 204 inside assert_fact. That must become an EngineError, never a report
    # missing the rules that did not run.
    import json

    from ssi_advise.engine import durable_driver

    monkeypatch.setattr(durable_driver, "engine_json", lambda value: json.dumps(value))
    profile = profile_from_dict({"people": {"views_prospects_per_week": 0.00001}})
    with pytest.raises(EngineError) as caught:
        evaluate(profile, default_compiled)
    assert "a number was written in exponent notation" in str(caught.value)
    # The failure names the pack's rule ids, not the engine's internal rule names.
    assert "people.views_prospects_per_week" in caught.value.rule_ids
    assert not any(rule_id.startswith("r") and rule_id[1:].isdigit() for rule_id in caught.value.rule_ids)
    monkeypatch.undo()
    # The failed evaluation gave its state back: the next profile is evaluated normally.
    assert evaluate(profile, default_compiled).coverage.assessed >= 1


def test_no_ruleset_can_overflow_the_engine_match_stack(write_pack):
    # durable-rules' error path for more than 64 matching conditions is not safe (measured:
    # "free(): invalid pointer" and segmentation faults), so overflow must be impossible:
    # every ruleset's worst case stays within the budget, and the extremes evaluate.
    from strategies import extreme_profile

    from ssi_advise.engine.compiler import NODE_BUDGET

    for compiled in (compile_pack(load_pack()), compile_pack(load_pack(hundred_rule_pack(write_pack)))):
        assert compiled.stack_bounds and max(compiled.stack_bounds) <= NODE_BUDGET < 64
        for data in (extreme_profile(top=True), extreme_profile(top=False), {}):
            assert evaluate(profile_from_dict(data), compiled).total >= 0
        compiled.close()


def test_a_condition_too_complex_for_the_engine_is_a_pack_error_naming_the_rule(write_pack):
    from ssi_advise.engine import InputError

    # Each any of overlapping comparisons doubles the times the rule fires: 2**7 exceed the budget.
    condition = "{all: [" + ", ".join(
        f"{{any: [{{fact: insights.groups, lt: {i + 1}}}, {{fact: insights.groups, gt: {i + 50}}}]}}" for i in range(7)
    ) + "]}"
    pack = load_pack(write_pack({"insights.yaml": GROUPS_MEASURE + advice_rule(1, condition)}))
    with pytest.raises(InputError) as caught:
        compile_pack(pack)
    (problem,) = caught.value.problems
    assert problem.rule_id == "insights.tip_1" and problem.line == 14
    assert problem.message.startswith("the condition can hold for one profile in 128 ways")


@pytest.mark.parametrize("value", [0.00001, 1e-05, 1e16, 1e-300, 123456789.5])
def test_numbers_that_json_writes_with_exponents_reach_the_engine_intact(value):
    # durable-rules rejects 1e-05 and 1e+16 (error 204); engine_json writes plain decimals.
    text = engine_json({"x": value})
    assert "e" not in text.lower()
    rule = {"all": [{"m": {"$and": [DISCRIMINATOR, {"$gte": {"x": value}}]}}]}
    below = {"all": [{"m": {"$and": [DISCRIMINATOR, {"$lt": {"x": value}}]}}]}
    group = RulesetGroup([{"at_least": rule, "below": below}], label="exp")
    try:
        assert group.fired({"x": value}) == ["at_least"]
        assert group.fired({"x": value / 2}) == ["below"]
    finally:
        group.close()


def test_a_tiny_rate_in_a_profile_file_is_scored_not_rejected(write_pack, tmp_path):
    pack = write_pack({"relationships.yaml": """
        pillar: relationships
        measures:
          - id: relationships.acceptance
            title: {en: Acceptance, nl: Acceptatie}
            fact: relationships.invitation_acceptance_rate
            max_points: 2
            bands:
              - {min: 0, points: 0}
              - {min: 0.00001, points: 1}
              - {min: 0.5, points: 2}
        """})
    compiled = compile_pack(load_pack(pack))
    for value, expected in [(1e-05, 1), (0.000009, 0), (0.5, 2)]:
        report = evaluate(profile_from_dict({"relationships": {"invitation_acceptance_rate": value}}), compiled)
        assert report.pillars["relationships"].score == expected, value


def test_rules_on_missing_facts_terminate():
    # A rule whose only condition is "missing" would also match durable-rules' own state
    # fact and re-fire forever; the discriminator prevents it. Run in a child with a timeout.
    code = textwrap.dedent(
        """
        from ssi_advise.engine import compile_pack, evaluate, load_pack, profile_from_dict
        compiled = compile_pack(load_pack())
        for _ in range(200):
            report = evaluate(profile_from_dict({}), compiled)
        print(report.total, len(report.actions), report.coverage.assessed)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    total, actions, assessed = done.stdout.split()
    assert float(total) == 0 and int(actions) > 0 and int(assessed) == 0


def test_missing_and_not_conditions_fire_once_each(write_pack):
    rules = advice_rule(1, "{fact: insights.posts_per_week, missing: true}") + advice_rule(
        2, "{not: {fact: insights.groups, lt: 5}}"
    ) + advice_rule(3, "{not: {fact: insights.posts_per_week, exists: true}}")
    compiled = compile_pack(load_pack(write_pack({"insights.yaml": GROUPS_MEASURE + rules})))
    report = evaluate(profile_from_dict({}), compiled)
    fired = sorted(a.id for a in report.actions if a.kind == "advice")
    # tip_2: "not (groups < 5)" holds when groups is missing, as in plain logic.
    assert fired == ["insights.tip_1", "insights.tip_2", "insights.tip_3"]


def test_no_action_runs_on_a_background_thread(default_compiled):
    # durable.lang's Host starts timer threads that run actions elsewhere; we never use it.
    before = {t.ident for t in threading.enumerate()}
    evaluate(profile_from_dict({"relationships": {"connections": 700}}), default_compiled)
    compile_pack(load_pack()).close()
    after = {t.ident for t in threading.enumerate()}
    assert after == before
    assert "durable.engine" not in sys.modules and "durable.lang" not in sys.modules


def test_the_same_pack_can_be_compiled_twice_in_one_process():
    # durable-rules registers a ruleset name once per process; names are made unique.
    first, second = compile_pack(load_pack()), compile_pack(load_pack())
    profile = profile_from_dict({"relationships": {"connections": 520}})
    try:
        assert evaluate(profile, first) == evaluate(profile, second)
    finally:
        first.close()
        second.close()


def test_evaluating_the_same_profile_twice_gives_the_same_report(default_compiled):
    # Asserting identical content twice into one state raises MessageObservedException.
    profile = profile_from_dict({"brand": {"photo": True}, "relationships": {"connections": 10}})
    assert evaluate(profile, default_compiled) == evaluate(profile, default_compiled)


def test_a_fact_stays_within_durable_rules_property_limit():
    # durable-rules refuses facts with more than 255 properties (error 302).
    assert len(catalogue()) + 2 < 255


def test_strings_and_booleans_never_reach_the_engine_where_numbers_belong():
    # durable-rules compares "5" as text (matching > 100) and true as 1; validation stops both.
    from ssi_advise.engine import InputError

    for bad in ({"relationships": {"connections": "5"}}, {"relationships": {"connections": True}}):
        with pytest.raises(InputError):
            profile_from_dict(bad)


def test_a_ruleset_that_matches_nothing_does_not_crash_the_process():
    # Measured: after a fact that matches no rule of a ruleset, durable-rules' delete_state
    # segfaults in most runs. The sentinel rule makes that path unreachable. Repeated in a
    # child process, since the failure would kill the test run.
    code = textwrap.dedent(
        """
        from ssi_advise.engine.durable_driver import DISCRIMINATOR, RulesetGroup
        rule = {"all": [{"m": {"$and": [DISCRIMINATOR, {"$gt": {"rate": 0.00001}}, {"$lt": {"rate": 0.5}}]}}]}
        group = RulesetGroup([{"only": rule}], label="unmatched")
        fired = [group.fired({"groups": n}) for n in range(2000)]
        print(sum(len(f) for f in fired), group.fired({"rate": 0.2}))
        """
    )
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["0", "['only']"]



def test_a_group_collected_while_the_engine_lock_is_held_does_not_deadlock() -> None:
    # The collector may run `RulesetGroup.__del__`, which takes the engine lock, at any
    # allocation: also at one made while the same thread holds that lock (seen: a test run
    # hung for good inside `RulesetGroup.__init__`).
    from ssi_advise.engine import durable_driver

    group = RulesetGroup([{"r0": {"all": [{"m": DISCRIMINATOR}]}}], label="lock")

    def collected_under_the_lock() -> None:
        with durable_driver._LOCK:
            group.__del__()

    worker = threading.Thread(target=collected_under_the_lock, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the engine lock deadlocked its own holder"


@pytest.mark.parametrize("value", [123456789012345678901234567890, -(2**64), 2**64])
def test_an_integer_beyond_64_bits_fires_in_a_batch_as_alone(value: int) -> None:
    # A pack's own number fact has no maximum; orjson refuses integers past 64 bits, and a
    # batch of such a profile failed with an internal error where one profile alone did not.
    rule = {"all": [{"m": {"$and": [DISCRIMINATOR, {"$gt": {"x": 5}}]}}]}
    group = RulesetGroup([{"above": rule}], label="wide")
    try:
        assert group.fired_many([{"x": value}, {"x": 1}]) == {name: [0] for name in group.fired({"x": value})}
    finally:
        group.close()


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reaches_the_engine_without_an_exponent_and_intact(value: float) -> None:
    # orjson writes the batches; whatever it would write with an exponent goes the slow way.
    import json
    import re

    from ssi_advise.engine.durable_driver import fast_engine_json

    text = fast_engine_json([{"f_x": value, "f_y": 3, "f_z": "2e5 stays text"}])
    assert not re.search(r"\d[eE][-+]?\d", text.replace("2e5 stays text", ""))
    assert json.loads(text) == [{"f_x": value, "f_y": 3, "f_z": "2e5 stays text"}]