"""The default pack as a product: personas pinned by golden files, and every rule walked."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ssi_advise.reports import report_data
from ssi_advise.engine import evaluate, load_pack, profile_from_dict
from ssi_advise.engine.pack import PILLAR_MAX, PILLARS

GOLDEN = Path(__file__).parent / "golden"
_spec = importlib.util.spec_from_file_location("regenerate", GOLDEN / "regenerate.py")
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)


@pytest.mark.parametrize("persona", regenerate.PERSONAS)
def test_persona_matches_its_golden_file(default_compiled, persona):
    # A rule edit that moves a persona fails here; rerun tests/golden/regenerate.py on purpose.
    expected = json.loads((GOLDEN / f"{persona}.json").read_text(encoding="utf-8"))
    assert regenerate.golden(default_compiled, persona) == expected


def test_personas_rank_in_the_expected_order(default_compiled):
    totals = [regenerate.golden(default_compiled, p)["total"] for p in ("newcomer", "job-seeker", "account-manager", "coach")]
    assert totals == sorted(totals) and len(set(totals)) == 4


def test_a_fully_active_profile_scores_at_least_95(default_compiled):
    from strategies import extreme_profile

    report = evaluate(profile_from_dict(extreme_profile(top=True)), default_compiled)
    assert report.total >= 95
    assert report.coverage.assessed == report.coverage.measures


def test_every_rule_has_both_languages_positive_effort_and_a_measure_that_can_reach_its_maximum():
    pack = load_pack()
    measures = {m.id: m for m in pack.measures}
    for pillar in PILLARS:
        assert sum(m.max_points for m in pack.measures if m.pillar == pillar) == PILLAR_MAX, pillar
    for measure in pack.measures:
        for language in ("en", "nl"):
            assert measure.title.get(language) and measure.how_to_measure and measure.how_to_measure.get(language)
        assert measure.why.strip(), measure.id
        if measure.bands:
            assert measure.bands[-1].points == measure.max_points
            assert [b.points for b in measure.bands] == sorted(b.points for b in measure.bands)
        else:
            assert sum(c.points for c in measure.checks) == measure.max_points
    improved = set()
    for advice in pack.advice:
        assert advice.effort_minutes_per_week > 0
        assert advice.improves in measures
        for language in ("en", "nl"):
            assert advice.title[language].strip() and advice.text[language].strip()
        assert advice.title["en"] != advice.title["nl"]
        improved.add(advice.improves)
    assert improved == set(measures), set(measures) - improved


def test_the_dutch_report_is_dutch(default_compiled):
    report = report_data(evaluate(profile_from_dict({"relationships": {"connections": 120}}), default_compiled), "nl")
    assert report["pillars"]["relationships"]["title"] == "Bouw relaties op"
    assert report["actions"] and all(a["title"] and a["text"] for a in report["actions"])
