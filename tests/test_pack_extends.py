"""Packs that build on packs: overrides by id, disabling, adding rules, languages, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_files as write

from ssi_advise.reports import report_data
from ssi_advise.engine import InputError, compile_pack, evaluate, load_pack, profile_from_dict

COACH = """\
pack: coach-jansen
version: "1.0"
extends: default
disable: [brand.publish_article]
overrides:
  relationships.connections:
    bands:
      - {min: 0, points: 0}
      - {min: 250, points: 2}
      - {min: 500, points: 4}
      - {min: 1000, points: 7, label: "1000+"}
  relationships.invite_free_account:
    title: {nl: Nodig elke week tien mensen uit die je kent}
"""

NICHE = """\
pillar: insights
advice:
  - id: insights.announce_webinar
    improves: insights.posts_per_week
    when: {fact: insights.posts_per_week, lt: 3}
    effort_minutes_per_week: 30
    title: {en: Announce your next webinar, nl: Kondig je volgende webinar aan}
    text: {en: One post a week about it., nl: Eén bericht per week erover.}
"""


def report(pack: Path, data: dict):
    compiled = compile_pack(load_pack(pack))
    try:
        return evaluate(profile_from_dict(data), compiled)
    finally:
        compiled.close()


def titles(found, language: str) -> dict[str, str]:
    """Each action's title in `language`, as the JSON report gives it."""
    return {a["id"]: a["title"] for a in report_data(found, language)["actions"]}


def problems(pack: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_pack(pack)
    return [p.format().replace(str(pack) + "/", "") for p in caught.value.problems]


def test_a_coach_pack_overrides_a_threshold_and_a_text_disables_a_rule_and_adds_one(tmp_path):
    pack = write(tmp_path / "coach", {"pack.yaml": COACH, "niche.yaml": NICHE})
    data = {"relationships": {"connections": 600}, "brand": {"articles": 0}, "insights": {"posts_per_week": 1}}
    mine = report(pack, data)
    default = report(Path(load_pack().root), data)
    connections = mine.pillars["relationships"].measures[0]
    assert (connections.band, connections.points) == ("500–999", 4)
    assert default.pillars["relationships"].measures[0].points == 6
    dutch = titles(mine, "nl")
    assert dutch["relationships.invite_free_account"] == "Nodig elke week tien mensen uit die je kent"
    assert "insights.announce_webinar" in dutch and "brand.publish_article" not in dutch
    assert "brand.publish_article" in {a.id for a in default.actions}
    # The English title was not touched: texts merge per language.
    assert titles(mine, "en")["relationships.invite_free_account"] == (
        "Send 10 invitations a week to people who already know you"
    )
    assert load_pack(pack).name == "coach-jansen" and load_pack(pack).languages == ("en", "nl")


def test_a_pack_may_add_a_language_and_extend_a_pack_by_path(tmp_path):
    base = write(tmp_path / "base", {"pack.yaml": COACH, "niche.yaml": NICHE})
    child = write(tmp_path / "child", {"pack.yaml": 'pack: child\nversion: "2"\nextends: ../base\n'})
    assert {a.id for a in load_pack(child).advice} == {a.id for a in load_pack(base).advice}
    # Adding German means every text needs German: the pack says which are missing.
    german = write(tmp_path / "german", {"pack.yaml": 'pack: de\nversion: "1"\nextends: ../base\nlanguages: [en, nl, de]\n'})
    found = problems(german)
    assert all("no 'de' text, though the pack declares that language" in line for line in found)
    assert "pack.yaml:4:1: languages: no 'de' text, though the pack declares that language" in found
    assert len(found) > 50


def test_mistakes_in_an_extending_pack_are_placed_and_named(tmp_path):
    pack = write(tmp_path / "bad", {
        "pack.yaml": (
            'pack: bad\nversion: "1"\nextends: default\n'
            "disable: [brand.publish_articel]\n"
            "overrides:\n"
            "  relationships.conections:\n    max_points: 7\n"
            "  relationships.invite_free_account:\n    effort_minutes_per_week: lots\n"
            "  relationships.connections:\n    max_points: 6\n"
        ),
        "more.yaml": NICHE.replace("insights.announce_webinar", "insights.react_daily"),
    })
    assert problems(pack) == [
        "more.yaml:3:5: advice[0].id: rule id 'insights.react_daily' is already defined by the pack this one extends; change it under overrides: in pack.yaml [insights.react_daily]",
        "pack.yaml:4:11: disable[0]: disables 'brand.publish_articel', which is no rule of the pack this one extends (did you mean 'brand.publish_article'?) [brand.publish_articel]",
        "pack.yaml:6:3: overrides.relationships.conections: overrides 'relationships.conections', which is no rule of the pack this one extends (did you mean 'relationships.connections'?) [relationships.conections]",
        "pack.yaml:9:5: overrides.relationships.invite_free_account.effort_minutes_per_week: must be a number, got 'lots' [relationships.invite_free_account]",
        "pack.yaml:11:5: overrides.relationships.connections.max_points: max_points is 6 but the bands earn at most 7: raise max_points of relationships.connections to 7; or lower the top band's points to 6 [relationships.connections]",
    ]


def test_a_cycle_of_extends_is_an_error_at_the_extends_line(tmp_path):
    write(tmp_path / "a", {"pack.yaml": 'pack: a\nversion: "1"\nextends: ../b\n'})
    write(tmp_path / "b", {"pack.yaml": 'pack: b\nversion: "1"\nextends: ../a\n'})
    (message,) = problems(tmp_path / "a")
    assert message == f"{tmp_path / 'b'}/pack.yaml:3:1: extends: the pack extends itself: a → b → a"
    itself = write(tmp_path / "self", {"pack.yaml": 'pack: self\nversion: "1"\nextends: .\n'})
    assert problems(itself)[0].startswith("pack.yaml:3:1: extends: the pack extends itself")


def test_extending_a_folder_that_is_not_a_pack(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: ../nowhere\n'})
    assert problems(pack) == ["pack.yaml:3:1: extends: extends '../nowhere': no such pack folder"]


def test_a_pack_that_extends_nothing_still_needs_languages_and_pillars(tmp_path):
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\n', "r.yaml": "pillar: brand\n"})
    assert problems(pack) == ["pack.yaml:1:1: 'languages' is required (or extend another pack)"]


def test_a_problem_in_an_overridden_field_points_at_the_override(tmp_path):
    # The override changes max_points; the bands still come from the default pack's file.
    pack = write(tmp_path / "p", {"pack.yaml": 'pack: p\nversion: "1"\nextends: default\noverrides:\n  brand.endorsements:\n    bands: [{min: 0, points: 0}, {min: 5, points: 3}, {min: 2, points: 4}]\n'})
    (message,) = problems(pack)
    assert message.startswith("pack.yaml:6:56: overrides.brand.endorsements.bands[2].min: bands must rise")
