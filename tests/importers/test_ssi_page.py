"""The SSI page's JSON read into the profile's ssi section, with placed errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ssi_advise.engine import profile_from_dict
from ssi_advise.engine.problems import InputError
from ssi_advise.importers import read_ssi_page

PAGE = {
    "activeSeat": False,
    "memberScore": {
        "overall": 52.648,
        "subScores": [
            {"score": 20.998, "pillar": "PROFESSIONAL_BRAND"},
            {"score": 6.4, "pillar": "FIND_RIGHT_PEOPLE"},
            {"score": 10.25, "pillar": "INSIGHT_ENGAGEMENT"},
            {"score": 15.0, "pillar": "STRONG_RELATIONSHIP"},
        ],
    },
    "groupScore": [
        {"groupType": "INDUSTRY", "rank": 9, "score": {"overall": 34.0, "subScores": []}},
        {"groupType": "NETWORK", "rank": 11, "score": {"overall": 36.0, "subScores": []}},
        {"groupType": "TEAM", "rank": 3, "score": {"overall": 40.0}},
    ],
}
SECTION = {
    "brand": 20.998,
    "people": 6.4,
    "insights": 10.25,
    "relationships": 15.0,
    "industry_rank_percent": 9.0,
    "industry_average": 34.0,
    "network_rank_percent": 11.0,
    "network_average": 36.0,
}


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "ssi.json"
    path.write_text(json.dumps(data, indent=2))
    return path


def test_pillars_ranks_and_averages(tmp_path: Path) -> None:
    section = read_ssi_page(write(tmp_path, PAGE))
    assert section == SECTION
    profile_from_dict({"ssi": section})  # fits the profile contract


def test_a_wrapped_response_is_searched(tmp_path: Path) -> None:
    assert read_ssi_page(write(tmp_path, {"data": {"elements": [PAGE]}})) == SECTION


def test_bad_values_are_placed(tmp_path: Path) -> None:
    page = json.loads(json.dumps(PAGE))
    page["memberScore"]["subScores"][1]["score"] = 31
    page["memberScore"]["subScores"][2]["pillar"] = "SOMETHING_ELSE"
    page["groupScore"][0]["rank"] = 0
    path = write(tmp_path, page)
    with pytest.raises(InputError) as caught:
        read_ssi_page(path)
    assert str(caught.value).splitlines() == [
        f"{path}:11:9: memberScore.subScores[1].score: must be a number from 0 to 25, got 31",
        f"{path}:16:9: memberScore.subScores[2].pillar: must be one of PROFESSIONAL_BRAND, FIND_RIGHT_PEOPLE, "
        "INSIGHT_ENGAGEMENT, STRONG_RELATIONSHIP, got 'SOMETHING_ELSE'",
        f"{path}:27:7: groupScore[0].rank: must be a number above 0 to 100, got 0",
    ]


def test_a_file_without_member_score(tmp_path: Path) -> None:
    path = write(tmp_path, {"elements": []})
    with pytest.raises(InputError) as caught:
        read_ssi_page(path)
    assert str(caught.value) == f"{path}:1:1: holds no memberScore: save the response of the SSI page's request whose body has memberScore"


def test_a_pillar_or_group_given_twice_and_a_group_without_type_are_refused_at_their_place(tmp_path: Path) -> None:
    page = tmp_path / "dup.json"
    page.write_text(
        '{"memberScore": {"subScores": [{"pillar": "PROFESSIONAL_BRAND", "score": 20}, {"pillar": "PROFESSIONAL_BRAND", "score": 3}]},\n'
        ' "groupScore": [{"groupType": "INDUSTRY", "rank": 5}, {"groupType": "INDUSTRY", "rank": 9}, {"groupType": 7}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_ssi_page(page)
    assert [p.format() for p in caught.value.problems] == [
        f"{page}:1:80: memberScore.subScores[1].pillar: a second score for PROFESSIONAL_BRAND; the page gives one per pillar",
        f"{page}:2:56: groupScore[1].groupType: a second INDUSTRY group; the page gives one",
        f"{page}:2:93: groupScore[2]: must be a group with a groupType such as INDUSTRY or NETWORK",
    ]
