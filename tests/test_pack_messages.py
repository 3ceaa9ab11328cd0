"""Errors and warnings a coach meets, each at her own line and with the fix in its words.

Every expected line here is what `rules check` prints; they are asserted whole because
coaches act on them.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import write_files as write

from ssi_advise.cli.main import main
import pytest

from ssi_advise.engine import InputError, load_pack


def check(pack: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["rules", "check", str(pack)])
    return result.exit_code, result.stdout.splitlines()


HEAD = 'pack: p\nversion: "1"\nextends: default\n'


def test_band_points_over_max_points_say_which_max_points_to_raise_and_what_the_pillar_needs(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + (
        "overrides:\n  relationships.connections:\n    bands:\n"
        "      - {min: 0, points: 0}\n      - {min: 500, points: 6}\n      - {min: 1000, points: 8}\n")})
    code, lines = check(pack)
    assert code == 2
    assert lines[0] == (
        f"{pack}/pack.yaml:9:21: error: overrides.relationships.connections.bands[2].points: max_points is 7 but the bands earn at most 8: "
        "raise max_points of relationships.connections to 8; pillar relationships can then earn 26 of its 25 points, "
        "so free 1 point in its other measures [relationships.connections]")


def test_disabling_a_measure_whose_advice_stays_is_one_error_at_the_disable_line(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + "disable:\n  - brand.articles\n"})
    code, lines = check(pack)
    assert code == 2
    assert lines[0] == (
        f"{pack}/pack.yaml:5:5: error: disable: disables the measure 'brand.articles', which the advice 'brand.publish_article' still "
        "improves: disable the advice `brand.publish_article` too, or point it at another measure [brand.articles]")
    assert not any("did you mean" in line for line in lines)


def test_a_mistyped_extends_gets_a_suggestion(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: defualt\n'})
    assert check(pack) == (2, [
        f"{pack}/pack.yaml:3:1: error: extends: extends 'defualt': no such pack folder (did you mean 'default'?)",
        f"{pack}: 1 error(s), 0 warning(s)",
    ])


def test_a_yaml_indentation_mistake_gets_a_plain_hint(tmp_path):
    rules = "pillar: insights\nadvice:\n  - id: insights.x\n    title:\n      en: Join groups\n     nl: Word lid van groepen\n"
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "mine.yaml": rules})
    code, lines = check(pack)
    assert code == 2
    assert lines[0] == (f"{pack}/mine.yaml:6:6: error: YAML syntax error: while parsing a block mapping: did not find expected key; "
                        "check the indentation of this line against the line above")


def test_a_profile_in_the_pack_folder_is_named_as_such(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "client.yaml": "name: Jan\nrelationships: {connections: 300}\n"})
    assert check(pack) == (2, [
        f"{pack}/client.yaml:1:1: error: this looks like a profile, not a rule file; keep profiles outside the pack folder",
        f"{pack}: 1 error(s), 0 warning(s)",
    ])


def test_hidden_files_in_a_pack_folder_are_not_rule_files(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, ".pre-commit-config.yaml": "repos: []\n"})
    assert check(pack) == (0, [f"{pack}: no problems"])


def test_bands_out_of_order_are_one_error_that_says_to_sort_them(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + (
        "overrides:\n  relationships.connections:\n    bands:\n"
        "      - {min: 0, points: 0}\n      - {min: 1000, points: 7}\n      - {min: 500, points: 3}\n")})
    code, lines = check(pack)
    assert code == 2
    errors = [line for line in lines if ": error: " in line]
    assert errors == [
        f"{pack}/pack.yaml:9:10: error: overrides.relationships.connections.bands[2].min: bands must rise: min 500 comes after min 1000; "
        "sort the bands by min [relationships.connections]"]


def test_check_reports_warnings_beside_errors(tmp_path):
    rules = ("pillar: insights\nadvice:\n  - id: insights.never\n    improves: insights.groups\n"
             "    when: {fact: insights.groups, gt: 100}\n    effort_minutes_per_week: 5\n"
             "    title: {en: N, nl: N}\n    text: {en: N, nl: N}\n")
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + "disable: [brand.articles]\n", "r.yaml": rules})
    code, lines = check(pack)
    assert code == 2
    assert lines[-1] == f"{pack}: 1 error(s), 1 warning(s)"
    assert f"{pack}/r.yaml:3:5: warning: the condition can never hold: insights.groups is never above 100 [insights.never]" in lines


def test_points_no_advice_goes_after_are_a_warning_at_the_coachs_bands(tmp_path):
    # The connections target raised to 2,000 while the connection advice stops at 1,000:
    # a client at 1,200 would get points left and no advice.
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + (
        "overrides:\n  relationships.connections:\n    bands:\n"
        "      - {min: 0, points: 0}\n      - {min: 500, points: 3}\n      - {min: 1000, points: 5}\n"
        "      - {min: 2000, points: 7, label: \"2000+\"}\n")})
    assert check(pack) == (0, [
        f"{pack}/pack.yaml:6:5: warning: band 1000–1999 still leaves points to earn, but no advice's condition can hold there: "
        "a client there gets no advice for this measure; widen an advice's when, or add advice [relationships.connections]",
        f"{pack}: 0 error(s), 1 warning(s)",
    ])


def test_a_coach_is_not_warned_about_built_in_rules_she_left_alone(tmp_path):
    from ssi_advise.engine.advice_reach import unreached_bands

    pack = load_pack()
    gaps = [m.id for m in pack.measures if unreached_bands(m, pack.advice)]
    mine = write(tmp_path / "p", {"pack.yaml": HEAD})
    assert check(mine) == (0, [f"{mine}: no problems"]), gaps


def test_built_in_files_are_named_default_colon_file(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD + "languages: [en, nl, de]\n"})
    code, lines = check(pack)
    place = load_pack().measure("brand.articles").place
    assert place.file == "default:brand.yaml"
    assert code == 2
    assert f"default:brand.yaml:{place.line + 1}:5: error: measures[{_position('brand.articles')}].title: no 'de' text, though the pack declares that language [brand.articles]" in lines


def _position(measure_id: str) -> int:
    """The measure's index in its built-in rule file, found rather than pinned: content moves."""
    pack = load_pack()
    file = pack.measure(measure_id).place.file
    return [m.id for m in pack.measures if m.place.file == file].index(measure_id)


