"""What-if with a coach pack's own facts: `--set custom.x=...` known, checked and scored like a built-in fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_files

from ssi_advise.cli.main import main
from ssi_advise.engine import compile_pack, load_pack, profile_from_dict
from ssi_advise.engine.whatif import parse_settings, what_if

PACK = """\
pack: deals
version: "1"
languages: [en]
pillars:
  brand: {title: {en: Brand}}
  people: {title: {en: People}}
  insights: {title: {en: Insights}}
  relationships: {title: {en: Relationships}}
facts:
  custom.deals_per_month:
    type: integer
    description: Deals closed through LinkedIn a month.
    minimum: 0
    maximum: 20
  custom.sector:
    type: text
    description: The sector the member sells to.
    values: [retail, finance, health]
  custom.city:
    type: text
    description: The town the member works in.
ignore_case: [custom.city]
"""
# The band at 2.5 deals: a target on a whole-number fact of the pack's own is rounded up to 3.
RULES = """\
pillar: relationships
measures:
  - id: relationships.deals
    title: {en: Deals}
    fact: custom.deals_per_month
    max_points: 5
    bands:
      - {min: 0, points: 0}
      - {min: 2.5, points: 2}
      - {min: 6, points: 5}
advice:
  - id: relationships.close_more
    improves: relationships.deals
    when: {fact: custom.deals_per_month, lt: 6}
    effort_minutes_per_week: 20
    title: {en: Close more deals}
    text: {en: Follow up every warm lead.}
  - id: relationships.finance_referrals
    improves: relationships.deals
    aims: max
    when:
      all:
        - {fact: custom.sector, eq: finance}
        - {fact: custom.deals_per_month, lt: 6}
    effort_minutes_per_week: 40
    title: {en: Ask finance clients for referrals}
    text: {en: One referral a week.}
  - id: relationships.local_meetup
    improves: relationships.deals
    when: {fact: custom.city, eq: amersfoort}
    effort_minutes_per_week: 30
    title: {en: Go to the Amersfoort business meetup}
    text: {en: Once a month.}
