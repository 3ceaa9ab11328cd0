"""The report's data, built in one pass from what durable-rules decided for a profile.

Scoring and ranking write straight into the mappings of the JSON report
(`schemas/report.schema.json`): a measure's entry, an action's entry, the pillars, the
coverage. With a language's words (`Words`, as `ssi_advise.reports.json` gives them) that
data is the JSON report itself, which is what a batch writes; without (`NO_WORDS`) every
title and text is None, and `Report.from_data` makes the report's records from it, which
every other format renders. Either way there is one way from what fired to a report:
building records first and copying them into mappings after cost a batch some 25–30 µs a
profile, an eighth of its time (docs/batch.md).
"""

from __future__ import annotations

from typing import Any, Protocol

from .action_entries import ActionWords, actions
from .compiler import CompiledPack
from .firing import Firing
from .model import PILLARS, PILLAR_MAX, TOTAL_MAX
from .profile import Profile
from .rank import order, weighing
from .score import EntryWords, pillar_score, points, score_measures

# The keys of a measure's and of an action's entry, in the order the report schema lists them.
MEASURE_KEYS = (
    "id", "pillar", "title", "facts", "value", "points", "max_points", "assessed", "missing_facts", "band",
    "next_band_points", "checks", "how_to_measure", "why",
)
ACTION_KEYS = (
    "id", "kind", "pillar", "measure", "facts", "title", "text", "expected_gain", "effort_minutes_per_week",
    "pillar_reference", "pillar_reference_is_real", "pillar_weight", "priority", "rank", "effort_minutes_once",
    "points_at_stake", "alternative_to",
)


class Words(EntryWords, ActionWords, Protocol):
    """A report's words in one language, as the data is built with them (None: no language):
    the entries of measures (MEASURE_KEYS) and actions (ACTION_KEYS) with their words, and titles."""

    @property
    def language(self) -> str | None:
        """The language of the words, None for none."""

    def pillar(self, pillar: str) -> str | None:
        """A pillar's title."""

    def measure(self, measure: str) -> str | None:
        """A measure's title."""

    def how(self, measure: str) -> str | None:
        """Where to find a measure's facts."""


class _NoWords:
    """Every title and text None: the data `Report.from_data` makes a report from."""

    language = None

    def entry(self, measure: str) -> dict[str, Any]:
        return {**dict.fromkeys(MEASURE_KEYS), "id": measure}

    def check_titles(self, measure: str, facts: tuple[str, ...]) -> list[Any]:
        return [None] * len(facts)

    def action(self, kind: str, action_id: str, measure: str, facts: list[str]) -> dict[str, Any]:
        return {**dict.fromkeys(ACTION_KEYS), "id": action_id, "kind": kind}

    def pillar(self, pillar: str) -> None:
        return None

    def measure(self, measure: str) -> None:
        return None

    def how(self, measure: str) -> None:
        return None


NO_WORDS: Words = _NoWords()


def build_report_data(profile: Profile, compiled: CompiledPack, firing: Firing, words: Words) -> dict[str, Any]:
    """The report's data for a profile from what fired: the JSON report in `words`' language."""
    pack = compiled.pack
    scored = score_measures(pack, firing, profile.flat, words)
    real = profile.ssi
    pillars: dict[str, dict[str, Any]] = {}
    for pillar in PILLARS:
        measures = scored.pillars[pillar]
        score = pillar_score(measures)
        data: dict[str, Any] = {"id": pillar, "title": words.pillar(pillar), "score": score, "max": float(PILLAR_MAX), "measures": measures}
        if pillar in real:
            data["comparison"] = {"real": real[pillar], "estimate": score, "difference": points(score - real[pillar])}
        pillars[pillar] = data
    weights = weighing({pillar: data["score"] for pillar, data in pillars.items()}, real)
    total = points(sum(p["score"] for p in pillars.values()))
    found: dict[str, Any] = {
        "estimate": True,
        "language": words.language,
        "pack": {"name": pack.name, "version": pack.version},
        "profile": {"id": profile.id, "name": profile.name, "source": profile.source},
        "total": total,
        "max": float(TOTAL_MAX),
        "pillars": pillars,
        "coverage": {
            "measures": len(scored.by_id),
            "assessed": len(scored.by_id) - len(scored.not_assessed),
            "not_assessed": [
                {"measure": m["id"], "pillar": m["pillar"], "title": words.measure(m["id"]),
                 "missing_facts": m["missing_facts"], "how_to_measure": words.how(m["id"])}
                for m in scored.not_assessed
            ],
        },
        "actions": order(actions(pack, firing, scored, weights, words)),
    }
    ssi = _ssi(real, total, words)
    if ssi is not None:
        found["ssi"] = ssi
    return found


def _ssi(real: dict[str, float], total: float, words: Words) -> dict[str, Any] | None:
    """The member's own SSI page beside the estimate; each part only when given."""
    if not real:
        return None
    ranks = ("industry_average", "industry_rank_percent", "network_rank_percent")
    ssi: dict[str, Any] = {key: real[key] for key in ranks if real.get(key) is not None}
    given = [p for p in PILLARS if p in real]
    if given:
        weakest = min(given, key=lambda p: (real[p], PILLARS.index(p)))
        ssi["weakest_real_pillar"] = weakest
        ssi["weakest_real_pillar_title"] = words.pillar(weakest)
    if len(given) == len(PILLARS):
        real_total = points(sum(real[p] for p in PILLARS))
        ssi["real_total"] = real_total
        ssi["estimate_total"] = total
        ssi["difference"] = points(total - real_total)
        if "industry_average" in real:
            ssi["above_industry_average"] = points(real_total - real["industry_average"])
    return ssi
