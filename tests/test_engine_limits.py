"""The arithmetic of durable-rules' limits (engine/engine_limits.py), and that it holds in
durable-rules itself: a ruleset filled up to the engine's real stack of 64 never fails."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest

from ssi_advise.engine.conditions import All, Any_, Compare, Not
from ssi_advise.engine.engine_limits import expression_slots, matching_paths, walk_peaks

X, Y, Z = ({"$lt": {name: 5}} for name in "xyz")


def test_a_chain_pushes_one_node_at_a_time():
    assert walk_peaks(X) == (1, 0)
    assert walk_peaks({"$and": [X, Y, Z]}) == (1, 1)


def test_a_chain_is_weighed_as_its_network_would_be():
    # walk_peaks takes a short way for a comparison or an `$and` of comparisons (bands, checks).
    from ssi_advise.engine.engine_limits import _Network

    def by_network(expression):
        network = _Network()
        network.build(expression)
        peaks = network.peaks()
        return peaks[0], max((peaks[child] for child in network.children[0]), default=0)

    chains = [X, {"$nex": {"x": 1}}, {"x": True}, {"$and": [X]}, {"$and": [X, X]}, {"$and": [X, Y]},
              {"$and": [{"$gte": {"x": 1}}, {"$lt": {"x": 5}}]}, {"$and": [X, Y, Z, {"$nex": {"w": 1}}]}]
    for chain in chains:
        assert walk_peaks(chain) == by_network(chain), chain


def test_alternatives_are_pushed_together_and_continue_from_one_forward_node():
    assert walk_peaks({"$or": [X, Y, Z]}) == (3, 1)
    # Two any-groups in a row: 2 first nodes, then (one waiting) the second group's 2.
    two = {"$and": [{"$or": [X, Y]}, {"$or": [Z, {"$gt": {"z": 9}}]}]}
    assert walk_peaks(two) == (3, 2)


def test_a_missing_fact_and_a_comparison_on_it_never_match_together():
    negated = {"$or": [{"$gte": {"x": 5}}, {"$nex": {"x": 1}}]}
    assert walk_peaks(negated) == (1, 1)
    assert matching_paths({"$and": [negated] * 1 + [{"$or": [{"$gte": {f"x{i}": 5}}, {"$nex": {f"x{i}": 1}}]} for i in range(14)]}) == 1


def test_alternatives_that_start_alike_share_their_first_node_as_durable_rules_does():
    # durable-rules reuses the node for x < 5: popping it pushes the next node of both.
    shared = {"$or": [{"$and": [X, Y]}, {"$and": [X, Z]}]}
    assert walk_peaks(shared) == (2, 2)


def test_overlapping_alternatives_multiply_the_times_a_rule_fires():
    bomb = {"$and": [{"$or": [{"$lt": {"x": i}}, {"$gt": {"x": 100 + i}}]} for i in range(8)]}
    assert matching_paths(bomb) == 256


def test_each_group_takes_two_expression_slots():
    assert expression_slots(X) == 0
    assert expression_slots({"$and": [X, {"$or": [Y, Z]}]}) == 4


FACTS = ["brand.skills", "brand.articles", "insights.groups", "relationships.connections"]


def random_condition(rng: random.Random, depth: int = 0):
    """A random pack condition over few facts and values, so nodes are shared and overlap."""
    roll = rng.random()
    if depth >= 4 or roll < 0.45:
        fact = rng.choice(FACTS)
        op = rng.choice(["lt", "lte", "gt", "gte", "eq", "ne", "exists", "missing", "in"])
        value = tuple(rng.sample(range(0, 12), 2)) if op == "in" else rng.choice(range(0, 12))
        return Compare(fact, op, True if op in ("exists", "missing") else value)
    if roll < 0.6:
        return Not(random_condition(rng, depth + 1))
    items = tuple(random_condition(rng, depth + 1) for _ in range(rng.randint(1, 4)))
    return All(items) if roll < 0.8 else Any_(items)


@pytest.mark.slow
def test_rulesets_filled_to_the_real_stack_of_64_never_overflow_it():
    """The bound is sound: rulesets filled up to 64 (not the 56 the compiler keeps) with
    random rules, and random facts asserted, never meet error 303 (run in a child process:
    an overflow may crash it), and no rule fires more often than its bound of matching paths."""
    code = textwrap.dedent(
        """
        import json, random, sys
        sys.path.insert(0, "tests")
        from test_engine_limits import random_condition, FACTS
        from ssi_advise.engine.compiler import CompiledRule, compile_condition, _rule
        from ssi_advise.engine.rulesets import fill_rulesets, match_stack_bound
        from ssi_advise.engine.compiler import engine_expression, engine_name
        from ssi_advise.engine.engine_limits import expression_slots
        from ssi_advise.engine.engine_limits import matching_paths, walk_peaks
        from ssi_advise.engine.durable_driver import RulesetGroup
        rng = random.Random(int(sys.argv[1]))
        rules = []
        while len(rules) < 400:
            condition = compile_condition(random_condition(rng))
            if matching_paths(condition) <= 56 and walk_peaks(condition)[0] <= 56 and expression_slots(engine_expression(condition, 'r')) <= 31:
                kind = rng.choice(["advice", "advice", "check"])
                if kind == "check":
                    condition = {"$gte": {engine_name(rng.choice(FACTS)): rng.randint(0, 11)}}
                rules.append(CompiledRule(f"r{len(rules)}", kind, "x", 0, condition))
        chunks, bounds = fill_rulesets(rules, 64)
        assert max(bounds) <= 64 and bounds == [match_stack_bound(chunk) for chunk in chunks]
        group = RulesetGroup([{rule.name: _rule(rule) for rule in chunk} for chunk in chunks], label="limits")
        paths = {rule.name: matching_paths(rule.condition) if rule.kind == "advice" else 1 for rule in rules}
        widest = 0
        for _ in range(300):
            fact = {engine_name(f): rng.randint(0, 11) for f in FACTS if rng.random() < 0.7}
            fired = group.fired(fact)
            for name in set(fired):
                assert fired.count(name) <= paths[name], (name, fired.count(name), paths[name])
            widest = max(widest, len(fired))
        print(len(chunks), widest)
        """
    )
    for seed in range(6):
        done = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        chunks, widest = map(int, done.stdout.split())
        assert chunks >= 2 and widest > 0
