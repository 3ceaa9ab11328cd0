"""An advice is priced as a weekly habit or as a one-off job, never both; overrides may switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssi_advise.engine import InputError, load_pack
from ssi_advise.engine.model import ONE_OFF_WEEKS

MEASURE = """\
pillar: brand
measures:
  - id: brand.skills_listed
    title: {en: Skills, nl: Vaardigheden}
    fact: brand.skills
    max_points: 25
    bands:
      - {min: 0, points: 0}
      - {min: 5, points: 25}
advice:
"""

ADVICE = """\
  - id: brand.{name}
    improves: brand.skills_listed
    when: {{fact: brand.skills, lt: 5}}
{effort}    title: {{en: Add skills, nl: Voeg vaardigheden toe}}
    text: {{en: Five of them., nl: Vijf stuks.}}
"""


def rules(**efforts: str) -> str:
    return MEASURE + "".join(ADVICE.format(name=name, effort=effort) for name, effort in efforts.items())


def problems(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_pack(root)
    return [p.format().replace(str(root) + "/", "") for p in caught.value.problems]


def test_a_one_off_job_is_spread_over_four_weeks_and_a_habit_keeps_its_weekly_minutes(write_pack):
    pack = load_pack(write_pack({"brand.yaml": rules(once="    effort_minutes_once: 40\n", habit="    effort_minutes_per_week: 15\n")}))
    once, habit = pack.advice
    assert (once.effort_minutes_once, once.effort_minutes_per_week) == (40, 40 / ONE_OFF_WEEKS) == (40, 10)
    assert (habit.effort_minutes_once, habit.effort_minutes_per_week) == (None, 15)


def test_an_advice_gives_exactly_one_kind_of_effort(write_pack):
    both = "    effort_minutes_per_week: 15\n    effort_minutes_once: 40\n"
    assert problems(write_pack({"brand.yaml": rules(both=both, neither="")})) == [
        "brand.yaml:11:5: advice[0]: 'effort_minutes_once' cannot be given together with 'effort_minutes_per_week' [brand.both]",
        "brand.yaml:18:5: advice[1]: 'effort_minutes_per_week' is required [brand.neither]",
    ]


def test_an_override_turns_a_habit_into_a_one_off_job_and_back(tmp_path):
    folder = tmp_path / "coach"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        'pack: coach\nversion: "1"\nextends: default\noverrides:\n'
        "  brand.endorse_others:\n    effort_minutes_once: 20\n"
        "  brand.write_headline:\n    effort_minutes_per_week: 5\n",
        encoding="utf-8",
    )
    default = {a.id: a for a in load_pack().advice}
    assert default["brand.endorse_others"].effort_minutes_once is None
    assert default["brand.write_headline"].effort_minutes_once is not None
    mine = {a.id: a for a in load_pack(folder).advice}
    assert (mine["brand.endorse_others"].effort_minutes_once, mine["brand.endorse_others"].effort_minutes_per_week) == (20, 5)
    assert (mine["brand.write_headline"].effort_minutes_once, mine["brand.write_headline"].effort_minutes_per_week) == (None, 5)
