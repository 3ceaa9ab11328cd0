"""Acceptance fuzz: random packs within the schema (many checks and bands on one fact, long
conditions, nested negations) and random profiles, each pack run in a child process.

The child loads the pack, compiles it as `rules check` does (`check_compiles`), and evaluates
every profile. The child must never die of a signal nor fail with exit 1, and its results
must equal the plain-Python reading of the same files (tests/reference.py), unless the pack
was refused with errors that each name a file, a line and a rule id.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import reference
import yaml

pytestmark = pytest.mark.slow

PACK_YAML = {
    "pack": "fuzz",
    "version": "1",
    "languages": ["en"],
    "pillars": {p: {"title": {"en": p.title()}} for p in ("brand", "people", "insights", "relationships")},
}
# A few facts of each type, so that many rules meet on one fact.
COUNTS = {"relationships.connections": 30000, "insights.groups": 100, "brand.skills": 1000}
RATES = {"people.days_active_per_week": 7, "relationships.invitation_acceptance_rate": 1}
FLAGS = ["brand.photo", "brand.headline"]
ACCOUNTS = ["free", "premium", "sales_navigator"]
NUMBERS = {**COUNTS, **RATES}

CHILD = textwrap.dedent(
    """
    import json, sys
    from ssi_advise.engine import InputError, compile_pack, evaluate, load_pack, profile_from_dict
    from ssi_advise.engine.compiler import check_compiles
    pack_dir, profiles = sys.argv[1], json.loads(sys.stdin.read())
    try:
        pack = load_pack(pack_dir)
    except InputError as error:
        print(json.dumps({"refused": [p.__dict__ for p in error.problems]}))
        sys.exit(0)
    problems = check_compiles(pack)
    if problems:
        print(json.dumps({"refused": [p.__dict__ for p in problems]}))
        sys.exit(0)
    compiled = compile_pack(pack)
    results = []
    for data in profiles:
        report = evaluate(profile_from_dict(data), compiled)
        results.append({
            "measures": {m.id: m.points for p in report.pillars.values() for m in p.measures},
            "pillars": {k: p.score for k, p in report.pillars.items()},
            "total": report.total,
            "advice": sorted({a.id for a in report.actions if a.kind == "advice"}),
        })
    print(json.dumps({"results": results, "rulesets": compiled.group.size}))
    """
)


def number(rng: random.Random, fact: str) -> float | int:
    top = NUMBERS[fact]
    if fact in COUNTS:
        return rng.choice([0, 1, 2, 5, rng.randint(0, top), top])
    return round(rng.uniform(0, top), 2)


def comparison(rng: random.Random) -> dict[str, Any]:
    kind = rng.random()
    if kind < 0.6:
        fact = rng.choice(list(NUMBERS))
        op = rng.choice(["lt", "lte", "gt", "gte", "eq", "ne", "in", "exists", "missing"])
    elif kind < 0.8:
        fact = rng.choice(FLAGS)
        op = rng.choice(["eq", "ne", "in", "exists", "missing"])
    elif kind < 0.9:
        fact = "account"
        op = rng.choice(["eq", "ne", "in", "missing"])
    else:
        fact = "id"  # durable-rules' own property name
        op = rng.choice(["exists", "missing", "eq", "ne"])
    if op in ("exists", "missing"):
        return {"fact": fact, op: True}

    def value() -> Any:
        if fact in NUMBERS:
            return number(rng, fact)
        if fact in FLAGS:
            return rng.random() < 0.5
        return rng.choice(ACCOUNTS) if fact == "account" else rng.choice(["sid-1", "me", "1"])

    return {"fact": fact, "in": [value() for _ in range(rng.randint(1, 4))]} if op == "in" else {"fact": fact, op: value()}


def condition(rng: random.Random, depth: int = 0, width: int = 4) -> dict[str, Any]:
    roll = rng.random()
    if depth >= 5 or roll < 0.35:
        return comparison(rng)
    if roll < 0.55:
        return {"not": condition(rng, depth + 1, width)}
    items = [condition(rng, depth + 1, max(2, width - 1)) for _ in range(rng.randint(1, width))]
    return {"all" if roll < 0.8 else "any": items}


def long_condition(rng: random.Random) -> dict[str, Any]:
    """Shapes that used to meet durable-rules' limits: a not over many comparisons, deep nesting."""
    shape = rng.choice(["not-all", "nested", "all-of-nots", "any-many"])
    if shape == "not-all":
        return {"not": {"all": [comparison(rng) for _ in range(rng.randint(8, 20))]}}
    if shape == "nested":
        node = comparison(rng)
        for level in range(rng.randint(8, 15)):
            node = {rng.choice(["all", "any"]) if level % 3 else "all": [comparison(rng), node]}
        return node
    if shape == "all-of-nots":
        return {"all": [{"not": comparison(rng)} for _ in range(rng.randint(6, 16))]}
    return {"any": [comparison(rng) for _ in range(rng.randint(20, 80))]}


