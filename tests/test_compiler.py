"""Compiling conditions for durable-rules: negation, flat names, and the match-stack bound."""

from __future__ import annotations

from ssi_advise.engine.compiler import _shape, compile_condition, engine_name, fact_path
from ssi_advise.engine.conditions import parse_condition


def compiled(raw):
    return compile_condition(parse_condition(raw))


def test_fact_paths_become_flat_engine_names_and_back():
    assert engine_name("relationships.connections") == "relationships__connections"
    assert fact_path("relationships__connections") == "relationships.connections"


def test_comparisons_map_to_durable_operators():
    assert compiled({"fact": "brand.skills", "lt": 5}) == {"$lt": {"brand__skills": 5}}
    assert compiled({"fact": "brand.photo", "eq": True}) == {"brand__photo": True}
    assert compiled({"fact": "brand.photo", "ne": True}) == {"$neq": {"brand__photo": True}}
    assert compiled({"fact": "account", "in": ["free"]}) == {"account": "free"}
    assert compiled({"fact": "account", "in": ["free", "premium"]}) == {"$or": [{"account": "free"}, {"account": "premium"}]}
    assert compiled({"fact": "brand.skills", "exists": True}) == {"$ex": {"brand__skills": 1}}
    assert compiled({"fact": "brand.skills", "missing": True}) == {"$nex": {"brand__skills": 1}}


def test_not_is_pushed_down_and_holds_for_missing_facts():
    # durable-rules has no "not"; a comparison on a missing fact is false, so its negation
    # must also hold when the fact is missing.
    assert compiled({"not": {"fact": "brand.skills", "lt": 5}}) == {
        "$or": [{"$gte": {"brand__skills": 5}}, {"$nex": {"brand__skills": 1}}]
    }
    assert compiled({"not": {"fact": "account", "in": ["free", "premium"]}}) == {
        "$or": [{"$and": [{"$neq": {"account": "free"}}, {"$neq": {"account": "premium"}}]}, {"$nex": {"account": 1}}]
    }
    assert compiled({"not": {"fact": "brand.skills", "missing": True}}) == {"$ex": {"brand__skills": 1}}
    assert compiled({"not": {"not": {"fact": "brand.skills", "gt": 1}}}) == {"$gt": {"brand__skills": 1}}
    de_morgan = compiled({"not": {"all": [{"fact": "brand.skills", "gte": 5}, {"fact": "brand.photo", "eq": True}]}})
    assert de_morgan == {"$or": [
        {"$or": [{"$lt": {"brand__skills": 5}}, {"$nex": {"brand__skills": 1}}]},
        {"$or": [{"$neq": {"brand__photo": True}}, {"$nex": {"brand__photo": 1}}]},
    ]}


def test_shape_counts_alternatives_and_the_longest_chain():
    assert _shape({"$lt": {"x": 1}}) == (1, 1)
    assert _shape({"$and": [{"$lt": {"x": 1}}, {"$gt": {"y": 1}}]}) == (1, 2)
    assert _shape({"$or": [{"$lt": {"x": 1}}, {"$and": [{"a": 1}, {"b": 2}, {"c": 3}]}]}) == (2, 3)
    two_by_two = {"$and": [{"$or": [{"a": 1}, {"b": 1}]}, {"$or": [{"c": 1}, {"d": 1}]}]}
    assert _shape(two_by_two) == (4, 2)
