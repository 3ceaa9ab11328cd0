"""The numbers on LinkedIn's SSI page, read from the JSON the page loads, as a profile's `ssi:`.

The page (linkedin.com/sales/ssi) fetches one JSON document holding
`memberScore.subScores[]` (`pillar`, `score` out of 25 each) and `groupScore[]` (`groupType`
INDUSTRY or NETWORK, `rank` meaning "top N%", `score.overall` the group's average SSI). A
saved response may wrap that object; the first object holding `memberScore` is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ssi_advise.engine.documents import Document, JsonPath, load_document
from ssi_advise.engine.problems import InputError, Problem
from ssi_advise.engine.schemas import show

from .result import ImportResult

PILLARS = {
    "PROFESSIONAL_BRAND": "brand",
    "FIND_RIGHT_PEOPLE": "people",
    "INSIGHT_ENGAGEMENT": "insights",
    "STRONG_RELATIONSHIP": "relationships",
}
GROUPS = {
    "INDUSTRY": ("industry_rank_percent", "industry_average"),
    "NETWORK": ("network_rank_percent", "network_average"),
}
MAX_SEARCH_DEPTH = 6


def _find_member_score(data: Any, at: JsonPath = ()) -> JsonPath | None:
    """The path of the object holding `memberScore`, searched breadth first, a few levels deep."""
    frontier: list[tuple[Any, JsonPath]] = [(data, at)]
    for _ in range(MAX_SEARCH_DEPTH):
        following: list[tuple[Any, JsonPath]] = []
        for node, path in frontier:
            if isinstance(node, dict):
                if isinstance(node.get("memberScore"), dict):
                    return path
                following += [(value, (*path, str(key))) for key, value in node.items()]
            elif isinstance(node, list):
                following += [(value, (*path, index)) for index, value in enumerate(node)]
        frontier = following
    return None


def _number(
    document: Document, value: Any, at: JsonPath, low: float, high: float, problems: list[Problem], *, above_low: bool = False
) -> float | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (value > low if above_low else value >= low) and value <= high
    if not ok:
        bound = f"above {low:g}" if above_low else f"from {low:g}"
        problems.append(document.problem(f"must be a number {bound} to {high:g}, got {show(value)}", at))
        return None
    return round(float(value), 3)


def _pillars(document: Document, base: JsonPath, member: dict[str, Any], problems: list[Problem]) -> dict[str, float]:
    out: dict[str, float] = {}
    subscores = member.get("subScores")
    if not isinstance(subscores, list):
        problems.append(document.problem(f"must be a list of pillar scores, got {show(subscores)}", (*base, "memberScore", "subScores")))
        return out
    for index, item in enumerate(subscores):
        at = (*base, "memberScore", "subScores", index)
        pillar = PILLARS.get(str(item.get("pillar"))) if isinstance(item, dict) else None
        if pillar is None:
            got = item.get("pillar") if isinstance(item, dict) else item
            problems.append(document.problem(f"must be one of {', '.join(PILLARS)}, got {show(got)}", (*at, "pillar")))
            continue
        if pillar in out:
            problems.append(document.problem(f"a second score for {item['pillar']}; the page gives one per pillar", (*at, "pillar")))
            continue
        score = _number(document, item.get("score"), (*at, "score"), 0, 25, problems)
        if score is not None:
            out[pillar] = score
    return out


def _groups(document: Document, base: JsonPath, groups: Any, problems: list[Problem]) -> dict[str, float]:
    out: dict[str, float] = {}
    if groups is None:
        return out
    if not isinstance(groups, list):
        problems.append(document.problem(f"must be a list of groups, got {show(groups)}", (*base, "groupScore")))
        return out
    seen: dict[str, int] = {}
    for index, group in enumerate(groups):
        at = (*base, "groupScore", index)
        if not isinstance(group, dict) or not isinstance(group.get("groupType"), str):
            problems.append(document.problem("must be a group with a groupType such as INDUSTRY or NETWORK", at))
            continue
        if group["groupType"] not in GROUPS:
            continue  # TEAM and other groups have no place in the profile
        if seen.get(group["groupType"]) is not None:
            problems.append(document.problem(f"a second {group['groupType']} group; the page gives one", (*at, "groupType")))
            continue
        seen[group["groupType"]] = index
        rank_field, average_field = GROUPS[group["groupType"]]
        if group.get("rank") is not None:
            rank = _number(document, group["rank"], (*at, "rank"), 0, 100, problems, above_low=True)
            if rank is not None:
                out[rank_field] = rank
        score = group.get("score")
        if isinstance(score, dict) and score.get("overall") is not None:
            average = _number(document, score["overall"], (*at, "score", "overall"), 0, 100, problems)
            if average is not None:
                out[average_field] = average
    return out


def ssi_from_document(document: Document) -> dict[str, float]:
    """The `ssi:` section from a parsed SSI page response; InputError listing every problem."""
    base = _find_member_score(document.data)
    if base is None:
        raise InputError([document.problem("holds no memberScore: save the response of the SSI page's request whose body has memberScore")])
    node: Any = document.data
    for key in base:
        node = node[key]
    problems: list[Problem] = []
    section = _pillars(document, base, node["memberScore"], problems)
    section.update(_groups(document, base, node.get("groupScore"), problems))
    if problems:
        raise InputError(problems)
    if not section:
        raise InputError([document.problem("holds no pillar scores", (*base, "memberScore"))])
    return section


def read_ssi_page(path: str | Path) -> dict[str, float]:
    """Read a saved SSI page JSON file into the profile's `ssi:` section (pillars, ranks, averages)."""
    return ssi_from_document(load_document(path))


def ssi_result(path: str | Path) -> ImportResult:
    """The SSI page's numbers as an import result, each fact sourced to the file."""
    section = read_ssi_page(path)
    name = Path(path).name
    return ImportResult({"ssi": section}, {f"ssi.{key}": f"{name} (SSI page)" for key in section}, None, "", str(path))
