"""Loading a rule pack: its layers read, every rule checked and built, all problems at once.

Loading validates every file against its schema (in `layers`) and then checks the logic
across files here: unique ids, known facts, bands that rise, pillars that cannot exceed 25
points. All problems are collected and raised together, each with file, line, column and
rule id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conditions import comparisons, parse_condition, type_problem
from .documents import Document
from .facts import FactSpec, catalogue
from .layers import DEFAULT_PACK_DIR, PACK_FILE, LayerReader, RawRule, Where, not_a_pack, pack_root
from .model import (
    DEFAULT_MEASURE_EFFORT,
    ONE_OFF_WEEKS,
    PILLAR_MAX,
    PILLARS,
    TOTAL_MAX,
    Advice,
    Band,
    Check,
    Measure,
    Pack,
    Place,
    Text,
)
from .problems import InputError, Problem, raise_if_errors
from .schemas import unknown_field_message
from .suggest import did_you_mean

__all__ = [
    "DEFAULT_PACK_DIR",
    "PACK_FILE",
    "PILLARS",
    "PILLAR_MAX",
    "TOTAL_MAX",
    "Advice",
    "Band",
    "Check",
    "Measure",
    "Pack",
    "Place",
    "load_pack",
]

Source = Document | Where


def load_pack(source: str | Path | None = None) -> Pack:
    """Load a pack folder (None or 'default' for the built-in pack); raise InputError when bad."""
    root = pack_root(source)
    problem = not_a_pack(root)
    if problem:
        raise InputError.single(problem, file=str(root))
    return _PackBuilder().build(root)


class _PackBuilder:
    """Turns the raw rules of a pack's layers into checked measures and advice."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.facts = catalogue()

    def build(self, root: Path) -> Pack:
        reader = LayerReader()
        layer = reader.read(root)
        self.problems += reader.problems
        measures = [self._measure(rule, layer.languages) for rule in layer.rules if rule.kind == "measure"]
        advice = [self._advice(rule, layer.languages) for rule in layer.rules if rule.kind == "advice"]
        self._check_ids(measures, advice)
        self._check_pillar_totals(measures)
        self._check_advice_targets(measures, advice)
        raise_if_errors(self.problems)
        return Pack(
            name=layer.name,
            version=layer.version,
            languages=layer.languages,
            pillar_titles=layer.pillar_titles,
            measures=tuple(measures),
            advice=tuple(advice),
            root=str(root),
            description=layer.description,
            files=tuple(layer.files),
        )

    # -- one rule at a time ---------------------------------------------------------------

    def _error(self, where: Source, path: tuple, message: str, rule_id: str | None) -> None:
        self.problems.append(where.problem(message, path, rule_id=rule_id))

    def _fact(self, where: Source, path: tuple, fact: str, rule_id: str) -> FactSpec | None:
        spec = self.facts.get(fact)
        if spec is None:
            self._error(where, path, unknown_field_message(fact, list(self.facts)).replace("field", "fact", 1), rule_id)
        return spec

    def _check_languages(self, where: Source, path: tuple, text: Text, languages: tuple[str, ...], rule_id: str) -> None:
        for language in languages:
            if language not in text:
                self._error(where, path, f"no '{language}' text, though the pack declares that language", rule_id)

    def _measure(self, rule: RawRule, languages: tuple[str, ...]) -> Measure:
        raw, where = rule.data, rule.where
        rule_id = raw["id"]
        self._check_languages(where, ("title",), raw["title"], languages, rule_id)
        if "how_to_measure" in raw:
            self._check_languages(where, ("how_to_measure",), raw["how_to_measure"], languages, rule_id)
        bands: tuple[Band, ...] = ()
        checks: tuple[Check, ...] = ()
        if "bands" in raw:
            bands = self._bands(where, raw, rule_id)
        else:
            checks = self._checks(where, raw, rule_id, languages)
        return Measure(
            id=rule_id,
            pillar=rule.pillar,
            title=dict(raw["title"]),
            max_points=raw["max_points"],
            place=Place(*where.place(("id",))),
            fact=raw.get("fact"),
            bands=bands,
            checks=checks,
            why=raw.get("why", ""),
            how_to_measure=dict(raw["how_to_measure"]) if "how_to_measure" in raw else None,
            effort_to_measure_minutes=raw.get("effort_to_measure_minutes", DEFAULT_MEASURE_EFFORT),
        )

    def _bands(self, where: Source, raw: dict[str, Any], rule_id: str) -> tuple[Band, ...]:
        spec = self._fact(where, ("fact",), raw["fact"], rule_id)
        if spec is not None and not spec.numeric:
            kind = "text" if spec.type == "string" else "true or false"
            self._error(where, ("fact",), f"bands need a number fact; {spec.path} is {kind}", rule_id)
        bands = tuple(Band(b["min"], b["points"], b.get("label")) for b in raw["bands"])
        for index in range(1, len(bands)):
            band, previous = bands[index], bands[index - 1]
            if band.min <= previous.min:
                self._error(where, ("bands", index, "min"),
                            f"bands must rise: min {band.min:g} does not exceed the previous band's {previous.min:g}", rule_id)
            if band.points < previous.points:
                self._error(where, ("bands", index, "points"),
                            f"more must never earn less: {band.points:g} points is below the previous band's {previous.points:g}", rule_id)
        top = max(b.points for b in bands)
        if top != raw["max_points"]:
            self._error(where, ("max_points",), f"max_points is {raw['max_points']:g} but the bands earn at most {top:g}", rule_id)
        return bands

    def _checks(self, where: Source, raw: dict[str, Any], rule_id: str, languages: tuple[str, ...]) -> tuple[Check, ...]:
        parsed = []
        for index, raw_check in enumerate(raw["checks"]):
            at = ("checks", index)
            minimum = self._check_minimum(where, at, raw_check, rule_id)
            if "title" in raw_check:
                self._check_languages(where, at + ("title",), raw_check["title"], languages, rule_id)
            parsed.append(Check(raw_check["fact"], raw_check["points"], minimum, raw_check.get("title")))
        total = sum(c.points for c in parsed)
        if total != raw["max_points"]:
            self._error(where, ("max_points",), f"max_points is {raw['max_points']:g} but the checks add up to {total:g}", rule_id)
        return tuple(parsed)

    def _check_minimum(self, where: Source, at: tuple, raw_check: dict[str, Any], rule_id: str) -> float | None:
        """The minimum a check needs: none for a true/false fact, 1 by default for a number."""
        spec = self._fact(where, at + ("fact",), raw_check["fact"], rule_id)
        minimum = raw_check.get("min")
        if spec is None:
            return minimum
        if spec.type == "boolean" and minimum is not None:
            self._error(where, at + ("min",), f"{spec.path} is true or false; a check on it is met when true and takes no min", rule_id)
            return None
        if spec.numeric and minimum is None:
            return 1
        if spec.type == "string":
            self._error(where, at + ("fact",), f"a check needs a true/false or number fact; {spec.path} is text", rule_id)
        return minimum

    def _advice(self, rule: RawRule, languages: tuple[str, ...]) -> Advice:
        raw, where = rule.data, rule.where
        rule_id = raw["id"]
        self._check_languages(where, ("title",), raw["title"], languages, rule_id)
        self._check_languages(where, ("text",), raw["text"], languages, rule_id)
        when = parse_condition(raw["when"])
        for at, compare in comparisons(when):
            spec = self._fact(where, ("when",) + at + ("fact",), compare.fact, rule_id)
            if spec is not None:
                why = type_problem(compare, spec)
                if why:
                    self._error(where, ("when",) + at, why, rule_id)
        for index, fact in enumerate(raw.get("facts", [])):
            self._fact(where, ("facts", index), fact, rule_id)
        return Advice(
            id=rule_id,
            pillar=rule.pillar,
            improves=raw["improves"],
            when=when,
            # The schema allows exactly one of the two, never 0; a one-off job is spread over ONE_OFF_WEEKS.
            effort_minutes_per_week=raw.get("effort_minutes_per_week") or raw["effort_minutes_once"] / ONE_OFF_WEEKS,
            title=dict(raw["title"]),
            text=dict(raw["text"]),
            place=Place(*where.place(("id",))),
            aims=raw.get("aims", "next_band"),
            facts=tuple(raw.get("facts", ())),
            effort_minutes_once=raw.get("effort_minutes_once"),
        )

    # -- across rules ---------------------------------------------------------------------

    def _problem_at(self, place: Place, message: str, rule_id: str) -> None:
        self.problems.append(Problem(message, file=place.file, line=place.line, column=place.column, rule_id=rule_id))

    def _check_ids(self, measures: list[Measure], advice: list[Advice]) -> None:
        seen: dict[str, Place] = {}
        rules: list[Measure | Advice] = [*measures, *advice]
        for rule in rules:
            if rule.id in seen:
                first = seen[rule.id]
                self._problem_at(rule.place, f"duplicate rule id '{rule.id}' (first used at {first.file}:{first.line})", rule.id)
            else:
                seen[rule.id] = rule.place

    def _check_pillar_totals(self, measures: list[Measure]) -> None:
        for pillar in PILLARS:
            mine = [m for m in measures if m.pillar == pillar]
            total = sum(m.max_points for m in mine)
            if total > PILLAR_MAX:
                self._problem_at(
                    mine[-1].place,
                    f"pillar {pillar}: its measures can earn {total:g} points, more than the pillar maximum of {PILLAR_MAX}",
                    mine[-1].id,
                )

    def _check_advice_targets(self, measures: list[Measure], advice: list[Advice]) -> None:
        by_id = {m.id: m for m in measures}
        for item in advice:
            if item.improves not in by_id:
                hint = did_you_mean(item.improves, by_id, cutoff=0.6)
                self._problem_at(item.place, f"improves '{item.improves}', which is no measure in this pack{hint}", item.id)
