"""docs/coaches.md, run as written: its files make a pack that changes the report as intended."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ssi_advise.reports import report_data
from ssi_advise.cli.main import main
from ssi_advise.engine import compile_pack, evaluate, load_pack, load_profile, profile_from_dict

DOC = Path(__file__).resolve().parent.parent / "docs" / "coaches.md"
BLOCK = re.compile(r"```yaml file=(?P<path>\S+)\n(?P<body>.*?)```", re.S)


def build(tmp_path: Path) -> Path:
    for match in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        target = tmp_path / match["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(match["body"], encoding="utf-8")
    return tmp_path / "marieke"


def test_the_walkthrough_pack_checks_clean_and_its_cases_pass(tmp_path):
    pack = build(tmp_path)
    check = CliRunner().invoke(main, ["rules", "check", str(pack)])
    assert check.exit_code == 0 and check.stdout == f"{pack}: no problems\n", check.output
    run = CliRunner().invoke(main, ["rules", "test", str(pack)])
    assert run.exit_code == 0 and run.stdout.splitlines()[-1] == "2 passed, 0 failed"


def test_the_walkthrough_pack_changes_exactly_what_it_says(tmp_path):
    pack = build(tmp_path)
    profile = profile_from_dict({"account": "free", "relationships": {"connections": 600},
                                 "insights": {"reactions_given_per_week": 2, "groups": 60, "interactions_received_per_week": 5}})
    mine, default = compile_pack(load_pack(pack)), compile_pack(load_pack())
    try:
        ours, theirs = evaluate(profile, mine), evaluate(profile, default)
    finally:
        mine.close()
        default.close()
    assert ours.pillars["relationships"].score == 3 and theirs.pillars["relationships"].score == 6
    assert {k: p.score for k, p in ours.pillars.items() if k != "relationships"} == {
        k: p.score for k, p in theirs.pillars.items() if k != "relationships"}
    titles = {a["id"]: a["title"] for a in report_data(ours, "nl")["actions"]}
    assert titles["relationships.invite_free_account"] == "Nodig elke week tien kandidaten of opdrachtgevers uit die je al spraken"
    assert titles["insights.react_daily"] == "Like elke dag tien berichten van je doelgroep"
    assert titles["relationships.monthly_meetup"] == "Ga elke maand naar één recruitmentmeetup en connect nog dezelfde dag"
    english_titles = {a["id"]: a["title"] for a in report_data(ours, "en")["actions"]}
    assert english_titles["relationships.invite_free_account"] == "Send 10 invitations a week to people who already know you"
    # Nothing else changed: the same actions, but for the one added and the one disabled.
    theirs_ids = {a.id for a in theirs.actions}
    assert "insights.leave_dead_groups" in theirs_ids
    assert set(titles) == (theirs_ids - {"insights.leave_dead_groups"}) | {"relationships.monthly_meetup"}


def test_the_error_quoted_in_the_walkthrough_is_the_real_one(tmp_path):
    pack = build(tmp_path)
    text = (pack / "pack.yaml").read_text(encoding="utf-8").replace("  relationships.connections:\n    why", "  relationships.conections:\n    why")
    (pack / "pack.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", str(pack)])
    quoted = re.search(r"^marieke/pack\.yaml:\d+:\d+: error: .*$", DOC.read_text(encoding="utf-8"), re.M)[0]
    assert quoted.replace("marieke/", f"{pack}/", 1) in result.stdout.splitlines()


def test_explain_on_the_rule_she_disabled_names_her_line(tmp_path):
    pack = build(tmp_path)
    client = tmp_path / "client.yaml"
    client.write_text("account: free\nrelationships: {connections: 600}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(client), "insights.leave_dead_groups", "--rules", str(pack)])
    quoted = re.search(r"`(insights\.leave_dead_groups  \(advice\): disabled by marieke/pack\.yaml:\d+)`", DOC.read_text(encoding="utf-8"))[1]
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [quoted.replace("marieke/", f"{pack}/", 1)]


def test_the_niche_pack_checks_clean_tests_green_and_is_formatted(tmp_path):
    ingrid = build(tmp_path).parent / "ingrid"
    check = CliRunner().invoke(main, ["rules", "check", str(ingrid)])
    assert check.exit_code == 0 and check.stdout == f"{ingrid}: no problems\n", check.output
    run = CliRunner().invoke(main, ["rules", "test", str(ingrid)])
    assert run.exit_code == 0 and run.stdout.splitlines()[-1] == "2 passed, 0 failed", run.output
    for pack in (ingrid, ingrid.parent / "marieke"):
        fmt = CliRunner().invoke(main, ["rules", "fmt", "--check", str(pack)])
        assert fmt.exit_code == 0, fmt.output


def test_the_niche_fact_is_scored_reported_and_compared_ignoring_case(tmp_path):
    ingrid = build(tmp_path).parent / "ingrid"
    compiled = compile_pack(load_pack(ingrid))
    try:
        report = evaluate(load_profile(ingrid / "tests" / "profiles" / "agent.yaml"), compiled)
        upper = evaluate(profile_from_dict({"industry": "REAL ESTATE", "custom": {"listings_per_week": 0}}), compiled)
        other = evaluate(profile_from_dict({"industry": "Retail", "custom": {"listings_per_week": 0}}), compiled)
    finally:
        compiled.close()
    data = report_data(report, "nl")
    (measure,) = [m for m in data["pillars"]["insights"]["measures"] if m["id"] == "insights.listings_per_week"]
    assert (measure["facts"], measure["value"], measure["points"], measure["band"]) == (["custom.listings_per_week"], 2, 1, "1–3")
    assert measure["how_to_measure"].startswith("Tel de woningen en marktupdates")
    assert "insights.post_listings" in {a.id for a in upper.actions}
    assert "insights.post_listings" not in {a.id for a in other.actions}


def test_the_profile_mistake_quoted_for_the_niche_is_the_real_one(tmp_path):
    ingrid = build(tmp_path).parent / "ingrid"
    client = tmp_path / "client.yaml"
    client.write_text("name: x\ncustom:\n  listing_per_week: 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(client), "--rules", str(ingrid)])
    quoted = re.search(r"^client\.yaml:\d+:\d+: custom\..*$", DOC.read_text(encoding="utf-8"), re.M)[0]
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [quoted.replace("client.yaml", str(client), 1)]
