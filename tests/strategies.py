"""Hypothesis strategies: profiles drawn from the profile schema's own fact catalogue."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ssi_advise.engine.facts import catalogue

def _leaf(path: str) -> st.SearchStrategy[Any]:
    spec = catalogue()[path]
    if spec.type == "boolean":
        return st.booleans()
    if spec.enum:
        return st.sampled_from(spec.enum)
    if spec.type == "string":
        return st.text(min_size=1, max_size=20)
    # Mostly everyday numbers, sometimes anything up to the schema's maximum, and the edges.
    top = spec.maximum if spec.maximum is not None else 10**9
    everyday = min(top, 60)
    if spec.type == "integer":
        top = int(top)
        return st.one_of(st.integers(0, everyday), st.integers(0, top), st.sampled_from([0, top]))
    return st.one_of(
        st.integers(0, int(everyday)),
        st.floats(0, everyday, allow_nan=False),
        st.floats(0, top, allow_nan=False, allow_infinity=False),
        st.sampled_from([0, 0.00001, top]),
    )


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


def extreme_profile(top: bool) -> dict[str, Any]:
    """Every fact given: at its schema maximum and true (top), or 0 and false (bottom)."""
    data: dict[str, Any] = {}
    for path in FACT_PATHS:
        spec = catalogue()[path]
        if spec.type == "string":
            continue
        if spec.type == "boolean":
            set_path(data, path, top)
        else:
            set_path(data, path, spec.maximum if top else 0)
    return data
