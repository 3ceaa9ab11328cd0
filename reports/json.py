"""The report as JSON for programs (`schemas/report.schema.json`), and the one JSON writer.

Every command that prints JSON goes through `dumps`: two-space indents, text as written
(not \\u escapes), and never NaN or Infinity, which are not JSON.
"""

from __future__ import annotations

import json
from typing import Any

from ssi_advise.engine.compiler import CompiledPack
from ssi_advise.engine.firing import Firing
from ssi_advise.engine.identity_cache import IdentityCache
from ssi_advise.engine.profile import Profile
from ssi_advise.engine.report import Action, MeasureResult, PillarResult, Report
from ssi_advise.engine.report_build import ACTION_KEYS, MEASURE_KEYS, build_report_data
from ssi_advise.engine.texts import Texts

from .options import RenderOptions
from .wording import Wording


def dumps(data: Any) -> str:
    """JSON text for people and programs alike, with a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def history_line(report: Report, language: str, recorded_at: str) -> str:
    """The report as one line of a history file (JSONL): the JSON report with the time it was made."""
    data = {"recorded_at": recorded_at, **report_data(report, language)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def render_json(report: Report, options: RenderOptions) -> str:
    """The JSON report; `top` limits the action plan (None or 0: all)."""
    return dumps(report_data(report, options.language, options.top))


class _Words:
    """A pack's words in one language, each looked up once: a batch renders thousands of reports
    (the `Words` the report's data is built with, engine/report_build.py)."""

    def __init__(self, words: Wording) -> None:
        self.words = words
        self.language = words.language
        self.measures: dict[str, str] = {}
        self.hows: dict[str, str | None] = {}
        self.checks: dict[tuple[str, ...], list[str]] = {}
        self.pillars: dict[str, str] = {}
        self.actions: dict[tuple[str, str, tuple[str, ...]], dict[str, Any]] = {}

    def pillar(self, pillar: str) -> str:
        if pillar not in self.pillars:
            self.pillars[pillar] = self.words.pillar(pillar)
        return self.pillars[pillar]

    def measure(self, measure: str) -> str:
        if measure not in self.measures:
            self.measures[measure] = self.words.measure(measure)
        return self.measures[measure]

    def how(self, measure: str) -> str | None:
        if measure not in self.hows:
            self.hows[measure] = self.words.how(measure)
        return self.hows[measure]

    def why(self, measure: str) -> str | None:
        return self.words.why(measure)

    def entry(self, measure: str) -> dict[str, Any]:
        """A measure's entry in the JSON report with its words filled in and its results not yet
        (None): every key in its place (engine/score.py makes its outcomes of it, once)."""
        return dict(dict.fromkeys(MEASURE_KEYS), id=measure, title=self.measure(measure), how_to_measure=self.how(measure),
                    why=self.why(measure))

    def check_titles(self, measure: str, facts: tuple[str, ...]) -> list[str]:
        """The titles of a measure's checks, in order (a pack's measure has the same checks in
        every report of it)."""
        key = (measure, *facts)
        found = self.checks.get(key)
        if found is None:
            found = self.checks[key] = [self.words.check(measure, index, fact) for index, fact in enumerate(facts)]
        return found

    def action(self, kind: str, action_id: str, measure: str, facts: list[str]) -> dict[str, Any]:
        """An action's entry in the JSON report with its title and text filled in and the rest
        not yet (None): every key in its place. Copied per report, never handed out itself."""
        # A "measure it" step's text may name the facts it lacks.
        key = (kind, action_id, tuple(facts) if kind == "measure" else ())
        found = self.actions.get(key)
        if found is None:
            found = self.actions[key] = dict.fromkeys(ACTION_KEYS)
            found.update(id=action_id, kind=kind, title=self.words.step_title(kind, action_id, measure),
                         text=self.words.step_text(kind, action_id, measure, facts))
        return found


# A pack's words per language, looked up once (kept with the pack's texts).
_WORDS: IdentityCache[_Words] = IdentityCache()


def _words(texts: Texts, language: str) -> _Words:
    return _WORDS.get(texts, lambda: _Words(Wording(texts, language)), language)


def fired_report_data(profile: Profile, compiled: CompiledPack, firing: Firing, language: str) -> dict[str, Any]:
    """The JSON report of a profile in one language, built straight from what fired (as
    `report_data(evaluate(…))` gives it, without the report's records in between: a batch's way)."""
    texts = compiled.pack.texts
    texts.require(language)
    return build_report_data(profile, compiled, firing, _words(texts, language))


def report_data(report: Report, language: str, top: int | None = None) -> dict[str, Any]:
    """The JSON form of a report in one language, titles and texts filled in."""
    report.texts.require(language)
    words = _words(report.texts, language)
    actions = first_actions(report.actions, top)
    data: dict[str, Any] = {
        "estimate": report.estimate,
        "language": language,
        "pack": {"name": report.pack.name, "version": report.pack.version},
        "profile": {"id": report.profile.id, "name": report.profile.name, "source": report.profile.source},
        "total": report.total,
        "max": report.max,
        "pillars": {key: _pillar(pillar, words) for key, pillar in report.pillars.items()},
        "coverage": {
            "measures": report.coverage.measures,
            "assessed": report.coverage.assessed,
            "not_assessed": [
                {"measure": m.measure, "pillar": m.pillar, "title": words.measure(m.measure),
                 "missing_facts": m.missing_facts, "how_to_measure": words.how(m.measure)}
                for m in report.coverage.not_assessed
            ],
        },
        "actions": [_action(action, words) for action in actions],
    }
    if report.ssi is not None:
        ssi = {key: getattr(report.ssi, key) for key in ("industry_average", "industry_rank_percent", "network_rank_percent")}
        ssi = {key: value for key, value in ssi.items() if value is not None}
        if report.ssi.weakest_real_pillar is not None:
            ssi["weakest_real_pillar"] = report.ssi.weakest_real_pillar
            ssi["weakest_real_pillar_title"] = words.pillar(report.ssi.weakest_real_pillar)
        for key in ("real_total", "estimate_total", "difference", "above_industry_average"):
            if getattr(report.ssi, key) is not None:
                ssi[key] = getattr(report.ssi, key)
        data["ssi"] = ssi
    return data


def first_actions(actions: list[Action], top: int | None) -> list[Action]:
    """The first `top` leading actions with their alternatives (None or 0: all)."""
    if not top:
        return actions
    leaders = 0
    for index, action in enumerate(actions):
        if action.alternative_to is None:
            leaders += 1
            if leaders > top:
                return actions[:index]
    return actions


def _pillar(pillar: PillarResult, words: _Words) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pillar.id,
        "title": words.pillar(pillar.id),
        "score": pillar.score,
        "max": pillar.max,
        "measures": _measures(pillar.measures, words),
    }
    if pillar.comparison is not None:
        c = pillar.comparison
        data["comparison"] = {"real": c.real, "estimate": c.estimate, "difference": c.difference}
    return data


