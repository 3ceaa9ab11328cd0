"""The `ssi-advise` command through click's CliRunner: outputs, options, exit codes, errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from ssi_advise.cli.main import main
from ssi_advise.engine.schemas import validator

EXAMPLE = str(EXAMPLES / "account-manager.yaml")


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def test_text_report_fits_80_columns_says_it_is_an_estimate_and_shows_every_pillar():
    result = run(EXAMPLE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "This is an estimate" in result.output
    for title in ("Establish your professional brand", "Find the right people", "Engage with insights", "Build relationships"):
        assert title in result.output
    assert re.search(r"Total\s+\d+(\.\d)?/100", result.output)
    assert "Action plan" in result.output and "Coverage:" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_dutch_report_is_dutch_with_the_english_pillar_names_linkedin_shows_beside_them():
    result = run(EXAMPLE, "--lang", "nl")
    assert result.exit_code == 0
    assert "Dit is een schatting" in result.output and "Actieplan" in result.output
    assert "Bouw aan je professionele merk (Establish your professional brand)" in result.output
    # Only in the pillar headings: the English name stands beside the Dutch one, never alone.
    assert result.output.count("Establish your professional brand") == 1
    assert "Totaal" in result.output and re.search(r"\d,\d/25", result.output)  # decimal commas


def test_json_report_matches_its_schema_and_the_text_report():
    result = run(EXAMPLE, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert list(validator("report").iter_errors(report)) == []
    assert report["estimate"] is True
    assert report["total"] == round(sum(p["score"] for p in report["pillars"].values()), 2)
    assert set(report["pillars"]["brand"]["comparison"]) == {"real", "estimate", "difference"}
    assert report["ssi"]["weakest_real_pillar"] == "insights"
    assert [a["rank"] for a in report["actions"]] == list(range(1, len(report["actions"]) + 1))


def test_top_limits_the_plan_to_the_first_actions_in_rank_order():
    full = json.loads(run(EXAMPLE, "--format", "json").output)["actions"]
    assert len(full) > 2  # the example has more to do than the limit, or this proves nothing
    report = json.loads(run(EXAMPLE, "--format", "json", "--top", "2").output)
    leaders = [a for a in full if a["alternative_to"] is None]
    # the first two leading actions, each with the alternatives that follow it
    assert report["actions"] == full[: full.index(leaders[2])]
    assert [a["id"] for a in report["actions"] if a["alternative_to"] is None] == [a["id"] for a in leaders[:2]]
    plan = run("--top", "1", EXAMPLE).output.split("Action plan")[1]
    assert f"1.  {leaders[0]['title']}" in plan
    assert leaders[1]["title"] not in plan
    assert f"… {len(leaders) - 1} more (use --top 0 to show all)" in plan


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path):
    target = tmp_path / "report.json"
    result = run(EXAMPLE, "--format", "json", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(target.read_text(encoding="utf-8"))["estimate"] is True


def test_bad_profile_exits_2_with_one_line_per_problem_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "profile.yaml"
    bad.write_text("relationships:\n  connections: -5\n  conections: 3\n", encoding="utf-8")
    target = tmp_path / "out.txt"
    result = CliRunner().invoke(main, [str(bad), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}:2:3: relationships.connections: -5 is less than the minimum of 0",
        f"{bad}:3:3: relationships.conections: unknown field 'conections' (did you mean 'connections'?)",
    ]
    assert "Traceback" not in result.output
    assert not target.exists()


def test_the_report_never_overwrites_the_profile(tmp_path: Path):
    profile = tmp_path / "me.yaml"
    profile.write_text("relationships:\n  connections: 10\n", encoding="utf-8")
    result = CliRunner().invoke(main, [str(profile), "-o", str(profile)])
    assert result.exit_code == 2
    assert "is one of the input files; refusing to overwrite it" in result.stderr
    assert profile.read_text(encoding="utf-8") == "relationships:\n  connections: 10\n"


def test_a_bad_rule_pack_exits_2_naming_file_line_and_rule(tmp_path: Path, write_pack):
    pack = write_pack({"r.yaml": "pillar: brand\nmeasures:\n  - id: brand.x\n    title: {en: X, nl: X}\n    fact: brand.skills\n    max_points: vijf\n    bands: [{min: 0, points: 0}]\n"})
    result = CliRunner().invoke(main, [EXAMPLE, "--rules", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{pack}/r.yaml:6:5: measures[0].max_points: must be a number, got 'vijf' [brand.x]"


def test_an_unknown_language_is_bad_input():
    result = CliRunner().invoke(main, [EXAMPLE, "--lang", "de"])
    assert result.exit_code == 2
    assert result.stderr == "language 'de': the pack 'default' has texts in en, nl only\n"


def test_profile_from_standard_input():
    result = run("-", "--format", "json", input='{"relationships": {"connections": 600}}')
    assert result.exit_code == 0
    assert json.loads(result.output)["profile"]["source"] == "<stdin>"


def test_missing_profile_file_is_one_line_exit_2(tmp_path: Path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: no such file\n"


def test_help_shows_examples_and_exit_codes_and_version_prints():
    help_text = run("--help").output
    assert "Examples:" in help_text and "Exit codes: 0 success, 2 bad input" in help_text
    for command in ("advise", "explain", "rules"):
        assert command in help_text
    advise_help = run("advise", "--help").output
    for option in ("--rules", "--lang", "--format", "--top", "--output"):
        assert option in advise_help
    for command in ("check", "test", "init", "schema"):
        assert command in run("rules", "--help").output
    assert re.match(r"ssi-advise, version \d+\.\d+", run("--version").output)


@pytest.mark.parametrize("no_color", [True, False])
def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch, no_color):
    from ssi_advise.cli import advise as cli_advise

    monkeypatch.setattr(cli_advise.sys.stdout, "isatty", lambda: True, raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_advise.use_color(None) is (not no_color)
    assert cli_advise.use_color("file.txt") is False
