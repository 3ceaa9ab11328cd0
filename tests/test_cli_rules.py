"""`ssi-advise rules check|test|init|schema` and `ssi-advise explain`, through CliRunner."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXAMPLES, write_files as write

from ssi_advise.cli.main import main
from ssi_advise.engine import compile_pack, evaluate, load_pack, load_profile
from ssi_advise.engine.explain import explain
from ssi_advise.reports.explain_text import condition_words
from ssi_advise.engine.pack import DEFAULT_PACK_DIR


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_of_the_default_pack_is_clean():
    result = invoke("rules", "check")
    # No errors. The only warnings are bands the built-in advice does not go after (see
    # test_pack_messages.py); they are the built-in pack's, never shown for a coach's pack.
    assert result.exit_code == 0 and result.stderr == "", result.output
    warnings = result.stdout.splitlines()[:-1]
    assert all(": warning: " in line and "no advice's condition can hold there" in line for line in warnings)
    assert result.stdout.splitlines()[-1] == f"default: 0 error(s), {len(warnings)} warning(s)" if warnings else "default: no problems"


def test_check_reports_a_syntax_error_a_duplicate_key_a_wrong_type_and_an_unknown_id(tmp_path):
    # The acceptance case of the coaches' issue: four precise lines and exit 2.
    pack = write(tmp_path / "coach", {
        "pack.yaml": 'pack: coach\nversion: "1"\nextends: default\noverrides:\n  relationships.conections:\n    max_points: 7\n',
        "a.yaml": "pillar: [brand\n",
        "b.yaml": "pillar: brand\nmeasures:\n  - id: brand.x\n    title: {en: X, nl: X}\n    title: {en: Y, nl: Y}\n",
        "c.yaml": "pillar: brand\nmeasures:\n  - id: brand.y\n    title: {en: Y, nl: Y}\n    fact: brand.skills\n    max_points: vijf\n    bands: [{min: 0, points: 0}]\n",
    })
    result = invoke("rules", "check", str(pack))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{pack}/a.yaml:2:1: error: YAML syntax error: while parsing a flow sequence: did not find expected ',' or ']'; a [...] list on one line needs a comma between its items and a closing ]",
        f"{pack}/b.yaml:5:5: error: duplicate key 'title' (first defined on line 4)",
        f"{pack}/c.yaml:6:5: error: measures[0].max_points: must be a number, got 'vijf' [brand.y]",
        f"{pack}/pack.yaml:5:3: error: overrides.relationships.conections: overrides 'relationships.conections', which is no rule of the pack this one extends (did you mean 'relationships.connections'?) [relationships.conections]",
        f"{pack}: 4 error(s), 0 warning(s)",
    ]


def test_check_warnings_pass_unless_strict_and_json_lists_them(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: default\ndisable: [brand.publish_article]\n'})
    result = invoke("rules", "check", str(pack))
    assert result.exit_code == 0
    # The warning is caused by the coach's disable: it points at that line.
    assert result.stdout.splitlines() == [
        f"{pack}/pack.yaml:4:11: warning: no advice improves the measure 'brand.articles' once 'brand.publish_article' is disabled; "
        "add advice of your own for it, or disable the measure too [brand.articles]",
        f"{pack}: 0 error(s), 1 warning(s)",
    ]
    assert invoke("rules", "check", str(pack), "--strict").exit_code == 1
    (item,) = json.loads(invoke("rules", "check", str(pack), "--format", "json").stdout)
    assert item == {"level": "warning", "file": f"{pack}/pack.yaml", "line": 4, "column": 11, "path": None, "rule_id": "brand.articles",
                    "message": "no advice improves the measure 'brand.articles' once 'brand.publish_article' is disabled; "
                               "add advice of your own for it, or disable the measure too"}


def test_a_condition_that_can_never_hold_is_a_warning(tmp_path):
    rules = (
        "pillar: insights\nadvice:\n  - id: insights.never\n    improves: insights.groups\n"
        "    when: {fact: insights.groups, gt: 100}\n    effort_minutes_per_week: 5\n"
        "    title: {en: N, nl: N}\n    text: {en: N, nl: N}\n"
    )
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: default\n', "r.yaml": rules})
    result = invoke("rules", "check", str(pack))
    assert result.stdout.splitlines()[0] == f"{pack}/r.yaml:3:5: warning: the condition can never hold: insights.groups is never above 100 [insights.never]"


def test_rules_test_runs_the_default_packs_cases():
    result = invoke("rules", "test")
    assert result.exit_code == 0, result.output
    cases = yaml.safe_load((DEFAULT_PACK_DIR / "tests" / "default.yaml").read_text(encoding="utf-8"))["cases"]
    assert result.stdout.splitlines()[-1] == f"{len(cases)} passed, 0 failed"
    assert result.stdout.startswith("PASS An empty profile scores 0")


def test_rules_test_shows_a_diff_of_what_was_expected_and_found(tmp_path):
    cases = (
        "cases:\n  - name: wrong expectations\n    profile: {relationships: {connections: 600}}\n"
        "    expect:\n      pillars: {relationships: 5}\n      actions: [brand.add_photo]\n"
        "      measures: {relationships.connections: {points: 6, band: 300–500}}\n"
    )
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: default\n'})
    write(pack / "tests", {"cases.yaml": cases})
    result = invoke("rules", "test", str(pack))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"FAIL wrong expectations  ({pack}/tests/cases.yaml:2)",
        "     --- expected",
        "     +++ found",
        "      pillars:",
        "     -  relationships: 5",
        "     +  relationships: 6",
        "      actions:",
        "     -- brand.add_photo",
        "     +- brand.add_photo (not in the plan)",
        "      measures:",
        "        relationships.connections:",
        "          points: 6",
        "     -    band: 300–500",
        "     +    band: 500+",
        "0 passed, 1 failed",
    ]


def test_a_bad_test_file_is_bad_input(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: default\n'})
    write(pack / "tests", {"cases.yaml": "cases:\n  - name: x\n    profile: {relationships: {connections: -1}}\n    expect: {total: 1}\n"})
    result = invoke("rules", "test", str(pack))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{pack}/tests/cases.yaml:3:31: cases[0].profile.relationships.connections: -1 is less than the minimum of 0"
    )


def test_init_writes_a_starter_pack_that_passes_check_and_test(tmp_path):
    folder = tmp_path / "mine"
    result = invoke("rules", "init", str(folder))
    assert result.exit_code == 0
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml")) == ["my-rules.yaml", "pack.yaml", "tests/cases.yaml"]
    # A relative line: the schemas are written into the pack, so it works on any machine.
    assert (folder / "pack.yaml").read_text().startswith("# yaml-language-server: $schema=schemas/pack.schema.json\n")
    check = invoke("rules", "check", str(folder))
    assert check.exit_code == 0 and check.stdout == f"{folder}: no problems\n"
    assert invoke("rules", "test", str(folder)).stdout.splitlines()[-1] == "1 passed, 0 failed"
    again = invoke("rules", "init", str(folder))
    assert again.exit_code == 2 and "is not an empty folder" in again.stderr


def test_schema_prints_the_rule_file_schema():
    printed = json.loads(invoke("rules", "schema").stdout)
    assert printed["$id"].endswith("rules.schema.json")
    assert json.loads(invoke("rules", "schema", "pack").stdout)["$id"].endswith("pack.schema.json")


def test_explain_fills_in_values_and_says_why():
    result = invoke("explain", str(EXAMPLES / "job-seeker.yaml"), "relationships.connect_with_colleagues", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "relationships.connect_with_colleagues  (advice, relationships): did not fire",
        "    improves relationships.internal_connections",
        "    when (relationships.internal_connections (0) < 50 ✓ and not [brand.current_position (false) = false ✓]"
        " and not [situation ('job_seeker') in ('self_employed', 'job_seeker', 'student') ✓])  →  does not hold",
    ]
    # The job seeker's profile asks for Dutch: the words around ids, facts and values follow it.
    dutch = invoke("explain", str(EXAMPLES / "job-seeker.yaml"), "relationships.connect_with_colleagues")
    assert dutch.stdout.splitlines() == [
        "relationships.connect_with_colleagues  (advies, relationships): niet van toepassing",
        "    verbetert relationships.internal_connections",
        "    als (relationships.internal_connections (0) < 50 ✓ en niet [brand.current_position (false) = false ✓]"
        " en niet [situation ('job_seeker') in ('self_employed', 'job_seeker', 'student') ✓])  →  klopt niet",
    ]
    assert json.loads(invoke("explain", str(EXAMPLES / "job-seeker.yaml"), "relationships.connect_with_colleagues",
                             "--format", "json").stdout)[0]["condition"].startswith("(relationships.internal_connections (0) < 50 ✓ en niet [")


def test_explain_of_a_measure_in_dutch_words_its_bands_points_and_missing_facts(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("language: nl\nbrand: {photo: true, skills: 2}\n", encoding="utf-8")
    banded = invoke("explain", str(profile), "relationships.connections").stdout.splitlines()
    assert banded[0] == "relationships.connections  (meting, relationships): niets verdiend"
    assert banded[1] == "    relationships.connections = niet opgegeven → geen schaal: 0 van 7 punten"
    assert banded[2].startswith("    schalen: 0+ 0 · ")
    assert "    niet beoordeeld, niet opgegeven: relationships.connections" in banded
    checks = invoke("explain", str(profile), "brand.profile_completeness").stdout.splitlines()
    assert "    ✓ brand.photo = true (nodig: true): 1,5 van 1,5" in checks  # points in Dutch style, values as written
    assert "    ✗ brand.skills = 2 (nodig: ≥ 3): 0 van 0,5" in checks
    assert "    totaal 1,5 van 8 punten" in checks
    one = invoke("explain", str(profile), "brand.cover_photo").stdout.splitlines()
    assert "    totaal 0 van 1 punt" in one
    assert any(line.startswith("    waarom: ") for line in checks)
    unknown = invoke("explain", str(EXAMPLES / "job-seeker.yaml"), "relationships.conections")
    assert unknown.exit_code == 2 and "did you mean 'relationships.connections'?" in unknown.stderr


def test_the_explanation_agrees_with_the_engine_for_every_advice_and_persona(default_compiled):
    for persona in ("newcomer", "job-seeker", "account-manager", "coach", "empty"):
        for item in explain(load_profile(EXAMPLES / f"{persona}.yaml"), default_compiled, words=condition_words("en")):
            if item.kind == "advice":
                assert item.data["holds"] == item.fired, (persona, item.id)


def test_a_coach_pack_changes_the_report_as_intended(tmp_path):
    folder = tmp_path / "mine"
    invoke("rules", "init", str(folder))
    compiled = compile_pack(load_pack(folder))
    report = evaluate(load_profile(EXAMPLES / "job-seeker.yaml"), compiled)
    compiled.close()
    connections = report.pillars["relationships"].measures[0]
    assert (connections.band, connections.points) == ("300–599", 3)
    ids = {a.id for a in report.actions}
    assert "insights.my_weekly_video" in ids and "insights.leave_dead_groups" not in ids


@pytest.mark.parametrize(("folder", "name"), [("Coach Bakker", "coach-bakker"), ("coach_2026", "coach_2026"), ("___", "my-pack")])
def test_init_names_the_pack_after_its_folder(tmp_path, folder, name):
    # Reports name the pack: every coach's starter called my-pack told no two apart.
    result = CliRunner().invoke(main, ["rules", "init", str(tmp_path / folder)])
    assert result.exit_code == 0, result.output
    assert f"\npack: {name}\n" in (tmp_path / folder / "pack.yaml").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["rules", "check", str(tmp_path / folder)]).exit_code == 0
