"""The report: what an evaluation found, in one language, ready to render or serialise.

`Report.to_dict()` is the stable JSON form described by `schemas/report.schema.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class CheckResult:
    """One check of a measure: the fact, its value, whether it was met."""

    fact: str
    title: str
    value: Any
    min: float | None
    points: float
    max_points: float
    met: bool
    assessed: bool


@dataclass(slots=True)
class MeasureResult:
    """How many points one measure earned, and from what."""

    id: str
    pillar: str
    title: str
    facts: list[str]
    value: Any
    points: float
    max_points: float
    assessed: bool
    missing_facts: list[str]
    band: str | None = None
    next_band_points: float | None = None
    checks: list[CheckResult] = field(default_factory=list)
    how_to_measure: str | None = None


@dataclass(slots=True)
class Comparison:
    """The estimate beside the number on the member's own SSI page."""

    real: float
    estimate: float
    difference: float


@dataclass(slots=True)
class PillarResult:
    id: str
    title: str
    score: float
    max: float
    measures: list[MeasureResult]
    comparison: Comparison | None = None


@dataclass(slots=True)
class Action:
    """One step of the plan, with every input of its priority."""

    id: str
    kind: str  # "advice" or "measure"
    pillar: str
    measure: str
    facts: list[str]
    title: str
    text: str
    expected_gain: float
    effort_minutes_per_week: float
    pillar_reference: float
    pillar_reference_is_real: bool
    pillar_weight: float
    priority: float
    rank: int = 0


@dataclass(frozen=True)
class Report:
    """The whole result of evaluating one profile with one pack."""

    language: str
    pack: dict[str, str]
    profile: dict[str, Any]
    total: float
    max: float
    pillars: dict[str, PillarResult]
    coverage: dict[str, Any]
    actions: list[Action]
    ssi: dict[str, Any] | None = None
    estimate: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the report (see schemas/report.schema.json)."""
        data = asdict(self)
        ordered = {"estimate": data.pop("estimate")}
        ordered.update(data)
        for pillar in ordered["pillars"].values():
            if pillar["comparison"] is None:
                del pillar["comparison"]
        if ordered["ssi"] is None:
            del ordered["ssi"]
        return ordered
