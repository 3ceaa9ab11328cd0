"""Compiling conditions for durable-rules: negation, flat names, and the match-stack bound."""

from __future__ import annotations

from ssi_advise.engine.compiler import compile_condition, engine_name, fact_path
from ssi_advise.engine.conditions import parse_condition


def compiled(raw):
    return compile_condition(parse_condition(raw))


def test_fact_paths_become_flat_engine_names_and_back():
    assert engine_name("relationships.connections") == "f_relationships__connections"
    assert fact_path("f_relationships__connections") == "relationships.connections"
    # durable-rules adds `id` and `sid` to every fact; a profile fact of that name is sent apart.
    assert engine_name("id") == "f_id"


def test_comparisons_map_to_durable_operators():
    assert compiled({"fact": "brand.skills", "lt": 5}) == {"$lt": {"f_brand__skills": 5}}
    assert compiled({"fact": "brand.photo", "eq": True}) == {"f_brand__photo": True}
    assert compiled({"fact": "brand.photo", "ne": True}) == {"$neq": {"f_brand__photo": True}}
    assert compiled({"fact": "account", "in": ["free"]}) == {"f_account": "free"}
    assert compiled({"fact": "account", "in": ["free", "premium"]}) == {"$or": [{"f_account": "free"}, {"f_account": "premium"}]}
    assert compiled({"fact": "brand.skills", "exists": True}) == {"$ex": {"f_brand__skills": 1}}
    assert compiled({"fact": "brand.skills", "missing": True}) == {"$nex": {"f_brand__skills": 1}}


def test_not_is_pushed_down_and_holds_for_missing_facts():
    # durable-rules has no "not"; a comparison on a missing fact is false, so its negation
    # must also hold when the fact is missing.
    assert compiled({"not": {"fact": "brand.skills", "lt": 5}}) == {
        "$or": [{"$gte": {"f_brand__skills": 5}}, {"$nex": {"f_brand__skills": 1}}]
    }
    assert compiled({"not": {"fact": "account", "in": ["free", "premium"]}}) == {
        "$or": [{"$and": [{"$neq": {"f_account": "free"}}, {"$neq": {"f_account": "premium"}}]}, {"$nex": {"f_account": 1}}]
    }
    assert compiled({"not": {"fact": "brand.skills", "missing": True}}) == {"$ex": {"f_brand__skills": 1}}
    assert compiled({"not": {"not": {"fact": "brand.skills", "gt": 1}}}) == {"$gt": {"f_brand__skills": 1}}
    de_morgan = compiled({"not": {"all": [{"fact": "brand.skills", "gte": 5}, {"fact": "brand.photo", "eq": True}]}})
    # Nested `any` in `any` is one group: each group costs the engine expression slots.
    assert de_morgan == {"$or": [
        {"$lt": {"f_brand__skills": 5}}, {"$nex": {"f_brand__skills": 1}},
        {"$neq": {"f_brand__photo": True}}, {"$nex": {"f_brand__photo": 1}},
    ]}


def test_advice_rules_are_filled_in_right_after_the_facts_they_read():
    # A ruleset is sent every property its rules read: advice placed at the end would make one
    # ruleset read nearly every fact of the pack.
    from ssi_advise.engine.compiler import CompiledRule, near_their_facts

    def fact_rules(fact: str) -> list[CompiledRule]:
        name = engine_name(fact)
        return [CompiledRule(f"m_{name}", "missing", fact, 0, {"$nex": {name: 1}}),
                CompiledRule(f"b_{name}", "band", fact, 0, {"$gte": {name: 1}})]

    def advice(rule_id: str, *facts: str) -> list[CompiledRule]:
        return [CompiledRule(rule_id, "advice", rule_id, 0, {"$and": [{"$lt": {engine_name(f): 5}} for f in facts]})]

    groups = [fact_rules("brand.skills"), fact_rules("people.searches"), fact_rules("insights.posts"),
              advice("reads_posts_and_skills", "insights.posts", "brand.skills"), advice("reads_skills", "brand.skills"),
              advice("reads_a_fact_without_rules", "situation")]
    order = [group[0].name for group in near_their_facts(groups)]
    assert order == ["m_f_brand__skills", "reads_skills", "m_f_people__searches", "m_f_insights__posts",
                     "reads_posts_and_skills", "reads_a_fact_without_rules"]


def test_the_default_pack_sends_each_ruleset_few_properties(default_compiled):
    sent = [len(properties) for properties in default_compiled.group._properties]
    assert sum(sent) <= 60, sent  # 80 with every advice rule at the end


def test_rulesets_are_as_few_as_the_budget_allows_and_filled_evenly(default_compiled):
    from ssi_advise.engine.compiler import NODE_BUDGET
    from ssi_advise.engine.rulesets import _filled, fill_rulesets, weight

    rules = [default_compiled.rules[name] for name in sorted(default_compiled.rules, key=lambda n: int(n[1:]))]
    # The order rulesets are filled in is the compiler's; what matters here is their number and sizes.
    weights = [weight(rule) for rule in rules]
    greedy, greedy_bounds = _filled(rules, weights, NODE_BUDGET)
    chunks, bounds = fill_rulesets(rules, NODE_BUDGET)
    assert len(chunks) == len(greedy) > 1
    assert [rule for chunk in chunks for rule in chunk] == rules
    # Greedily the last one holds what is left; evenly, none is as full, and one less would not do.
    assert min(greedy_bounds) < min(bounds) and max(bounds) < max(greedy_bounds) <= NODE_BUDGET
    assert len(_filled(rules, weights, max(bounds) - 1)[0]) > len(chunks)
    # The default pack as compiled: four rulesets, none near the budget.
    assert default_compiled.group.size == 4 and max(default_compiled.stack_bounds) < NODE_BUDGET
