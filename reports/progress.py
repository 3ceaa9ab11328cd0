"""The JSON form of the progress documents (compare, history, what-if), titles filled in.

Like `report_data` for a report, these dicts are what every format of these documents is
built on: JSON prints them, Markdown and HTML lay them out, so all show the same content.
"""

from __future__ import annotations

from typing import Any

from ssi_advise.engine.compare import Change, Difference
from ssi_advise.engine.history import History
from ssi_advise.engine.model import PILLARS
from ssi_advise.engine.report import Action, Report
from ssi_advise.engine.whatif import Scenario, WhatIf

from .json import dumps
from .options import RenderOptions
from .wording import Wording


def change(value: Change) -> dict[str, float]:
    """Before, after and the change."""
    return {"old": value.old, "new": value.new, "change": value.change}


def _who(report: Report) -> dict[str, Any]:
    return {"id": report.profile.id, "name": report.profile.name, "source": report.profile.source}


def who(profile: dict[str, Any]) -> str:
    """Whom a report is of, as a heading names them: the name, else the id, else the file."""
    return profile["name"] or profile["id"] or profile["source"]


def _action(action: Action, words: Wording) -> dict[str, Any]:
    return {
        "id": action.id,
        "kind": action.kind,
        "title": words.action_title(action),
        "pillar": action.pillar,
        "pillar_title": words.pillar(action.pillar),
        "measure": action.measure,
        "expected_gain": action.expected_gain,
        "effort_minutes_per_week": action.effort_minutes_per_week,
        "rank": action.rank,
    }


def difference_data(difference: Difference, language: str) -> dict[str, Any]:
    """The JSON form of a comparison between two reports."""
    old_words, new_words = Wording(difference.old.texts, language), Wording(difference.new.texts, language)
    measure_pillars = {m.id: m.pillar for p in difference.new.pillars.values() for m in p.measures}
    return {
        "kind": "compare",
        "language": language,
        "old": {"profile": _who(difference.old), "pack": _pack(difference.old)},
        "new": {"profile": _who(difference.new), "pack": _pack(difference.new)},
        "same_pack": difference.same_pack,
        "same_member": difference.same_member,
        "all_facts": difference.all_facts,
        "total": change(difference.total),
        "pillars": {key: {"title": new_words.pillar(key), **change(value)} for key, value in difference.pillars.items()},
        "measures": [
            {"id": key, "title": new_words.measure(key), "pillar": measure_pillars[key], **change(value)}
            for key, value in difference.measures.items()
        ],
        "facts": [{"fact": f.fact, "old": f.old, "new": f.new, "rate": new_words.is_rate(f.fact) or old_words.is_rate(f.fact)}
                  for f in difference.facts],
        "done": [
            {**_action(d.action, old_words), "reason": d.reason, "points_before": d.points_before, "points_now": d.points_now}
            for d in difference.done
        ],
        "new_actions": [_action(a, new_words) for a in difference.new_actions],
    }


def _pack(report: Report) -> dict[str, str]:
    return {"name": report.pack.name, "version": report.pack.version}


def history_data(history: History, language: str) -> dict[str, Any]:
    """The JSON form of a history: every run's scores and the trend per pillar."""
    words = Wording(history.latest.texts, language)

    def trend(scores: list[float]) -> dict[str, Any]:
        return {"scores": scores, "first": scores[0], "last": scores[-1], "change": Change(scores[0], scores[-1]).change,
                "best": max(scores)}

    return {
        "kind": "history",
        "language": language,
        "source": history.source,
        "profile": _who(history.latest),
        "pack": _pack(history.latest),
        "runs": [
            {"line": e.line, "recorded_at": e.recorded_at, "total": e.report.total,
             "pillars": {p: e.report.pillars[p].score for p in PILLARS}, "pack": _pack(e.report)}
            for e in history.entries
        ],
        "pillars": {p: {"title": words.pillar(p), **trend(history.series(p))} for p in PILLARS},
        "total": trend(history.totals()),
    }


def whatif_data(whatif: WhatIf, language: str) -> dict[str, Any]:
    """The JSON form of a what-if: the report as it is, and each scenario's gains."""
    words = Wording(whatif.base.texts, language)
    return {
        "kind": "what-if",
        "language": language,
        "profile": _who(whatif.base),
        "pack": _pack(whatif.base),
        "total": whatif.base.total,
        "pillars": {p: {"title": words.pillar(p), "score": whatif.base.pillars[p].score} for p in PILLARS},
        "own": _scenario(whatif.own, words) if whatif.own else None,
        "scenarios": [_scenario(s, words) for s in whatif.scenarios],
        "not_tried": [{"id": a.id, "title": words.action_title(a), "facts": a.facts} for a in whatif.not_tried],
        # The facts of the scenarios that are shares from 0 to 1, shown as percentages.
        "rates": sorted({fact for s in (whatif.own, *whatif.scenarios) if s for fact in s.facts if words.is_rate(fact)}),
    }


def _scenario(scenario: Scenario, words: Wording) -> dict[str, Any]:
    return {
        "rank": scenario.rank,
        "action": _action(scenario.action, words) if scenario.action else None,
        "facts": scenario.facts,
        "total": change(scenario.total),
        "pillars": {p: {"title": words.pillar(p), **change(c)} for p, c in scenario.pillars.items()},
    }


def render_compare_json(difference: Difference, options: RenderOptions) -> str:
    return dumps(difference_data(difference, options.language))


def render_history_json(history: History, options: RenderOptions) -> str:
    return dumps(history_data(history, options.language))


def render_whatif_json(whatif: WhatIf, options: RenderOptions) -> str:
    return dumps(whatif_data(whatif, options.language))

