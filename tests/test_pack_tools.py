"""rules test's case format, rules diff, rules schema --write and rules init's schema lines, rules fmt."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import write_files as write

from ssi_advise.cli.main import main
from ssi_advise.engine import load_pack
from ssi_advise.engine.fmt import format_text

HEAD = 'pack: p\nversion: "1"\nextends: default\n'


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# -- test cases -------------------------------------------------------------------------


def test_an_unknown_or_disabled_rule_id_in_a_case_is_an_error_at_its_line(tmp_path):
    cases = ("cases:\n  - name: c\n    profile: {}\n    expect:\n"
             "      actions: [insights.leave_dead_groups]\n      not_actions: [relationships.conections, insights.leave_dead_groups]\n"
             "      measures: {brand.add_photo: {points: 0}}\n")
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + "disable: [insights.leave_dead_groups]\n", "tests/cases.yaml": cases})
    result = run("rules", "test", str(pack))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{pack}/tests/cases.yaml:5:17: cases[0].expect.actions[0]: 'insights.leave_dead_groups' is disabled by {pack}/pack.yaml:4, "
        "so it is never in the plan [insights.leave_dead_groups]",
        f"{pack}/tests/cases.yaml:6:21: cases[0].expect.not_actions[0]: no rule 'relationships.conections' in pack p "
        "(did you mean 'relationships.connections'?) [relationships.conections]",
        f"{pack}/tests/cases.yaml:7:18: cases[0].expect.measures.brand.add_photo: no measure 'brand.add_photo' in pack p (did you mean 'brand.cover_photo'?) [brand.add_photo]",
    ]


def test_cases_check_points_bands_and_titles_in_a_language(tmp_path):
    cases = ("cases:\n  - name: c\n    profile: {relationships: {connections: 600}}\n    expect:\n"
             "      measures: {relationships.connections: {points: 6, band: 500+}}\n"
             "      titles: {relationships.invite_free_account: {nl: Stuur elke week 10 uitnodigingen aan mensen die je al kennen}}\n")
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "tests/cases.yaml": cases})
    assert run("rules", "test", str(pack)).stdout.splitlines()[-1] == "1 passed, 0 failed"
    write(pack, {"tests/cases.yaml": cases.replace("{nl: Stuur", "{nl: Nodig")})
    result = run("rules", "test", str(pack))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:-1] == [
        "     --- expected",
        "     +++ found",
        "      titles:",
        "        relationships.invite_free_account:",
        "     -    nl: Nodig elke week 10 uitnodigingen aan mensen die je al kennen",
        "     +    nl: Stuur elke week 10 uitnodigingen aan mensen die je al kennen",
    ]


def test_rules_schema_tests_prints_the_case_schema():
    schema = json.loads(run("rules", "schema", "tests").stdout)
    assert set(schema["properties"]["cases"]["items"]["properties"]["expect"]["properties"]) == {
        "total", "pillars", "measures", "actions", "not_actions", "first_actions", "titles", "texts"}


# -- rules diff -------------------------------------------------------------------------


PACK = HEAD + """\
disable:
  - insights.leave_dead_groups
overrides:
  relationships.connections:
    bands:
      - {min: 0, points: 0}
      - {min: 1000, points: 7}
  insights.react_daily:
    title: {nl: Like elke dag}
