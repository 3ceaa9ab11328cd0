"""A rule pack: the pack file, its rule files, and the measures and advice they hold.

Loading validates every file against its schema and then checks the logic across files
(unique ids, known facts, bands that rise, pillars that cannot exceed 25 points). All
problems are collected and raised together, each with file, line, column and rule id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .conditions import Condition, comparisons, facts_of, parse_condition, type_problem
from .documents import Document, dotted, load_document
from .facts import FactSpec, catalogue
from .problems import InputError, Problem, raise_if_errors
from .schemas import unknown_field_message, validate

PILLARS: tuple[str, ...] = ("brand", "people", "insights", "relationships")
PILLAR_MAX = 25
TOTAL_MAX = PILLAR_MAX * len(PILLARS)
DEFAULT_PACK_DIR = Path(__file__).resolve().parent.parent / "rules"
PACK_FILE = "pack.yaml"
DEFAULT_MEASURE_EFFORT = 5.0

Text = dict[str, str]


@dataclass(frozen=True)
class Place:
    """Where a rule was written."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Band:
    """From `min` (inclusive) up to the next band's min, a measure earns `points`."""

    min: float
    points: float
    label: str | None = None

    def shown(self, next_min: float | None) -> str:
        if self.label:
            return self.label
        low = f"{self.min:g}"
        return f"{low}+" if next_min is None else f"{low}–{next_min:g}"


@dataclass(frozen=True)
class Check:
    """One part of a measure: met when a true/false fact is true, or a number fact ≥ min."""

    fact: str
    points: float
    min: float | None = None
    title: Text | None = None


@dataclass(frozen=True)
class Measure:
    """What a pillar is scored on: one fact in bands, or a list of checks that add up."""

    id: str
    pillar: str
    title: Text
    max_points: float
    place: Place
    fact: str | None = None
    bands: tuple[Band, ...] = ()
    checks: tuple[Check, ...] = ()
    why: str = ""
    how_to_measure: Text | None = None
    effort_to_measure: float = DEFAULT_MEASURE_EFFORT

    @cached_property
    def band_labels(self) -> tuple[str, ...]:
        """How each band is shown, e.g. `300–500` or `500+`."""
        following = [b.min for b in self.bands[1:]] + [None]
        return tuple(band.shown(after) for band, after in zip(self.bands, following))

    @cached_property
    def next_band_points(self) -> dict[float, float | None]:
        """For the points of each band (and 0), the points of the next band that earns more."""
        levels = [0.0] + [b.points for b in self.bands]
        return {level: next((p for p in levels if p > level), None) for level in levels}

    @cached_property
    def facts(self) -> tuple[str, ...]:
        """The facts the measure reads, in order."""
        if self.fact is not None:
            return (self.fact,)
        return tuple(dict.fromkeys(check.fact for check in self.checks))


@dataclass(frozen=True)
class Advice:
    """An action to recommend when its condition holds, and the measure it raises."""

    id: str
    pillar: str
    improves: str
    when: Condition
    effort_minutes_per_week: float
    title: Text
    text: Text
    place: Place
    aims: str = "next_band"
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    """A loaded, validated rule pack."""

    name: str
    version: str
    languages: tuple[str, ...]
    pillar_titles: dict[str, Text]
    measures: tuple[Measure, ...]
    advice: tuple[Advice, ...]
    root: str
    description: str = ""
    measure_index: dict[str, Measure] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.measure_index.update({m.id: m for m in self.measures})

    def measure(self, measure_id: str) -> Measure:
        return self.measure_index[measure_id]


def load_pack(source: str | Path | None = None) -> Pack:
    """Load a pack folder (None or 'default' for the built-in pack); raise InputError when bad."""
    root = DEFAULT_PACK_DIR if source in (None, "default") else Path(source)  # type: ignore[arg-type]
    if not root.exists():
        raise InputError.single("no such pack folder", file=str(root))
    if not root.is_dir():
        raise InputError.single(f"a pack is a folder holding {PACK_FILE}, got a file", file=str(root))
    if not (root / PACK_FILE).is_file():
        raise InputError.single(f"not a pack: {PACK_FILE} is missing", file=str(root))
    display = "rules (built-in)" if root == DEFAULT_PACK_DIR else str(root)
    return _PackLoader(root, display).load()


def _place(document: Document, path: tuple) -> Place:
    line, column = document.locate(path)
    return Place(document.name, line, column)


