"""Facts a pack declares of its own: declared, read by rules, given by profiles, checked with places."""

from __future__ import annotations


import json

import pytest
from click.testing import CliRunner

from conftest import write_files as write

from ssi_advise.cli.main import main
from ssi_advise.engine import InputError, compile_pack, evaluate, load_pack, profile_from_dict
from ssi_advise.engine.explain import explain
from ssi_advise.reports import explain_text

PACK = """\
pack: niche
version: "1"
extends: default
facts:
  custom.listings_per_week:
    type: number
    minimum: 0
    maximum: 50
    how_to_measure: {en: Count your listing posts of four weeks and divide by four., nl: Tel je woningposts van vier weken en deel door vier.}
ignore_case: [industry]
disable: [insights.company_pages_followed, insights.follow_company_pages, insights.follow_target_employers]
"""
RULES = """\
pillar: insights
measures:
  - id: insights.listings
    title: {en: Listings, nl: Woningen}
    fact: custom.listings_per_week
    max_points: 1.5
    bands:
      - {min: 0, points: 0}
      - {min: 1, points: 1}
      - {min: 3, points: 1.5}
advice:
  - id: insights.post_listings
    improves: insights.listings
    when:
      all:
        - {fact: custom.listings_per_week, lt: 3}
        - {fact: industry, in: [real estate, housing]}
    effort_minutes_per_week: 30
    title: {en: Post listings, nl: Plaats woningen}
    text: {en: Three a week., nl: Drie per week.}
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_pack_fact_is_scored_and_compared_without_regard_to_case(tmp_path):
    pack = load_pack(write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES}))
    compiled = compile_pack(pack)
    try:
        upper = profile_from_dict({"industry": "Real Estate", "custom": {"listings_per_week": 2}})
        report = evaluate(upper, compiled)
        missing = evaluate(profile_from_dict({"industry": "Housing"}), compiled)
        explained = explain(upper, compiled, "insights.post_listings", words=explain_text.condition_words("en"))
    finally:
        compiled.close()
    (measure,) = [m for m in report.pillars["insights"].measures if m.id == "insights.listings"]
    assert (measure.facts, measure.value, measure.points, measure.band) == (["custom.listings_per_week"], 2, 1.0, "1–3")
    assert "insights.post_listings" in {a.id for a in report.actions}
    # Not measured: a "measure it" step, with the fact's own how_to_measure.
    assert "insights.listings" in {a.id for a in missing.actions}
    assert report.texts.how("insights.listings", "nl") == "Tel je woningposts van vier weken en deel door vier."
    assert explain_text.lines(explained[0], "en")[1] == ("when (custom.listings_per_week (2) < 3 ✓ and industry ('Real Estate') in ('real estate', 'housing') ✓)"
                                                       "  →  holds")


def test_a_profiles_pack_facts_are_checked_against_the_pack_with_places(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES})
    client = tmp_path / "client.yaml"
    client.write_text("name: x\ncustom:\n  listings_per_week: veel\n  listing: 2\n", encoding="utf-8")
    result = run(str(client), "--rules", str(pack))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{client}:3:3: custom.listings_per_week: must be a number, got 'veel'",
        f"{client}:4:3: custom.listing: unknown field 'listing' (expected one of: listings_per_week)",
    ]
    client.write_text("custom: {listings_per_week: 80}\n", encoding="utf-8")
    assert run(str(client), "--rules", str(pack)).stderr.strip() == (
        f"{client}:1:10: custom.listings_per_week: 80 is greater than the maximum of 50")
    assert run(str(client)).stderr.strip() == (
        f"{client}:1:1: custom: the pack 'default' declares no facts of its own; custom: is for facts a pack declares under facts: in its pack.yaml")


def test_a_yaml_yes_for_a_packs_text_fact_says_how_yaml_read_it(tmp_path):
    # As for a built-in text (`account: yes`): the message says why a text got true.
    pack = write(tmp_path / "p", {"pack.yaml": PACK.replace("ignore_case:", "  custom.region: {type: text, values: [north, south]}\n"
                                                            "  custom.note: {type: text}\nignore_case:"), "r.yaml": RULES})
    client = tmp_path / "client.yaml"
    client.write_text("custom:\n  region: no\n  note: yes\n", encoding="utf-8")
    result = run(str(client), "--rules", str(pack))
    assert result.stderr.splitlines() == [
        f"{client}:2:3: custom.region: must be one of north, south; got false"
        " (YAML reads an unquoted no as false; write 'no' in quotes for the text)",
        f"{client}:3:3: custom.note: must be text, got true (YAML reads an unquoted yes as true; write 'yes' in quotes for the text)",
    ]


KINDS = """\
  custom.region: {type: text, values: [north, south]}
  custom.agent: {type: boolean}
  custom.listings: {type: integer, minimum: 0}
