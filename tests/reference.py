"""An independent plain-Python reading of a rule pack, for the differential test.

It reads the YAML files itself (yaml.safe_load) and shares no code with the engine: no
pack model, no compiler, no durable-rules. If the two disagree, one of them misreads the
rule format described in docs/rules.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def load(pack_dir: Path) -> dict[str, Any]:
    measures, advice = [], []
    for path in sorted(pack_dir.glob("*.yaml")):
        if path.name == "pack.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("measures", []):
            measures.append(dict(item, pillar=data["pillar"]))
        for item in data.get("advice", []):
            advice.append(dict(item, pillar=data["pillar"]))
    return {"measures": measures, "advice": advice}


_ABSENT = object()


def value(profile: dict[str, Any], path: str) -> Any:
    node: Any = profile
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _ABSENT
        node = node[part]
    return node


def same(a: Any, b: Any) -> bool:
    """Equality in which true/false never equals a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def holds(condition: dict[str, Any], profile: dict[str, Any]) -> bool:
    """Plain logic: a comparison on a missing fact is false; `not` flips it."""
    if "all" in condition:
        return all(holds(c, profile) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, profile) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], profile)
    actual = value(profile, condition["fact"])
    if "missing" in condition:
        return actual is _ABSENT
    if "exists" in condition:
        return actual is not _ABSENT
    return actual is not _ABSENT and compares(actual, condition)


def compares(actual: Any, condition: dict[str, Any]) -> bool:
    """A comparison on a fact the profile gives."""
    if "lt" in condition:
        return actual < condition["lt"]
    if "lte" in condition:
        return actual <= condition["lte"]
    if "gt" in condition:
        return actual > condition["gt"]
    if "gte" in condition:
        return actual >= condition["gte"]
    if "eq" in condition:
        return same(actual, condition["eq"])
    if "ne" in condition:
        return not same(actual, condition["ne"])
    if "in" in condition:
        return any(same(actual, option) for option in condition["in"])
    raise ValueError(f"unknown condition {condition}")


def measure_points(measure: dict[str, Any], profile: dict[str, Any]) -> float:
    if "bands" in measure:
        actual = value(profile, measure["fact"])
        if actual is _ABSENT:
            return 0.0
        earned = 0.0
        for band in measure["bands"]:
            if actual >= band["min"]:
                earned = band["points"]
        return float(earned)
    total = 0.0
    for check in measure["checks"]:
        actual = value(profile, check["fact"])
        if actual is _ABSENT:
            continue
        if isinstance(actual, bool):
            total += check["points"] if actual else 0
        elif actual >= check.get("min", 1):
            total += check["points"]
    return round(total, 2)


def evaluate(pack: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """Points per measure, pillar scores, total and the set of advice ids that apply."""
    points = {m["id"]: measure_points(m, profile) for m in pack["measures"]}
    pillars: dict[str, float] = {"brand": 0.0, "people": 0.0, "insights": 0.0, "relationships": 0.0}
    for m in pack["measures"]:
        pillars[m["pillar"]] += points[m["id"]]
    pillars = {k: min(25.0, round(v, 2)) for k, v in pillars.items()}
    fired = {a["id"] for a in pack["advice"] if holds(a["when"], profile)}
    return {"measures": points, "pillars": pillars, "total": round(sum(pillars.values()), 2), "advice": fired}