class _PackLoader:
    def __init__(self, root: Path, display: str) -> None:
        self.root = root
        self.display = display
        self.problems: list[Problem] = []
        self.facts = catalogue()

    def _name(self, path: Path) -> str:
        return str(path) if self.display == str(self.root) else f"{self.display}/{path.name}"

    def load(self) -> Pack:
        pack_doc = load_document(self.root / PACK_FILE)
        pack_doc.name = self._name(self.root / PACK_FILE)
        if not isinstance(pack_doc.data, dict):
            raise InputError([pack_doc.problem("the pack file must be a mapping")])
        raise_if_errors(validate(pack_doc, "pack"))
        meta = pack_doc.data
        languages = tuple(meta["languages"])
        pillar_titles = {p: dict(meta["pillars"][p]["title"]) for p in PILLARS}
        for pillar in PILLARS:
            self._check_languages(pack_doc, ("pillars", pillar, "title"), pillar_titles[pillar], languages, None)

        measures: list[Measure] = []
        advice: list[Advice] = []
        documents = []
        rule_files = sorted(
            p for p in self.root.iterdir() if p.suffix in (".yaml", ".yml") and p.name != PACK_FILE
        )
        if not rule_files:
            raise InputError.single("the pack has no rule files (*.yaml beside pack.yaml)", file=self.display)
        for path in rule_files:
            try:
                document = load_document(path)
            except InputError as error:
                self.problems += error.problems
                continue
            document.name = self._name(path)
            if not isinstance(document.data, dict):
                self.problems.append(document.problem("a rule file must be a mapping"))
                continue
            schema_problems = validate(document, "rules")
            if schema_problems:
                self.problems += [self._with_rule_id(document, p) for p in schema_problems]
                continue
            documents.append(document)
            pillar = document.data["pillar"]
            for index, raw in enumerate(document.data.get("measures", [])):
                measures.append(self._measure(document, ("measures", index), raw, pillar, languages))
            for index, raw in enumerate(document.data.get("advice", [])):
                advice.append(self._advice(document, ("advice", index), raw, pillar, languages))

        self._check_ids(measures, advice)
        self._check_pillar_totals(measures)
        self._check_advice_targets(measures, advice)
        raise_if_errors(self.problems)
        return Pack(
            name=meta["pack"],
            version=str(meta["version"]),
            languages=languages,
            pillar_titles=pillar_titles,
            measures=tuple(measures),
            advice=tuple(advice),
            root=str(self.root),
            description=meta.get("description", ""),
        )

    # -- helpers -------------------------------------------------------------------------

    def _with_rule_id(self, document: Document, problem: Problem) -> Problem:
        """Attach the id of the rule a schema problem sits in, when it has one."""
        parts = (problem.path or "").replace("[", ".[").split(".")
        if len(parts) >= 2 and parts[0] in ("measures", "advice"):
            index = int(parts[1].strip("[]"))
            items = document.data.get(parts[0])
            if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
                rule_id = items[index].get("id")
                if isinstance(rule_id, str):
                    return Problem(**{**problem.__dict__, "rule_id": rule_id})
        return problem

    def _error(self, document: Document, path: tuple, message: str, rule_id: str | None) -> None:
        self.problems.append(document.problem(message, path, path=dotted(path), rule_id=rule_id))

    def _fact(self, document: Document, path: tuple, fact: str, rule_id: str) -> FactSpec | None:
        spec = self.facts.get(fact)
        if spec is None:
            self._error(document, path, unknown_field_message(fact, list(self.facts)).replace("field", "fact", 1), rule_id)
        return spec

    def _check_languages(
        self, document: Document, path: tuple, text: Text, languages: tuple[str, ...], rule_id: str | None
    ) -> None:
        for language in languages:
            if language not in text:
                self._error(document, path, f"no '{language}' text, though the pack declares that language", rule_id)

    def _measure(self, document: Document, path: tuple, raw: dict[str, Any], pillar: str, languages: tuple[str, ...]) -> Measure:
        rule_id = raw["id"]
        self._check_languages(document, path + ("title",), raw["title"], languages, rule_id)
        if "how_to_measure" in raw:
            self._check_languages(document, path + ("how_to_measure",), raw["how_to_measure"], languages, rule_id)
        max_points = raw["max_points"]
        bands: tuple[Band, ...] = ()
        checks: tuple[Check, ...] = ()
        if "bands" in raw:
            spec = self._fact(document, path + ("fact",), raw["fact"], rule_id)
            if spec is not None and not spec.numeric:
                self._error(document, path + ("fact",), f"bands need a number fact; {spec.path} is {'text' if spec.type == 'string' else 'true or false'}", rule_id)
            bands = tuple(Band(b["min"], b["points"], b.get("label")) for b in raw["bands"])
            for index in range(1, len(bands)):
                where = path + ("bands", index)
                if bands[index].min <= bands[index - 1].min:
                    self._error(document, where + ("min",), f"bands must rise: min {bands[index].min:g} does not exceed the previous band's {bands[index - 1].min:g}", rule_id)
                if bands[index].points < bands[index - 1].points:
                    self._error(document, where + ("points",), f"more must never earn less: {bands[index].points:g} points is below the previous band's {bands[index - 1].points:g}", rule_id)
            top = max(b.points for b in bands)
            if top != max_points:
                self._error(document, path + ("max_points",), f"max_points is {max_points:g} but the bands earn at most {top:g}", rule_id)
        else:
            parsed = []
            for index, raw_check in enumerate(raw["checks"]):
                where = path + ("checks", index)
                spec = self._fact(document, where + ("fact",), raw_check["fact"], rule_id)
                minimum = raw_check.get("min")
                if spec is not None:
                    if spec.type == "boolean" and minimum is not None:
                        self._error(document, where + ("min",), f"{spec.path} is true or false; a check on it is met when true and takes no min", rule_id)
                        minimum = None
                    elif spec.numeric and minimum is None:
                        minimum = 1
                    elif spec.type == "string":
                        self._error(document, where + ("fact",), f"a check needs a true/false or number fact; {spec.path} is text", rule_id)
                if "title" in raw_check:
                    self._check_languages(document, where + ("title",), raw_check["title"], languages, rule_id)
                parsed.append(Check(raw_check["fact"], raw_check["points"], minimum, raw_check.get("title")))
            checks = tuple(parsed)
            total = sum(c.points for c in checks)
            if total != max_points:
                self._error(document, path + ("max_points",), f"max_points is {max_points:g} but the checks add up to {total:g}", rule_id)
        return Measure(
            id=rule_id,
            pillar=pillar,
            title=dict(raw["title"]),
            max_points=max_points,
            place=_place(document, path + ("id",)),
            fact=raw.get("fact"),
            bands=bands,
            checks=checks,
            why=raw.get("why", ""),
            how_to_measure=dict(raw["how_to_measure"]) if "how_to_measure" in raw else None,
            effort_to_measure=raw.get("effort_to_measure_minutes", DEFAULT_MEASURE_EFFORT),
        )

    def _advice(self, document: Document, path: tuple, raw: dict[str, Any], pillar: str, languages: tuple[str, ...]) -> Advice:
        rule_id = raw["id"]
        self._check_languages(document, path + ("title",), raw["title"], languages, rule_id)
        self._check_languages(document, path + ("text",), raw["text"], languages, rule_id)
        when = parse_condition(raw["when"])
        for where, compare in comparisons(when):
            spec = self._fact(document, path + ("when",) + where + ("fact",), compare.fact, rule_id)
            if spec is not None:
                why = type_problem(compare, spec)
                if why:
                    self._error(document, path + ("when",) + where, why, rule_id)
        for index, fact in enumerate(raw.get("facts", [])):
            self._fact(document, path + ("facts", index), fact, rule_id)
        return Advice(
            id=rule_id,
            pillar=pillar,
            improves=raw["improves"],
            when=when,
            effort_minutes_per_week=raw["effort_minutes_per_week"],
            title=dict(raw["title"]),
            text=dict(raw["text"]),
            place=_place(document, path + ("id",)),
            aims=raw.get("aims", "next_band"),
            facts=tuple(raw.get("facts", ())),
        )

    def _problem_at(self, place: Place, message: str, rule_id: str) -> None:
        self.problems.append(Problem(message, file=place.file, line=place.line, column=place.column, rule_id=rule_id))

    def _check_ids(self, measures: list[Measure], advice: list[Advice]) -> None:
        seen: dict[str, Place] = {}
        for rule in [*measures, *advice]:
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
        import difflib

        for item in advice:
            if item.improves not in by_id:
                close = difflib.get_close_matches(item.improves, list(by_id), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self._problem_at(item.place, f"improves '{item.improves}', which is no measure in this pack{hint}", item.id)