"""
ANN = "name: Ann\ncustom:\n  deals_per_month: 1\n  sector: retail\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str]:
    """The pack's folder and a client's profile (1 deal a month, retail)."""
    pack = write_files(tmp_path / "deals", {"pack.yaml": PACK, "deals.yaml": RULES})
    client = write_files(tmp_path, {"ann.yaml": ANN}) / "ann.yaml"
    return str(pack), str(client)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def json_whatif(*args: str) -> dict:
    result = run("what-if", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_setting_a_pack_integer_fact_scores_it(files):
    pack, client = files
    data = json_whatif(client, "--rules", pack, "--set", "custom.deals_per_month=4")
    own = data["own"]
    assert own["facts"] == {"custom.deals_per_month": 4}
    assert own["total"] == {"old": 0.0, "new": 2.0, "change": 2.0}
    assert own["pillars"]["relationships"]["change"] == 2.0
    # The advice's target on the pack's whole-number fact: band 2.5 rounded up by the pack's spec.
    assert [(s["rank"], s["action"]["id"], s["facts"], s["total"]["change"]) for s in data["scenarios"]] == [
        (1, "relationships.close_more", {"custom.deals_per_month": 3}, 2.0)]


def test_the_text_output_shows_a_pack_setting_like_a_built_in_one(files):
    pack, client = files
    result = run("what-if", client, "--rules", pack, "--set", "custom.deals_per_month=7")
    assert result.exit_code == 0, result.output
    assert "Your changes" in result.output
    assert "target: custom.deals_per_month = 7" in result.output
    assert "Total 0 → 5 (+5): Relationships +5" in result.output
    assert "target: custom.deals_per_month = 3" in result.output  # the scenario of close_more


def test_setting_a_pack_text_fact_changes_the_plan_as_the_rules_say(files):
    pack, client = files
    compiled = compile_pack(load_pack(pack))
    try:
        base = {"custom": {"deals_per_month": 1, "sector": "retail"}}
        changes = parse_settings(["custom.sector=finance"], compiled.pack.fact_catalogue)
        found = what_if(profile_from_dict(base), compiled, changes)
        # A free-text fact the pack compares ignoring case: a set value is folded like a file's.
        city = what_if(profile_from_dict(base), compiled, parse_settings(["custom.city=AMERSFOORT"], compiled.pack.fact_catalogue))
        finance = what_if(profile_from_dict({"custom": {"deals_per_month": 1, "sector": "finance"}}), compiled)
    finally:
        compiled.close()
    assert changes == {"custom.sector": "finance"}
    assert found.own is not None and found.own.gain == 0
    assert [a.id for a in found.base.actions] == ["relationships.close_more"]
    assert {a.id for a in found.own.report.actions} == {"relationships.close_more", "relationships.finance_referrals"}
    assert city.own is not None
    assert {a.id for a in city.own.report.actions} == {"relationships.close_more", "relationships.local_meetup"}
    # aims: max on the pack's fact: the top band's minimum, a whole number already.
    targets = {s.action.id: (s.facts, s.gain) for s in finance.scenarios if s.action}
    assert targets["relationships.finance_referrals"] == ({"custom.deals_per_month": 6}, 5.0)
    assert json_whatif(files[1], "--rules", pack, "--set", "custom.sector=finance")["own"]["facts"] == {"custom.sector": "finance"}


def test_a_pack_fact_can_be_set_for_a_profile_without_custom_and_removed(files, tmp_path):
    pack, client = files
    bare = write_files(tmp_path, {"bo.yaml": "name: Bo\n"}) / "bo.yaml"
    assert json_whatif(str(bare), "--rules", pack, "--set", "custom.deals_per_month=6")["own"]["total"]["new"] == 5.0
    removed = json_whatif(client, "--rules", pack, "--set", "custom.deals_per_month=")["own"]
    assert removed["facts"] == {"custom.deals_per_month": None}
    assert removed["total"] == {"old": 0.0, "new": 0.0, "change": 0.0}
    compiled = compile_pack(load_pack(pack))
    try:
        changes = parse_settings(["custom.deals_per_month="], compiled.pack.fact_catalogue)
        found = what_if(profile_from_dict({"custom": {"deals_per_month": 1}}), compiled, changes)
    finally:
        compiled.close()
    assert found.own is not None
    assert [(a.kind, a.id) for a in found.own.report.actions] == [("measure", "relationships.deals")]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("custom.deals_per_month=21", "--set: custom.deals_per_month: 21 is greater than the maximum of 20"),
        ("custom.deals_per_month=-1", "--set: custom.deals_per_month: -1 is less than the minimum of 0"),
        ("custom.deals_per_month=many", "--set: custom.deals_per_month: must be a whole number, got 'many'"),
        ("custom.deals_per_month=2.5", "--set: custom.deals_per_month: must be a whole number, got 2.5"),
        ("custom.sector=farming", "--set: custom.sector: must be one of retail, finance, health; got 'farming'"),
        # Fixed words are matched as written (no ignore_case for them), and a number is one problem, not two.
        ("custom.sector=Finance", "--set: custom.sector: must be one of retail, finance, health; got 'Finance'"),
        ("custom.sector=3", "--set: custom.sector: must be one of retail, finance, health; got 3"),
        ("custom.deal_per_month=4", "--set: no fact 'custom.deal_per_month' (did you mean 'custom.deals_per_month'?)"),
    ],
)
def test_a_bad_pack_setting_is_one_line_naming_the_fact(files, setting, message):
    pack, client = files
    result = run("what-if", client, "--rules", pack, "--set", setting)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]


def test_without_the_pack_a_custom_fact_is_no_fact(files):
    _, client = files
    bare = Path(client).with_name("plain.yaml")
    bare.write_text("name: Ann\n", encoding="utf-8")
    result = run("what-if", str(bare), "--set", "custom.deals_per_month=4")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["--set: no fact 'custom.deals_per_month'"]


def test_a_number_for_a_pack_fact_of_fixed_words_is_one_problem_in_a_profile_file_too(files):
    pack, client = files
    Path(client).write_text("custom:\n  sector: 3\n", encoding="utf-8")
    result = run(client, "--rules", pack)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{client}:2:3: custom.sector: must be one of retail, finance, health; got 3"]


def test_a_band_beyond_the_facts_maximum_is_warned_of_and_aimed_at_as_far_as_the_fact_goes(tmp_path):
    # The pack's fact stops at 5 while its top band starts at 6: `rules check` says so, and
    # what-if aims the advice at 5 instead of failing on the client's profile.
    pack = write_files(tmp_path / "deals", {"pack.yaml": PACK.replace("maximum: 20", "maximum: 5"), "deals.yaml": RULES})
    client = write_files(tmp_path, {"fi.yaml": "name: Fi\ncustom:\n  deals_per_month: 1\n  sector: finance\n"}) / "fi.yaml"
    check = run("rules", "check", str(pack))
    assert check.exit_code == 0
    assert f"{pack}/deals.yaml:3:5: warning: band 6+ can never be reached: custom.deals_per_month is at most 5 [relationships.deals]" \
        in check.output.splitlines()
    data = json_whatif(str(client), "--rules", str(pack))
    targets = {s["action"]["id"]: (s["facts"], s["total"]["change"]) for s in data["scenarios"]}
    assert targets["relationships.finance_referrals"] == ({"custom.deals_per_month": 5}, 2.0)
