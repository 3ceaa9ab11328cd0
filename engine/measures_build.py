"""Checking and building one measure: its bands or checks, against its fact's type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .facts import FactSpec
from .model import Band, Check, Text
from .points import points_sum
from .where import Where

# (where, path inside the rule, message, rule id): how a problem is reported.
Report = Callable[[Where, tuple, str], None]
FactLookup = Callable[[Where, tuple, str], "FactSpec | None"]


def bands_of(where: Where, raw: dict[str, Any], spec: FactSpec | None, error: Report) -> tuple[Band, ...]:
    """A measure's bands, checked: a number fact, rising mins, points that never fall."""
    if spec is not None and not spec.numeric:
        kind = "text" if spec.type == "string" else "true or false"
        error(where, ("fact",), f"bands need a number fact; {spec.path} is {kind}")
    bands = tuple(Band(b["min"], b["points"], b.get("label")) for b in raw["bands"])
    mins = [b.min for b in bands]
    for index in range(1, len(bands)):
        if mins[index] == mins[index - 1]:
            error(where, ("bands", index, "min"), f"two bands start at min {mins[index]:g}; each band needs a min of its own")
            return bands
    disorder = next((i for i in range(1, len(bands)) if mins[i] < mins[i - 1]), None)
    if disorder is not None:
        error(where, ("bands", disorder, "min"),
              f"bands must rise: min {mins[disorder]:g} comes after min {mins[disorder - 1]:g}; sort the bands by min")
        return bands
    for index in range(1, len(bands)):
        band, previous = bands[index], bands[index - 1]
        if band.points < previous.points:
            error(where, ("bands", index, "points"),
                  f"more must never earn less: {band.points:g} points is below the previous band's {previous.points:g}")
    return bands


def checks_of(where: Where, raw: dict[str, Any], languages: tuple[str, ...], fact: FactLookup, error: Report,
              check_languages: Callable[[Where, tuple, Text], None]) -> tuple[Check, ...]:
    """A measure's checks, each against its fact's type; their points must add up to max_points."""
    parsed = []
    for index, raw_check in enumerate(raw["checks"]):
        at = ("checks", index)
        minimum = _check_minimum(where, at, raw_check, fact(where, at + ("fact",), raw_check["fact"]), error)
        if "title" in raw_check:
            check_languages(where, at + ("title",), raw_check["title"])
        parsed.append(Check(raw_check["fact"], raw_check["points"], minimum, raw_check.get("title")))
    total = points_sum(c.points for c in parsed)
    if total != raw["max_points"]:
        error(where, (where.newest("max_points", "checks"),),
              f"max_points is {raw['max_points']:g} but the checks add up to {total:g}")
    return tuple(parsed)


def _check_minimum(where: Where, at: tuple, raw_check: dict[str, Any], spec: FactSpec | None, error: Report) -> float | None:
    """The minimum a check needs: none for a true/false fact, 1 by default for a number."""
    minimum = raw_check.get("min")
    if spec is None:
        return minimum
    if spec.type == "boolean" and minimum is not None:
        error(where, at + ("min",), f"{spec.path} is true or false; a check on it is met when true and takes no min")
        return None
    if spec.numeric and minimum is None:
        return 1
    if spec.type == "string":
        error(where, at + ("fact",), f"a check needs a true/false or number fact; {spec.path} is text")
    return minimum


def top_band_path(where: Where, bands: tuple[Band, ...]) -> tuple:
    """Where a mismatch between the bands and max_points is reported: the newer of the two."""
    if where.newest("max_points", "bands") == "bands":
        top = max(range(len(bands)), key=lambda i: (bands[i].points, i))
        return ("bands", top, "points")
    return ("max_points",)