def _measures(measures: list[MeasureResult], words: _Words) -> list[dict[str, Any]]:
    # One loop, not a call a measure: a batch writes some 27 of them a report. Each entry is
    # a copy of the measure's words (in the order of the report's keys) with its results set.
    entry = words.entry
    found = []
    for measure in measures:
        data = entry(measure.id).copy()
        data["pillar"] = measure.pillar
        data["facts"] = measure.facts
        data["value"] = measure.value
        data["points"] = measure.points
        data["max_points"] = measure.max_points
        data["assessed"] = measure.assessed
        data["missing_facts"] = measure.missing_facts
        data["band"] = measure.band
        data["next_band_points"] = measure.next_band_points
        data["checks"] = _checks(measure, words) if measure.checks else []
        found.append(data)
    return found


def _checks(measure: MeasureResult, words: _Words) -> list[dict[str, Any]]:
    return [
        {"fact": c.fact, "title": title, "value": c.value, "min": c.min,
         "points": c.points, "max_points": c.max_points, "met": c.met, "assessed": c.assessed}
        for c, title in zip(measure.checks, words.check_titles(measure.id, tuple(c.fact for c in measure.checks)), strict=True)
    ]


def _action(action: Action, words: _Words) -> dict[str, Any]:
    data = words.action(action.kind, action.id, action.measure, action.facts).copy()
    data["pillar"] = action.pillar
    data["measure"] = action.measure
    data["facts"] = action.facts
    data["expected_gain"] = action.expected_gain
    data["effort_minutes_per_week"] = action.effort_minutes_per_week
    data["pillar_reference"] = action.pillar_reference
    data["pillar_reference_is_real"] = action.pillar_reference_is_real
    data["pillar_weight"] = action.pillar_weight
    data["priority"] = action.priority
    data["rank"] = action.rank
    data["effort_minutes_once"] = action.effort_minutes_once
    data["points_at_stake"] = action.points_at_stake
    data["alternative_to"] = action.alternative_to
    return data