def test_a_chain_of_packs_deeper_than_32_is_refused_at_the_extends_line(tmp_path):
    from ssi_advise.engine.layers import MAX_EXTENDS

    for index in range(MAX_EXTENDS + 3):
        folder = tmp_path / f"p{index}"
        folder.mkdir()
        parent = "default" if index == 0 else f"../p{index - 1}"
        (folder / "pack.yaml").write_text(f'pack: p{index}\nversion: "1"\nextends: {parent}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_pack(tmp_path / f"p{MAX_EXTENDS + 2}")
    (problem,) = caught.value.problems
    assert problem.message == f"packs extend each other more than {MAX_EXTENDS} deep" and problem.path == "extends"
    assert problem.line == 3
    assert load_pack(tmp_path / f"p{MAX_EXTENDS - 1}").name == f"p{MAX_EXTENDS - 1}"  # 32 layers are fine


def test_rules_check_verbose_lists_every_file_read_and_not_the_editor_leftovers(tmp_path):
    from click.testing import CliRunner

    from ssi_advise.cli.main import main

    pack = tmp_path / "vp"
    pack.mkdir()
    (pack / "pack.yaml").write_text('pack: vp\nversion: "1"\nextends: default\n', encoding="utf-8")
    for leftover in ("notes.yaml~", ".hidden.yaml", ".#lock.yaml"):
        (pack / leftover).write_text("not: read\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "check", "-v", str(pack)])
    assert result.exit_code == 0
    read = [line.removeprefix("read ") for line in result.stdout.splitlines() if line.startswith("read ")]
    assert read == [*load_pack().files, str(pack / "pack.yaml")]


RULE = ("pillar: insights\nadvice:\n  - id: insights.my_video\n    improves: insights.posts_per_week\n"
        "    when: {WHEN}\n    effort_minutes_per_week: 40\n    title: {en: Video, nl: Video}\n    text: {en: Film, nl: Film}\n")


@pytest.mark.parametrize(("when", "said"), [
    # A comparison with a wrong value was blamed on its keys ("unknown field 'fact' (expected one of: all)").
    ("{fact: insights.posts_per_week, lt: three}", "5:43: error: advice[0].when.lt: must be a number, got 'three'"),
    ("{fact: insights.posts_per_week, lt: 3, gt: 1}", "5:5: error: advice[0].when: holds fact, lt, gt: a comparison is one fact and one "
                                                      "operator (lt, lte, gt, gte, eq, ne, in, exists or missing); for two, write all: [...]"),
    ("{fact: insights.posts_per_week}", "5:5: error: advice[0].when: holds fact: a comparison is one fact and one operator "
                                        "(lt, lte, gt, gte, eq, ne, in, exists or missing); for two, write all: [...]"),
])
def test_a_broken_comparison_is_blamed_on_what_is_wrong_with_it(tmp_path, when, said):
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "r.yaml": RULE.replace("{WHEN}", when)})
    code, lines = check(pack)
    assert code == 2
    assert lines[0] == f"{pack}/r.yaml:{said} [insights.my_video]"


def test_a_broken_comparison_inside_all_or_not_is_blamed_on_what_is_wrong_with_it(tmp_path):
    when = "{all: [{fact: insights.posts_per_week, lt: three}, {not: {fact: industry}}]}"
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "r.yaml": RULE.replace("{WHEN}", when)})
    code, lines = check(pack)
    assert code == 2
    assert lines[:2] == [
        f"{pack}/r.yaml:5:50: error: advice[0].when.all[0].lt: must be a number, got 'three' [insights.my_video]",
        f"{pack}/r.yaml:5:63: error: advice[0].when.all[1].not: holds fact: a comparison is one fact and one operator "
        "(lt, lte, gt, gte, eq, ne, in, exists or missing); for two, write all: [...] [insights.my_video]"]


def test_a_mapping_with_too_few_keys_that_is_no_comparison_says_the_count(tmp_path):
    rule = RULE.replace("{WHEN}", "{fact: insights.posts_per_week, lt: 3}").replace("title: {en: Video, nl: Video}", "title: {}")
    pack = write(tmp_path / "p", {"pack.yaml": HEAD, "r.yaml": rule})
    code, lines = check(pack)
    assert code == 2
    assert lines[0] == f"{pack}/r.yaml:7:5: error: advice[0].title: holds nothing: at least 1 key needed here [insights.my_video]"
