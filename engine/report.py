"""The report: what an evaluation found, in no language yet, ready to render.

The records hold ids, numbers, fact values and bands; the words live in `Report.texts` and
are looked up by a renderer (`ssi_advise.reports`). `Report.from_dict` reads a JSON report
back (the form described by `schemas/report.schema.json`), with its one language's words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .texts import Texts


@dataclass(slots=True)
class CheckResult:
    """One check of a measure: the fact, its value, whether it was met."""

    fact: str
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
    facts: list[str]
    value: Any
    points: float
    max_points: float
    assessed: bool
    missing_facts: list[str]
    band: str | None = None
    next_band_points: float | None = None
    checks: list[CheckResult] = field(default_factory=list)


@dataclass(slots=True)
class Comparison:
    """The estimate beside the number on the member's own SSI page."""

    real: float
    estimate: float
    difference: float


@dataclass(slots=True)
class PillarResult:
    """A pillar's score and the measures it is the sum of."""

    id: str
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
    expected_gain: float
    effort_minutes_per_week: float
    pillar_reference: float
    pillar_reference_is_real: bool
    pillar_weight: float
    priority: float
    rank: int = 0
    # A one-off job's minutes (None for a habit); its weekly effort spreads them over four weeks.
    effort_minutes_once: float | None = None
    # The points of the measure an action concerns: what a "measure it" step puts at stake.
    points_at_stake: float = 0.0
    # The leading action for the same measure, when this one is an alternative to it.
    alternative_to: str | None = None


@dataclass(slots=True)
class NotAssessed:
    """A measure that could not be scored, and the facts it lacked."""

    measure: str
    pillar: str
    missing_facts: list[str]


@dataclass(slots=True)
class Coverage:
    """How many measures could be assessed, and which could not."""

    measures: int
    assessed: int
    not_assessed: list[NotAssessed]


@dataclass(slots=True)
class SsiSummary:
    """The member's own SSI page beside the estimate; each part only when given."""

    industry_average: float | None = None
    industry_rank_percent: float | None = None
    network_rank_percent: float | None = None
    weakest_real_pillar: str | None = None
    real_total: float | None = None
    estimate_total: float | None = None
    difference: float | None = None
    above_industry_average: float | None = None


@dataclass(slots=True)
class PackRef:
    """Which pack made the report."""

    name: str
    version: str


@dataclass(slots=True)
class ProfileRef:
    """Whose report it is."""

    id: str | None
    name: str | None
    source: str

    def other_member(self, other: ProfileRef) -> bool:
        """Whether `other` is surely someone else: the ids differ, or, where one of them has
        none, the names do (spaces, case and Unicode form aside). With neither to go by, it is not."""
        if self.id and other.id:
            return self.id != other.id
        if self.name and other.name:
            return _plain_name(self.name) != _plain_name(other.name)
        return False

    def shown(self) -> str:
        """Who it is, in a message."""
        return self.name or self.id or "a profile without a name"


def _plain_name(name: str) -> str:
    # "José" typed on one machine and pasted from another may differ in form only (é as one
    # character, or e and an accent): the same name, which a note must not call two people.
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class Report:
    """The whole result of evaluating one profile with one pack."""

    pack: PackRef
    profile: ProfileRef
    total: float
    max: float
    pillars: dict[str, PillarResult]
    coverage: Coverage
    actions: list[Action]
    texts: Texts
    ssi: SsiSummary | None = None
    estimate: bool = True

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """A report read back from its JSON form; its words are those of the JSON's language."""
        return cls.from_data(data, _texts_of(data))

    @classmethod
    def from_data(cls, data: dict[str, Any], texts: Texts) -> Report:
        """The report whose JSON form (or words-free data, engine/report_build.py) is `data`, its
        words looked up in `texts`."""
        coverage = data["coverage"]
        ssi = data.get("ssi")
        return cls(
            pack=PackRef(data["pack"]["name"], data["pack"]["version"]),
            profile=ProfileRef(**data["profile"]),
            total=data["total"],
            max=data["max"],
            pillars={key: _pillar(item) for key, item in data["pillars"].items()},
            coverage=Coverage(
                coverage["measures"],
                coverage["assessed"],
                [NotAssessed(m["measure"], m["pillar"], m["missing_facts"]) for m in coverage["not_assessed"]],
            ),
            actions=[Action(**{k: v for k, v in item.items() if k not in ("title", "text")}) for item in data["actions"]],
            texts=texts,
            ssi=SsiSummary(**{k: v for k, v in ssi.items() if k != "weakest_real_pillar_title"}) if ssi is not None else None,
            estimate=data.get("estimate", True),
        )


def _pillar(data: dict[str, Any]) -> PillarResult:
    measures = []
    for item in data["measures"]:
        checks = [CheckResult(**{k: v for k, v in check.items() if k != "title"}) for check in item["checks"]]
        fields = {k: v for k, v in item.items() if k not in ("title", "how_to_measure", "checks", "why")}
        measures.append(MeasureResult(**fields, checks=checks))
    comparison = Comparison(**data["comparison"]) if data.get("comparison") else None
    return PillarResult(data["id"], data["score"], data["max"], measures, comparison)


def _texts_of(data: dict[str, Any]) -> Texts:
    """The words a JSON report holds, in its one language."""
    language = data["language"]
    texts = Texts((language,), data["pack"]["name"], from_json=True)
    for pillar in data["pillars"].values():
        texts.pillars[pillar["id"]] = {language: pillar["title"]}
        for item in pillar["measures"]:
            texts.measures[item["id"]] = {language: item["title"]}
            if item.get("how_to_measure"):
                texts.how_to_measure[item["id"]] = {language: item["how_to_measure"]}
            texts.checks[item["id"]] = [{language: check["title"]} for check in item["checks"]]
            if item.get("why"):
                texts.why[item["id"]] = item["why"]
    for item in data["actions"]:
        if item["kind"] == "advice":
            texts.advice_titles[item["id"]] = {language: item["title"]}
            texts.advice_texts[item["id"]] = {language: item["text"]}
    return texts