"""


def test_rules_diff_lists_every_change_with_its_line(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK})
    result = run("rules", "diff", str(pack))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"p ({pack}/pack.yaml) extends default",
        "  overridden:",
        f"    {pack}/pack.yaml:8:5  relationships.connections  bands",
        "      - 0: 0 · 50: 1 · 150: 2.5 · 300: 4 · 500: 6 (500+) · 1000: 7 (1000+)",
        "      + 0: 0 · 1000: 7",
        f"    {pack}/pack.yaml:12:5  insights.react_daily  title.nl",
        f"      - {_built_in_title('insights.react_daily', 'nl')}",
        "      + Like elke dag",
        "  disabled:",
        f"    {pack}/pack.yaml:5:5  insights.leave_dead_groups (advice)",
        "",
    ]


def test_rules_diff_with_a_profile_puts_scores_side_by_side(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK})
    client = tmp_path / "c.yaml"
    client.write_text("relationships: {connections: 600}\n", encoding="utf-8")
    data = json.loads(run("rules", "diff", str(pack), str(client), "--format", "json").stdout)
    assert (data["scores"]["before"]["pillars"]["relationships"], data["scores"]["after"]["pillars"]["relationships"]) == (6, 0)
    assert data["layers"][0]["overridden"][0]["new"] == [{"min": 0, "points": 0}, {"min": 1000, "points": 7}]
    text = run("rules", "diff", str(pack), str(client)).stdout.splitlines()
    assert any(line.split() == ["Build", "relationships", "6", "0", "-6"] for line in text)


EN_HEADINGS = ("extends default", "  overridden:", "  disabled:", "(advice)", "score", "change", "total", "plan with")


def test_rules_diff_in_english_keeps_its_headings(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK})
    client = tmp_path / "c.yaml"
    client.write_text("relationships: {connections: 600}\n", encoding="utf-8")
    lines = run("rules", "diff", str(pack), str(client), "--lang", "en").stdout.splitlines()
    assert lines[:2] == [f"p ({pack}/pack.yaml) extends default", "  overridden:"]
    assert "  disabled:" in lines
    assert lines[lines.index("  disabled:") + 1].endswith("insights.leave_dead_groups (advice)")
    assert lines[lines.index("  disabled:") + 3].split() == ["score", "default", "p", "change"]
    assert any(line.split() == ["total", "6", "0", "-6"] for line in lines)
    assert any(line.split() == ["#", "plan", "with", "default", "plan", "with", "p"] for line in lines)


def test_rules_diff_in_dutch_has_no_english_heading_left(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": PACK.replace("- {min: 1000", "- {min: 500, points: 2.5}\n      - {min: 1000")})
    client = tmp_path / "c.yaml"
    client.write_text("relationships: {connections: 600}\n", encoding="utf-8")
    result = run("rules", "diff", str(pack), str(client), "--lang", "nl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        f"p ({pack}/pack.yaml) bouwt voort op default",
        "  aangepast:",
        f"    {pack}/pack.yaml:8:5  relationships.connections  bands",
        "      - 0: 0 · 50: 1 · 150: 2,5 · 300: 4 · 500: 6 (500+) · 1000: 7 (1000+)",
        "      + 0: 0 · 500: 2,5 · 1000: 7",
    ]
    assert lines[8:10] == ["  uitgezet:", f"    {pack}/pack.yaml:5:5  insights.leave_dead_groups (advies)"]
    assert lines[11].split() == ["punten", "default", "p", "verandering"]
    assert any(line.split() == ["Bouw", "relaties", "op", "6", "2,5", "-3,5"] for line in lines)
    assert any(line.split() == ["totaal", "6", "2,5", "-3,5"] for line in lines)
    assert any(line.split() == ["#", "plan", "met", "default", "plan", "met", "p"] for line in lines)
    assert not [line for line in lines if any(english in line for english in EN_HEADINGS)]


def test_rules_diff_takes_a_dutch_profiles_language_and_words_a_value_not_set(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + "overrides:\n  insights.react_daily:\n    aims: max\n"})
    client = tmp_path / "c.yaml"
    client.write_text("language: nl\n", encoding="utf-8")
    lines = run("rules", "diff", str(pack), str(client)).stdout.splitlines()
    assert lines[:5] == [f"p ({pack}/pack.yaml) bouwt voort op default", "  aangepast:",
                         f"    {pack}/pack.yaml:6:5  insights.react_daily  aims", "      - (niet ingesteld)",
                         "      + max"]


def test_rules_diff_of_a_pack_that_extends_nothing_says_so():
    result = run("rules", "diff", "default")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("default:pack.yaml: the pack 'default' extends no other pack; "
                                     "rules diff shows what a pack changes in the pack it extends")


# -- schemas in the pack ----------------------------------------------------------------


def test_rules_init_points_every_file_at_the_packs_own_schemas(tmp_path):
    folder = tmp_path / "mine"
    assert run("rules", "init", str(folder)).exit_code == 0
    for name, schema in (("pack.yaml", "pack"), ("my-rules.yaml", "rules"), ("tests/cases.yaml", "tests")):
        path = folder / name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = first.split("$schema=", 1)[1]
        schema_path = (path.parent / relative).resolve()
        assert schema_path == (folder / "schemas" / f"{schema}.schema.json").resolve()
        # As an editor does: the schema read from its file, its references resolved beside it.
        assert list(_validator(schema_path).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))) == []


def _validator(path: Path) -> Draft202012Validator:
    def retrieve(uri: str) -> Resource:
        name = uri.rsplit("/", 1)[-1]
        return Resource.from_contents({**json.loads((path.parent / name).read_text(encoding="utf-8")), "$id": uri})

    schema = {**json.loads(path.read_text(encoding="utf-8")), "$id": path.as_uri()}
    return Draft202012Validator(schema, registry=Registry(retrieve=retrieve))


def test_rules_schema_write_never_replaces_a_file_that_is_not_its_schema(tmp_path):
    folder = tmp_path / "schemas"
    assert run("rules", "schema", "--write", str(folder)).stdout.splitlines()[0] == f"wrote {folder}/pack.schema.json"
    assert run("rules", "schema", "--write", str(folder)).stdout.splitlines()[0] == f"unchanged {folder}/pack.schema.json"
    (folder / "rules.schema.json").write_text('{"title": "mine"}', encoding="utf-8")
    result = run("rules", "schema", "--write", str(folder))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{folder}/rules.schema.json: exists and is not the ssi-advise rules schema; refusing to overwrite it"


# -- rules fmt --------------------------------------------------------------------------


MESSY = """\
# yaml-language-server: $schema=schemas/rules.schema.json
advice:
   - text: {nl: Drie per week., en: Three a week.}
     # the measure it raises
     improves: insights.posts_per_week
     id: insights.three   # mine
     when: {lt: 3, fact: insights.posts_per_week}
     effort_minutes_per_week: 30
     title: {en: Post three times, nl: Drie keer posten}
