"""Loading a rule pack: the default pack is clean, and every mistake is placed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssi_advise.engine import InputError, load_pack
from ssi_advise.engine.pack import PILLAR_MAX, PILLARS

CONNECTIONS = """\
pillar: relationships
measures:
  - id: relationships.connections
    title: {en: Connections, nl: Connecties}
    fact: relationships.connections
    max_points: 8
    bands:
      - {min: 0, points: 0}
      - {min: 500, points: 8}
advice:
  - id: relationships.invite
    improves: relationships.connections
    when: {fact: relationships.connections, lt: 500}
    effort_minutes_per_week: 20
    title: {en: Invite, nl: Nodig uit}
    text: {en: Invite people, nl: Nodig mensen uit}
"""


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_pack(root)
    return [p.format().replace(str(root) + "/", "") for p in caught.value.problems]


def test_the_default_pack_loads_and_every_pillar_fits_in_25_points():
    pack = load_pack()
    assert pack.name == "default" and set(pack.languages) >= {"en", "nl"}
    for pillar in PILLARS:
        assert 0 < sum(m.max_points for m in pack.measures if m.pillar == pillar) <= PILLAR_MAX
    assert len({r.id for r in [*pack.measures, *pack.advice]}) == len(pack.measures) + len(pack.advice)


def test_a_small_valid_pack_loads(write_pack):
    pack = load_pack(write_pack({"relationships.yaml": CONNECTIONS}))
    (measure,) = pack.measures
    assert measure.id == "relationships.connections" and measure.place.line == 3
    assert pack.advice[0].improves == "relationships.connections"


def test_a_wrong_type_is_placed_with_line_column_and_rule_id(write_pack):
    root = write_pack({"relationships.yaml": CONNECTIONS.replace("{min: 500, points: 8}", "{min: 500, points: vijf}")})
    assert problems(root) == [
        "relationships.yaml:9:20: measures[0].bands[1].points: must be a number, got 'vijf' [relationships.connections]"
    ]


def test_band_logic_errors(write_pack):
    text = CONNECTIONS.replace(
        "      - {min: 0, points: 0}\n      - {min: 500, points: 8}\n",
        "      - {min: 0, points: 3}\n      - {min: 500, points: 8}\n      - {min: 400, points: 2}\n",
    )
    assert problems(write_pack({"relationships.yaml": text})) == [
        # One error that says what to do; whether points fall is judged once the bands are sorted.
        "relationships.yaml:10:10: measures[0].bands[2].min: bands must rise: min 400 comes after min 500; sort the bands by min [relationships.connections]",
    ]


def test_max_points_must_match_the_top_band(write_pack):
    text = CONNECTIONS.replace("max_points: 8", "max_points: 9")
    assert problems(write_pack({"relationships.yaml": text})) == [
        "relationships.yaml:6:5: measures[0].max_points: max_points is 9 but the bands earn at most 8: lower max_points to 8, or raise the top band's points to 9 [relationships.connections]"
    ]


def test_no_band_can_exceed_the_pillar_maximum(write_pack):
    text = CONNECTIONS.replace("max_points: 8", "max_points: 26").replace("points: 8}", "points: 26}")
    assert problems(write_pack({"relationships.yaml": text})) == [
        "relationships.yaml:6:5: measures[0].max_points: 26 is greater than the maximum of 25 [relationships.connections]",
        "relationships.yaml:9:20: measures[0].bands[1].points: 26 is greater than the maximum of 25 [relationships.connections]",
    ]


def test_a_pillar_whose_measures_could_exceed_25_points_is_rejected(write_pack):
    second = (
        CONNECTIONS.split("advice:")[0]
        .replace("pillar: relationships\nmeasures:\n", "")
        .replace("id: relationships.connections", "id: relationships.more")
        .replace("max_points: 8", "max_points: 18")
        .replace("points: 8}", "points: 18}")
    )
    text = CONNECTIONS.replace("advice:\n", second + "advice:\n")
    assert problems(write_pack({"relationships.yaml": text})) == [
        "relationships.yaml:10:5: pillar relationships: its measures can earn 26 points, more than the pillar maximum of 25 [relationships.more]"
    ]


def test_unknown_facts_and_targets_get_suggestions(write_pack):
    text = CONNECTIONS.replace("fact: relationships.connections\n    max", "fact: relationships.conections\n    max").replace(
        "improves: relationships.connections", "improves: relationships.conection"
    )
    assert problems(write_pack({"relationships.yaml": text})) == [
        "relationships.yaml:5:5: measures[0].fact: unknown fact 'relationships.conections' (did you mean 'relationships.connections'?) [relationships.connections]",
        "relationships.yaml:11:5: improves 'relationships.conection', which is no measure in this pack (did you mean 'relationships.connections'?) [relationships.invite]",
    ]


def test_duplicate_rule_ids_across_files(write_pack):
    other = CONNECTIONS.replace("relationships.connections\n    title", "relationships.other\n    title").replace("improves: relationships.connections", "improves: relationships.other")
    root = write_pack({"a.yaml": CONNECTIONS, "b.yaml": other})
    (message,) = problems(root)
    assert message.startswith("b.yaml:11:5: duplicate rule id 'relationships.invite' (first used at ")
    assert message.endswith("a.yaml:11) [relationships.invite]")


def test_a_declared_language_missing_from_a_text(write_pack):
    text = CONNECTIONS.replace("text: {en: Invite people, nl: Nodig mensen uit}", "text: {en: Invite people}")
    assert problems(write_pack({"relationships.yaml": text})) == [
        "relationships.yaml:16:5: advice[0].text: no 'nl' text, though the pack declares that language [relationships.invite]"
    ]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("{fact: relationships.connections, eq: true}", "relationships.connections is a number; compare it with numbers, got true"),
        ("{fact: brand.photo, lt: 3}", "brand.photo is true or false; 'lt' needs a number fact"),
        ("{fact: account, in: [free, gold]}", "account is one of free, premium, sales_navigator; 'gold' can never match"),
        ("{fact: brand.photo, eq: 1}", "brand.photo is true or false; compare it with true or false, got 1"),
    ],
)
def test_comparisons_that_can_never_hold_are_errors(write_pack, condition, message):
    text = CONNECTIONS.replace("{fact: relationships.connections, lt: 500}", condition)
    (problem,) = problems(write_pack({"relationships.yaml": text}))
    assert problem.endswith(f"{message} [relationships.invite]")
    assert problem.startswith("relationships.yaml:13:")


def test_a_missing_pack_file_or_folder(tmp_path):
    assert problems(tmp_path) == [f"{tmp_path}: not a pack: pack.yaml is missing"]
    with pytest.raises(InputError, match="no such pack folder"):
        load_pack(tmp_path / "nope")


def test_a_yaml_error_in_one_rule_file_still_reports_the_others(write_pack):
    root = write_pack({"a.yaml": "pillar: [\n", "b.yaml": CONNECTIONS.replace("points: 8}", "points: x}")})
    found = problems(root)
    assert len(found) == 2
    assert found[0].startswith("a.yaml:2:1: YAML syntax error")
    assert found[1].startswith("b.yaml:9:")