def quarters(rng: random.Random, count: int, budget: float) -> list[float]:
    """Up to `count` point values in quarters (exact in binary) that add up to at most `budget`."""
    values: list[float] = []
    for _ in range(count):
        value = rng.choice([0.25, 0.25, 0.5, 1.0])
        if sum(values) + value > budget:
            break
        values.append(value)
    return values


def measures(rng: random.Random, pillar: str, budget: float) -> list[dict[str, Any]]:
    found = []
    for index in range(rng.randint(1, 4)):
        fact = rng.choice(list(COUNTS) if rng.random() < 0.8 else list(NUMBERS))
        left = budget - sum(m["max_points"] for m in found)
        if left < 1:
            break
        if rng.random() < 0.5:
            count = rng.randint(1, 20)
            step = max(1, NUMBERS[fact] // (count + 1)) if fact in COUNTS else round(NUMBERS[fact] / (count + 1), 2)
            points, bands = 0.0, []
            for band in range(count):
                points = min(left, points + (0.25 if band else 0))
                bands.append({"min": round(band * step, 2), "points": points})
            found.append({"id": f"{pillar}.m{index}", "title": {"en": "M"}, "fact": fact, "max_points": bands[-1]["points"], "bands": bands})
        else:
            values = quarters(rng, rng.randint(1, 30), left)
            count = len(values)
            facts = [fact] * count if rng.random() < 0.7 else [rng.choice(list(COUNTS) + FLAGS) for _ in range(count)]
            checks = []
            for fact_name, points in zip(facts, values, strict=True):
                check: dict[str, Any] = {"fact": fact_name, "points": points}
                if fact_name in NUMBERS:
                    check["min"] = number(rng, fact_name) or 1
                checks.append(check)
            found.append({"id": f"{pillar}.m{index}", "title": {"en": "M"}, "max_points": sum(values), "checks": checks})
    return found


def random_pack(rng: random.Random, folder: Path) -> None:
    folder.mkdir()
    (folder / "pack.yaml").write_text(yaml.safe_dump(PACK_YAML), encoding="utf-8")
    for pillar in PACK_YAML["pillars"]:
        mine = measures(rng, pillar, 25)
        advice = [
            {
                "id": f"{pillar}.a{index}",
                "improves": rng.choice(mine)["id"],
                "when": long_condition(rng) if rng.random() < 0.12 else condition(rng),
                "effort_minutes_per_week": rng.randint(1, 60),
                "title": {"en": "A"},
                "text": {"en": "Do"},
            }
            for index in range(rng.randint(0, 25))
        ]
        (folder / f"{pillar}.yaml").write_text(yaml.safe_dump({"pillar": pillar, "measures": mine, "advice": advice}), encoding="utf-8")


def random_profile(rng: random.Random) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for fact in [*NUMBERS, *FLAGS]:
        if rng.random() < 0.75:
            section, name = fact.split(".")
            data.setdefault(section, {})[name] = number(rng, fact) if fact in NUMBERS else rng.random() < 0.5
    if rng.random() < 0.5:
        data["account"] = rng.choice(ACCOUNTS)
    if rng.random() < 0.5:
        data["id"] = rng.choice(["sid-1", "me", "1"])
    return data


def run_child(folder: Path, profiles: list[dict[str, Any]]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)], input=json.dumps(profiles), capture_output=True, text=True, timeout=300
    )
    assert done.returncode >= 0, f"the engine died of signal {-done.returncode} on {folder}: {done.stderr[-500:]}"
    assert done.returncode == 0, f"exit {done.returncode} on {folder}: {done.stderr[-2000:]}"
    return json.loads(done.stdout)


@pytest.mark.parametrize("seed", range(24))
def test_a_random_pack_runs_as_plain_python_reads_it_or_is_refused_with_a_place(seed, tmp_path):
    rng = random.Random(seed)
    folder = tmp_path / "pack"
    random_pack(rng, folder)
    profiles = [random_profile(rng) for _ in range(12)] + [{}]
    outcome = run_child(folder, profiles)
    if "refused" in outcome:
        assert outcome["refused"]
        for problem in outcome["refused"]:
            assert problem["file"] and problem["line"] and problem["rule_id"], problem
        return
    pack = reference.load(folder)
    for data, result in zip(profiles, outcome["results"], strict=True):
        expected = reference.evaluate(pack, data)
        assert result["measures"] == expected["measures"], data
        assert result["pillars"] == expected["pillars"], data
        assert result["total"] == expected["total"], data
        assert set(result["advice"]) == expected["advice"], (data, folder)