pillar: insights
"""
TIDY = """\
# yaml-language-server: $schema=schemas/rules.schema.json
pillar: insights
advice:
  - id: insights.three    # mine
    # the measure it raises
    improves: insights.posts_per_week
    when: {fact: insights.posts_per_week, lt: 3}
    effort_minutes_per_week: 30
    title: {en: Post three times, nl: Drie keer posten}
    text: {nl: Drie per week., en: Three a week.}
"""


def test_fmt_orders_keys_and_keeps_comments_and_check_fails_until_then(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "mine.yaml": MESSY})
    before = load_pack(pack)
    check = run("rules", "fmt", "--check", str(pack))
    assert (check.exit_code, check.stdout) == (1, f"would reformat {pack}/mine.yaml\n")
    assert run("rules", "fmt", str(pack)).stdout == f"reformatted {pack}/mine.yaml\n"
    assert (pack / "mine.yaml").read_text(encoding="utf-8") == TIDY
    assert [replace(a, place=None) for a in load_pack(pack).advice] == [replace(a, place=None) for a in before.advice]
    again = run("rules", "fmt", "--check", str(pack))
    assert (again.exit_code, again.stdout) == (0, f"{pack}: 2 file(s) already formatted\n")


def test_the_built_in_pack_is_formatted_and_never_rewritten_in_place():
    assert run("rules", "fmt", "--check", "default").exit_code == 0
    refused = run("rules", "fmt", "default")
    assert refused.exit_code == 2 and "format a pack folder of your own" in refused.stderr


def test_fmt_is_idempotent_and_keeps_the_data():
    text = format_text(MESSY, "mine.yaml", False)
    assert format_text(text, "mine.yaml", False) == text
    assert yaml.safe_load(text) == yaml.safe_load(MESSY)


def _built_in_title(advice_id: str, language: str) -> str:
    """A built-in title as it is now: the content of the built-in pack may change."""
    return next(a.title[language] for a in load_pack().advice if a.id == advice_id)


BLOCK_WITH_A_HASH_LINE = """\
pillar: insights
advice:
- id: insights.hashtags
  improves: insights.posts_per_week
  when: {fact: insights.posts_per_week, lt: 3}
  effort_minutes_per_week: 10
  title: {en: Use hashtags, nl: Gebruik hashtags}
  text:
    en: |
      End each post with three hashtags, such as:
      #socialselling #b2b #sales
    nl: Drie hashtags.
"""


def test_fmt_never_changes_what_a_file_says_and_leaves_it_alone_when_it_would(tmp_path):
    pack = tmp_path / "p"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: p\nversion: "1"\nextends: default\n', encoding="utf-8")
    (pack / "tips.yaml").write_text(BLOCK_WITH_A_HASH_LINE, encoding="utf-8")
    result = run("rules", "fmt", str(pack))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"{pack}/tips.yaml: cannot be formatted without changing what it says (a line of block text starting with #, "
        "or an alias used before its anchor?); the file is left as it is"
    )
    assert (pack / "tips.yaml").read_text(encoding="utf-8") == BLOCK_WITH_A_HASH_LINE
    text = load_pack(pack).texts.advice_text("insights.hashtags", "en")
    assert "#socialselling #b2b #sales" in text


def test_rules_diff_shows_a_single_overridden_number_as_the_number_alone(tmp_path):
    built_in = next(a.effort_minutes_per_week for a in load_pack().advice if a.id == "insights.react_daily")
    pack = write(tmp_path / "p", {"pack.yaml": "pack: p\nversion: \"1\"\nextends: default\noverrides:\n  insights.react_daily:\n"
                                               "    effort_minutes_per_week: 45\n"})
    lines = run("rules", "diff", str(pack), "--lang", "nl").stdout.splitlines()
    at = lines.index(f"    {pack}/pack.yaml:6:5  insights.react_daily  effort_minutes_per_week")
    assert lines[at + 1 : at + 3] == [f"      - {built_in:g}".replace(".", ","), "      + 45"]
    assert not any(line.strip() == "..." for line in lines)