"""


def test_a_list_or_a_mapping_for_a_pack_fact_is_refused_with_what_the_fact_takes(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK.replace("ignore_case:", KINDS + "ignore_case:"), "r.yaml": RULES})
    client = tmp_path / "client.yaml"
    client.write_text("custom:\n  region: [north]\n  agent: [true]\n  listings: {a: 1}\n", encoding="utf-8")
    result = run(str(client), "--rules", str(pack))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{client}:2:3: custom.region: must be one of north, south; got a list",
        f"{client}:3:3: custom.agent: must be true or false, got a list",
        f"{client}:4:3: custom.listings: must be a whole number, got a mapping",
    ]
    client.write_text("custom:\n  region: {a: 1}\n  agent: {a: 1}\n  listings: [1]\n  listings_per_week: [1]\n", encoding="utf-8")
    assert run(str(client), "--rules", str(pack)).stderr.splitlines() == [
        f"{client}:2:3: custom.region: must be one of north, south; got a mapping",
        f"{client}:3:3: custom.agent: must be true or false, got a mapping",
        f"{client}:4:3: custom.listings: must be a whole number, got a list",
        f"{client}:5:3: custom.listings_per_week: must be a number, got a list",
    ]
    # A word not listed: one message, naming the words (not a second one saying "must be text").
    client.write_text("custom: {region: west}\n", encoding="utf-8")
    assert run(str(client), "--rules", str(pack)).stderr.splitlines() == [
        f"{client}:1:10: custom.region: must be one of north, south; got 'west'"]


def test_a_list_for_a_pack_fact_in_a_test_case_is_worded_by_the_pack(tmp_path):
    cases = "cases:\n  - name: c\n    profile:\n      custom: {region: [north], agent: {a: 1}}\n    expect: {total: 0}\n"
    pack = write(tmp_path / "p", {"pack.yaml": PACK.replace("ignore_case:", KINDS + "ignore_case:"), "r.yaml": RULES,
                                  "tests/cases.yaml": cases})
    result = run("rules", "test", str(pack))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{pack}/tests/cases.yaml:4:16: cases[0].profile.custom.region: must be one of north, south; got a list",
        f"{pack}/tests/cases.yaml:4:33: cases[0].profile.custom.agent: must be true or false, got a mapping",
    ]


def test_a_profile_whose_pack_facts_were_not_checked_is_refused_by_the_engine(tmp_path):
    compiled = compile_pack(load_pack(write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES})))
    try:
        profile = profile_from_dict({"custom": {"listings_per_week": [2]}})
        with pytest.raises(InputError) as raised:
            evaluate(profile, compiled)
    finally:
        compiled.close()
    assert str(raised.value) == "<profile>: custom.listings_per_week: must be a number, true or false, or text, got a list"


def test_declaration_mistakes_are_placed(tmp_path):
    bad = PACK.replace("    minimum: 0\n", "    minimum: 0\n    values: [a]\n").replace("ignore_case: [industry]", "ignore_case: [account, insights.groups]")
    pack = write(tmp_path / "p", {"pack.yaml": bad, "r.yaml": RULES})
    result = run("rules", "check", str(pack))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:3] == [
        f"{pack}/pack.yaml:8:5: error: facts.custom.listings_per_week.values: values is for text facts; custom.listings_per_week is number",
        f"{pack}/pack.yaml:11:15: error: ignore_case: account is not free text; ignore_case is for text facts such as industry",
        f"{pack}/pack.yaml:11:24: error: ignore_case: insights.groups is not free text; ignore_case is for text facts such as industry",
    ]
    named = write(tmp_path / "q", {"pack.yaml": PACK.replace("custom.listings_per_week:", "listings:"), "r.yaml": RULES})
    assert run("rules", "check", str(named)).stdout.splitlines()[0] == (
        f"{named}/pack.yaml:4:1: error: facts: 'listings' is not allowed as a key here: a fact of the pack's own is named custom. "
        "and a name of lower case letters and _, e.g. custom.listings_per_week")


def test_a_pack_fact_is_inherited_and_cannot_be_declared_twice(tmp_path):
    write(tmp_path / "base", {"pack.yaml": PACK, "r.yaml": RULES})
    child = write(tmp_path / "child", {"pack.yaml": (
        'pack: child\nversion: "1"\nextends: ../base\nfacts:\n  custom.listings_per_week: {type: integer}\n')})
    result = run("rules", "check", str(child))
    assert result.stdout.splitlines()[0] == (
        f"{child}/pack.yaml:5:3: error: facts.custom.listings_per_week: fact 'custom.listings_per_week' is already declared by the pack this one extends "
        f"({tmp_path}/base/pack.yaml:5)")
    child.joinpath("pack.yaml").write_text('pack: child\nversion: "1"\nextends: ../base\n', encoding="utf-8")
    assert {spec.path for spec in load_pack(child).own_facts} == {"custom.listings_per_week"}


def test_pack_test_cases_check_their_profiles_pack_facts(tmp_path):
    cases = ("cases:\n  - name: c\n    profile:\n      custom: {listings_per_week: -1}\n"
             "    expect: {measures: {insights.listings: {points: 0}}}\n")
    pack = write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES, "tests/cases.yaml": cases})
    result = run("rules", "test", str(pack))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{pack}/tests/cases.yaml:4:16: cases[0].profile.custom.listings_per_week: -1 is less than the minimum of 0"


def test_a_pack_fact_that_is_a_share_from_0_to_1_reads_as_a_percentage(tmp_path):
    # As the built-in rates do: a coach's "win rate" of 0.35 is 35%, in its bands and its value.
    pack = PACK.replace("maximum: 50", "maximum: 1")
    rules = RULES.replace("{min: 1, points: 1}", "{min: 0.2, points: 1}").replace("{min: 3, points: 1.5}", "{min: 0.5, points: 1.5}")
    root = write(tmp_path / "p", {"pack.yaml": pack, "r.yaml": rules})
    profile = tmp_path / "me.yaml"
    profile.write_text("language: nl\ncustom: {listings_per_week: 0.35}\n", encoding="utf-8")
    result = run(str(profile), "--rules", str(root))
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "Woningen" in line]
    assert "35%" in line and "20–49%" in line, line  # was 0,35
    # The pages for people say the same (they said 0,35 beside 20–49%, for built-in rates too).
    markdown = run(str(profile), "--rules", str(root), "--format", "markdown").output
    assert "| Woningen | 35% | 20–49% |" in markdown
    page = tmp_path / "me.html"
    assert run(str(profile), "--rules", str(root), "--format", "html", "-o", str(page)).exit_code == 0
    assert "<td>35%</td>" in page.read_text(encoding="utf-8")
    # Compared, as profiles or as JSON reports read back with their pack, it stays a percentage.
    later = tmp_path / "later.yaml"
    later.write_text("language: nl\ncustom: {listings_per_week: 0.6}\n", encoding="utf-8")
    assert "custom.listings_per_week: 35% → 60%" in run("compare", str(profile), str(later), "--rules", str(root)).output
    reports = []
    for name, snapshot in (("a.json", profile), ("b.json", later)):
        reports.append(tmp_path / name)
        assert run(str(snapshot), "--rules", str(root), "--format", "json", "-o", str(reports[-1])).exit_code == 0
    assert "custom.listings_per_week: 35% → 60%" in run("compare", *map(str, reports), "--rules", str(root)).output


def test_a_csv_batch_takes_the_packs_own_facts_as_columns(tmp_path):
    # A coach's client list holds the facts of the coach's pack; the template has their columns.
    root = write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES})
    template = run("batch", "template", "--rules", str(root))
    assert template.exit_code == 0 and template.output.rstrip().endswith(",custom.listings_per_week")
    clients = tmp_path / "clients.csv"
    clients.write_text("id,industry,custom.listings_per_week\nc-1,Housing,2\nc-2,Housing,many\nc-3,Housing,60\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("batch", str(clients), "-o", str(out), "--rules", str(root))
    assert result.exit_code == 1, result.output
    first, second, third = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    (measure,) = [m for m in first["pillars"]["insights"]["measures"] if m["id"] == "insights.listings"]
    assert (measure["value"], measure["points"]) == (2, 1.0)
    assert second == {"id": "c-2", "error": f"{clients}:3:3: custom.listings_per_week: must be a number, got 'many'"}
    assert third["id"] == "c-3" and third["error"].startswith(f"{clients}:4:3: custom.listings_per_week: 60 is greater than"), third
    alone = run("batch", str(clients), "-o", str(out))
    assert alone.exit_code == 2
    assert alone.stderr == f"{clients}:1:3: unknown column 'custom.listings_per_week' (a pack's own fact: give its pack with --rules)\n"


def test_a_pack_fact_out_of_bounds_is_said_with_the_other_problems_at_once(tmp_path):
    # A coach fixing one problem per run would need as many runs as there are problems.
    root = write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES})
    profile = tmp_path / "me.yaml"
    profile.write_text("brand: {followers: -5}\ncustom: {listings_per_week: 60}\n", encoding="utf-8")
    result = run(str(profile), "--rules", str(root))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{profile}:1:9: brand.followers: -5 is less than the minimum of 0",
                                          f"{profile}:2:10: custom.listings_per_week: 60 is greater than the maximum of 50"]
    assert run("compare", str(profile), str(profile), "--rules", str(root)).stderr == result.stderr
    clients = tmp_path / "clients.csv"
    clients.write_text("id,brand.followers,custom.listings_per_week\nc-1,-5,60\n", encoding="utf-8")
    batch = run("batch", str(clients), "--rules", str(root), "-o", "-")
    assert json.loads(batch.stdout)["error"] == (f"{clients}:2:2: brand.followers: -5 is less than the minimum of 0; "
                                                 f"{clients}:2:3: custom.listings_per_week: 60 is greater than the maximum of 50")


def test_a_problem_of_custom_itself_is_said_once(tmp_path):
    root = write(tmp_path / "p", {"pack.yaml": PACK, "r.yaml": RULES})
    clients = tmp_path / "c.jsonl"
    clients.write_text('{"id": "a", "custom": 5}\n{"id": "b", "custom": {"Bad Name": 1}}\n', encoding="utf-8")
    result = run("batch", str(clients), "--rules", str(root), "-o", "-")
    assert [json.loads(line)["error"] for line in result.stdout.splitlines()] == [
        f"{clients}:1: custom: must be a mapping, got 5",
        f"{clients}:2: custom.Bad Name: unknown field 'Bad Name' (expected one of: listings_per_week)"]


def test_a_pack_fact_is_suggested_only_for_a_name_like_its_own(tmp_path):
    # Sharing `custom.` made `custom.other` "did you mean 'custom.listings_per_week'?".
    from ssi_advise.engine.suggest import did_you_mean

    known = ["custom.listings_per_week", "custom.has_site", "brand.skills"]
    assert did_you_mean("custom.other", known) == ""
    assert did_you_mean("custom.listing_per_week", known) == " (did you mean 'custom.listings_per_week'?)"
    assert did_you_mean("brand.skils", known) == " (did you mean 'brand.skills'?)"
