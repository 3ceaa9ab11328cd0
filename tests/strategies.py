"""Hypothesis strategies: profiles drawn from the profile schema's own fact catalogue."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ssi_advise.engine.facts import catalogue
from ssi_advise.engine.schemas import load_schema

_LIMITS = {
    "insights.groups": 100,
    "people.days_active_per_week": 7,
    "relationships.invitation_acceptance_rate": 1,
}


def _leaf(path: str) -> st.SearchStrategy[Any]:
    spec = catalogue()[path]
    if spec.type == "boolean":
        return st.booleans()
    if spec.enum:
        return st.sampled_from(spec.enum)
    if spec.type == "string":
        return st.text(min_size=1, max_size=20)
    top = _LIMITS.get(path, 30000 if path.startswith("relationships.") else 2000)
    if spec.type == "integer":
        # Mostly small, everyday numbers, sometimes the edges.
        return st.one_of(st.integers(0, 60), st.integers(0, top), st.sampled_from([0, top]))
    if top == 1:
        return st.one_of(st.floats(0, 1, allow_nan=False), st.sampled_from([0, 0.00001, 0.3, 0.5, 1]))
    return st.one_of(st.integers(0, 60), st.floats(0, top, allow_nan=False, allow_infinity=False), st.sampled_from([0, 0.00001, 2.5]))


FACT_PATHS = [p for p in catalogue() if not p.startswith("ssi.") and p not in ("id", "name", "industry", "language")]


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


@st.composite
def profiles(draw: st.DrawFn, paths: list[str] | None = None, ssi: bool = True) -> dict[str, Any]:
    """A schema-valid profile in which any fact may be missing."""
    data: dict[str, Any] = {}
    for path in paths or FACT_PATHS:
        if draw(st.booleans()) or draw(st.booleans()):
            set_path(data, path, draw(_leaf(path)))
    if ssi and draw(st.booleans()):
        data["ssi"] = {p: draw(st.floats(0, 25, allow_nan=False)) for p in ("brand", "people", "insights", "relationships") if draw(st.booleans())}
    return data


def full_profile_schema() -> dict[str, Any]:
    return load_schema("profile")
