"""What the default pack says: sourced, fit for the member's situation, never self-contradicting.

These tests read the pack and the evaluated reports; ids, counts and lines are derived from
the pack, never pinned, so a new measure or advice only has to obey the rules below.
"""

from __future__ import annotations

import importlib.util
import re
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import profiles

from ssi_advise.engine import evaluate, load_pack, load_profile, profile_from_dict
from ssi_advise.engine.pack import DEFAULT_PACK_DIR
from ssi_advise.reports import report_data

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).parent / "golden"
SOURCES_DOC = REPO / "docs" / "sources.md"
SOURCES = re.compile(r"\[sources: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\]$")
OWN_JUDGEMENT = "judgement"

# Advice that contradict each other: a member must never be told both.
FORBIDDEN_PAIRS = [
    # "a sentence with every invitation" against "a free account: save your few notes"
    ("relationships.invite_with_reason", "relationships.invite_free_account"),
    ("relationships.invite_with_reason", "relationships.invite_people_who_know_you"),
    ("relationships.invite_only_with_context", "relationships.invite_free_account"),
    ("relationships.invite_only_with_context", "relationships.invite_people_who_know_you"),
    # "connect with colleagues" against "you have none: don't chase it"
    ("relationships.connect_with_colleagues", "relationships.no_colleagues_no_chase"),
    # one audience each: sellers, job seekers, everyone else
    ("relationships.connect_with_decision_makers", "relationships.connect_with_hiring_managers"),
    ("relationships.connect_with_decision_makers", "relationships.connect_with_senior_people"),
    ("relationships.connect_with_hiring_managers", "relationships.connect_with_senior_people"),
    ("brand.write_headline", "brand.write_headline_for_your_next_role"),
    ("insights.follow_company_pages", "insights.follow_target_employers"),
    # free filters against Sales Navigator; one posting cadence at a time
    ("people.use_search_filters", "people.sales_navigator_saved_searches"),
    ("insights.post_weekly", "insights.post_three_times_a_week"),
    ("insights.post_weekly", "brand.be_visible_regularly"),
]

# Words of client and account work, which a member who sells to no one must never be given.
CLIENT_WORDS = {
    "en": re.compile(r"\bclients?\b|\bprospects?\b|\baccounts you\b|\baccount lists?\b", re.I),
    "nl": re.compile(r"\bklant(en)?\b|\bprospects?\b|\baccounts waar\b|\baccountlijst\b", re.I),
}

PROFILE_TEXTS = {"brand.write_headline", "brand.write_headline_for_your_next_role", "brand.write_about"}

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def source_keys() -> set[str]:
    """The keys of the table in docs/sources.md."""
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", SOURCES_DOC.read_text(encoding="utf-8"), re.M))


def persona_actions(compiled, persona: str, language: str = "en") -> list[dict]:
    """A persona's plan in one language, each action with its id, kind, pillar, measure, title and text."""
    return report_data(evaluate(load_profile(EXAMPLES / f"{persona}.yaml"), compiled), language)["actions"]


def personas() -> list[str]:
    return sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


def sells_to_no_one(data: dict) -> bool:
    return data.get("situation") in ("job_seeker", "student") or data.get("sells_to_clients") is False


# -- sources ---------------------------------------------------------------------------------


def test_sources_doc_lists_the_public_statements_and_the_article():
    assert {"li-2014-predictive", "li-2015-formula", "li-2015-breakdown", "li-help-ssi", "li-help-allstar",
            "li-help-limits", "article", OWN_JUDGEMENT} <= source_keys()


def test_every_why_ends_with_known_source_keys_and_names_a_real_source():
    known = source_keys()
    for measure in load_pack().measures:
        found = SOURCES.search(measure.why.strip())
        assert found, f"{measure.id}: the why names no sources: {measure.why!r}"
        keys = found.group(1).split(", ")
        assert set(keys) <= known, f"{measure.id}: unknown source keys {set(keys) - known}"
        assert set(keys) - {OWN_JUDGEMENT}, f"{measure.id}: only our own judgement"


def test_the_claims_no_source_makes_and_the_outdated_facts_are_gone():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DEFAULT_PACK_DIR.glob("*.yaml")))
    for phrase in (
        "later tests found", "latere tests", "about 15 new profiles", "SSI measures exactly this",
        "Precies dit meet de SSI", "Most say yes", "De meesten zeggen ja", "whole network",
        "hele netwerk van de schrijver", "Each post brings profile views", "levert profielbezoek op",
        "Work menu", "menu Werk", "pin the", "Aanbevolen", "tijdlijn", "reageerders", "Connect met",
        "zag gebruiken", "connectiegraad", "introduce you at", "Five featured items",
    ):
        assert phrase.lower() not in text.lower(), phrase


def test_the_all_star_checks_follow_linkedins_list():
    completeness = load_pack().measure("brand.profile_completeness")
    minimum = {check.fact: check.min for check in completeness.checks}
    assert minimum["brand.skills"] == 3 and minimum["brand.past_positions"] == 2 and minimum["brand.education"] == 1
    assert {"brand.photo", "brand.current_position", "brand.industry_location"} <= set(minimum)


# -- effort ----------------------------------------------------------------------------------


def test_profile_texts_are_one_off_jobs_and_habits_are_weekly():
    advice = {a.id: a for a in load_pack().advice}
    for one_off in ("brand.write_headline", "brand.write_about", "brand.add_cover_photo", "brand.feature_your_work", "brand.add_photo"):
        assert advice[one_off].effort_minutes_once is not None, one_off
    for habit in ("insights.post_weekly", "insights.comment_in_substance", "relationships.invite_free_account"):
        assert advice[habit].effort_minutes_once is None, habit


# -- situation and contradictions, over many generated profiles ------------------------------


@pytest.mark.slow
@SETTINGS
@given(data=profiles(ssi=False))
def test_no_profile_is_given_two_advice_that_contradict_or_advice_that_does_not_fit_it(default_compiled, data):
    plan = report_data(evaluate(profile_from_dict(data), default_compiled), "en")["actions"]
    fired = {a["id"] for a in plan}
    for first, second in FORBIDDEN_PAIRS:
        assert not {first, second} <= fired, (first, second)
    if data.get("situation") in ("self_employed", "job_seeker", "student"):
        assert "relationships.connect_with_colleagues" not in fired
    if sells_to_no_one(data):
        for action in plan:
            if action["kind"] == "advice":
                assert not CLIENT_WORDS["en"].search(f"{action['title']} {action['text']}"), action["id"]


def test_every_forbidden_pair_names_advice_of_the_pack():
    ids = {a.id for a in load_pack().advice}
    assert {rule_id for pair in FORBIDDEN_PAIRS for rule_id in pair} <= ids


# -- the personas, read from their evaluated reports -----------------------------------------


@pytest.mark.parametrize("persona", personas())
def test_nothing_in_a_personas_top_five_contradicts_another_item(default_compiled, persona):
    top = [a["id"] for a in persona_actions(default_compiled, persona)[:5]]
    for pair in combinations(top, 2):
        assert tuple(sorted(pair)) not in {tuple(sorted(p)) for p in FORBIDDEN_PAIRS}, (persona, pair)


def test_the_newcomers_top_five_has_a_profile_text_and_a_network_action(default_compiled):
    top = persona_actions(default_compiled, "newcomer")[:5]
    assert PROFILE_TEXTS & {a["id"] for a in top}, [a["id"] for a in top]
    assert any(a["kind"] == "advice" and a["pillar"] == "relationships" for a in top), [a["id"] for a in top]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_job_seeker_gets_job_seeker_advice_and_nothing_about_clients_or_accounts(default_compiled, language):
    plan = persona_actions(default_compiled, "job-seeker", language)
    for action in plan:
        assert not CLIENT_WORDS[language].search(f"{action['title']} {action['text']}"), (action["id"], action["title"])
    ids = {a["id"] for a in plan}
    assert {"people.switch_on_open_to_work", "relationships.connect_with_recruiters"} <= ids


def test_the_self_employed_coach_gets_no_colleague_advice_and_is_told_why(default_compiled):
    plan = persona_actions(default_compiled, "self-employed-coach")
    assert not [a["id"] for a in plan if a["kind"] == "advice" and a["measure"] == "relationships.internal_connections"]
    assert "relationships.no_colleagues_no_chase" in {a["id"] for a in plan}


def test_the_student_gets_no_colleague_or_client_advice(default_compiled):
    plan = persona_actions(default_compiled, "student")
    assert "relationships.connect_with_colleagues" not in {a["id"] for a in plan}
    assert not [a["id"] for a in plan if CLIENT_WORDS["en"].search(f"{a['title']} {a['text']}")]


def test_the_readme_persona_table_is_the_one_the_pack_makes_today(default_compiled):
    spec = importlib.util.spec_from_file_location("regenerate", GOLDEN / "regenerate.py")
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    assert set(regenerate.PERSONAS) == set(personas())
    assert (REPO / "README.md").read_text(encoding="utf-8") == regenerate.readme_with_table(default_compiled)
