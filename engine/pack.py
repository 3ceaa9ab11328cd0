"""A rule pack: the pack file, its rule files, and the measures and advice they hold.

Loading validates every file against its schema and then checks the logic across files
(unique ids, known facts, bands that rise, pillars that cannot exceed 25 points). All
problems are collected and raised together, each with file, line, column and rule id.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Sequence

from .conditions import Condition, comparisons, parse_condition, type_problem
from .documents import Document, load_document
from .facts import FactSpec, catalogue
from .problems import InputError, Problem, raise_if_errors
from .schemas import schema_errors, unknown_field_message, validate

PILLARS: tuple[str, ...] = ("brand", "people", "insights", "relationships")
PILLAR_MAX = 25
TOTAL_MAX = PILLAR_MAX * len(PILLARS)
DEFAULT_PACK_DIR = Path(__file__).resolve().parent.parent / "rules"
PACK_FILE = "pack.yaml"
DEFAULT_MEASURE_EFFORT = 5.0
ONE_OFF_WEEKS = 4  # until the plan shows one-off jobs apart, their cost is spread over this many weeks

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
        return tuple(band.shown(after) for band, after in zip(self.bands, following, strict=True))

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
    effort_minutes_once: float | None = None


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
    problem = _not_a_pack(root, str(root))
    if problem:
        raise InputError.single(problem, file=str(root))
    return _PackLoader().load(root)


def _not_a_pack(root: Path, name: str) -> str | None:
    if not root.exists():
        return "no such pack folder"
    if not root.is_dir():
        return f"a pack is a folder holding {PACK_FILE}, got a file"
    if not (root / PACK_FILE).is_file():
        return f"not a pack: {PACK_FILE} is missing"
    return None


def _display(root: Path, path: Path) -> str:
    """How a pack file is named in messages: the built-in pack by a short name."""
    if root.resolve() == DEFAULT_PACK_DIR:
        return f"rules (built-in)/{path.name}"
    return str(path)


class _Where:
    """Where each field of a rule was written: its rule file, or an override that changed it.

    Behaves like a Document for the paths inside one rule, so every problem found in a
    merged rule points at the line that set the field in question.
    """

    def __init__(self, layers: list[tuple[Document, tuple, frozenset[str] | None]]) -> None:
        self.layers = layers

    @classmethod
    def of(cls, document: Document, base: tuple = ()) -> "_Where":
        return cls([(document, tuple(base), None)])

    def overridden(self, document: Document, base: tuple, fields: set[str]) -> "_Where":
        return _Where([(document, tuple(base), frozenset(fields)), *self.layers])

    def _resolve(self, at: Sequence[str | int]) -> tuple[Document, tuple]:
        for document, base, fields in self.layers:
            if fields is None or (at and at[0] in fields):
                return document, base + tuple(at)
        document, base, _ = self.layers[-1]
        return document, base + tuple(at)

    def problem(self, message: str, at: Sequence[str | int] = (), **extra: Any) -> Problem:
        document, full = self._resolve(at)
        return document.problem(message, full, **extra)

    def place(self, at: Sequence[str | int] = ()) -> tuple[str, int | None, int | None]:
        document, full = self._resolve(at)
        return document.place(full)


def _place(where: Document | _Where, path: tuple) -> Place:
    return Place(*where.place(path))


@dataclass
class _RawRule:
    kind: str  # "measures" or "advice"
    pillar: str
    data: dict[str, Any]
    where: _Where


@dataclass
class _Layer:
    name: str
    version: str
    description: str
    languages: tuple[str, ...]
    pillar_titles: dict[str, Text]
    rules: list[_RawRule]
    root: Path


_TEXT_FIELDS = ("title", "text", "how_to_measure")


class _PackLoader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.facts = catalogue()

    def load(self, root: Path) -> Pack:
        layer = self._layer(root, [])
        measures: list[Measure] = []
        advice: list[Advice] = []
        for rule in layer.rules:
            if rule.kind == "measures":
                measures.append(self._measure(rule.where, (), rule.data, rule.pillar, layer.languages))
            else:
                advice.append(self._advice(rule.where, (), rule.data, rule.pillar, layer.languages))
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
        )

    def _layer(self, root: Path, chain: list[tuple[Path, str]]) -> _Layer:
        """Read one pack folder, on top of the pack it extends, into raw rules."""
        pack_doc = load_document(root / PACK_FILE)
        pack_doc.name = _display(root, root / PACK_FILE)
        if not isinstance(pack_doc.data, dict):
            raise InputError([pack_doc.problem("the pack file must be a mapping")])
        meta = pack_doc.data
        # A wrong field inside one override does not stop the rest of the pack from being
        # checked: that override is skipped and its problems reported with all others.
        broken: dict[str, list[Problem]] = {}
        schema_problems = validate(pack_doc, "pack")
        for problem in schema_problems:
            rule_id = next((r for r in meta.get("overrides", {}) if (problem.path or "").startswith(f"overrides.{r}.")), None)
            if rule_id is None:
                raise InputError(sorted(schema_problems, key=Problem.sort_key))
            broken.setdefault(rule_id, []).append(Problem(**{**problem.__dict__, "rule_id": rule_id}))
        self.problems += [problem for found in broken.values() for problem in found]
        parent = self._parent(root, pack_doc, [*chain, (root.resolve(), str(meta["pack"]))]) if "extends" in meta else None

        if parent is None:
            for key in ("languages", "pillars"):
                if key not in meta:
                    raise InputError([pack_doc.problem(f"'{key}' is required (or extend another pack)")])
            missing = [p for p in PILLARS if p not in meta["pillars"]]
            if missing:
                raise InputError([pack_doc.problem(f"'{p}' is required", ("pillars",)) for p in missing])
        languages = tuple(meta["languages"]) if "languages" in meta else parent.languages  # type: ignore[union-attr]
        pillar_titles = {p: dict(parent.pillar_titles[p]) for p in PILLARS} if parent else {p: {} for p in PILLARS}
        for pillar, entry in meta.get("pillars", {}).items():
            pillar_titles[pillar].update(entry["title"])
        for pillar in PILLARS:
            where = ("pillars", pillar, "title") if pillar in meta.get("pillars", {}) else ("languages",)
            self._check_languages(pack_doc, where, pillar_titles[pillar], languages, None)

        rules = [_RawRule(r.kind, r.pillar, r.data, r.where) for r in parent.rules] if parent else []
        index = {r.data["id"]: r for r in rules}
        for position, rule_id in enumerate(meta.get("disable", [])):
            if rule_id in index:
                rules.remove(index.pop(rule_id))
            else:
                self.problems.append(pack_doc.problem(self._no_rule(rule_id, index, "disables"), ("disable", position), rule_id=rule_id))
        for rule_id, patch in meta.get("overrides", {}).items():
            if rule_id not in index:
                self.problems.append(pack_doc.problem(self._no_rule(rule_id, index, "overrides"), ("overrides", rule_id), rule_id=rule_id))
            elif rule_id not in broken:
                self._override(index[rule_id], patch, pack_doc, rule_id)

        for rule in self._rule_files(root, must_exist=parent is None):
            rule_id = rule.data["id"]
            if rule_id in index:
                self.problems.append(rule.where.problem(
                    f"rule id '{rule_id}' is already defined by the pack this one extends; change it under overrides: in {PACK_FILE}",
                    ("id",), rule_id=rule_id))
            else:
                rules.append(rule)
        version = str(meta["version"])
        return _Layer(meta["pack"], version, meta.get("description", ""), languages, pillar_titles, rules, root)

    def _parent(self, root: Path, pack_doc: Document, chain: list[tuple[Path, str]]) -> _Layer:
        """The pack `extends:` names; `chain` holds (folder, pack name) from the first pack down."""
        extends = pack_doc.data["extends"]
        parent_root = DEFAULT_PACK_DIR if extends == "default" else Path(os.path.normpath(root / extends))
        folders = [folder for folder, _ in chain]
        if parent_root.resolve() in folders:
            names = [name for _, name in chain] + [chain[folders.index(parent_root.resolve())][1]]
            raise InputError([pack_doc.problem(f"the pack extends itself: {' → '.join(names)}", ("extends",))])
        problem = _not_a_pack(parent_root, extends)
        if problem:
            raise InputError([pack_doc.problem(f"extends '{extends}': {problem}", ("extends",))])
        return self._layer(parent_root, chain)

    @staticmethod
    def _no_rule(rule_id: str, index: dict[str, _RawRule], verb: str) -> str:
        close = difflib.get_close_matches(rule_id, list(index), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{verb} '{rule_id}', which is no rule of the pack this one extends{hint}"

    def _override(self, rule: _RawRule, patch: dict[str, Any], pack_doc: Document, rule_id: str) -> None:
        """Apply an override: texts merge per language, every other field is replaced."""
        merged = dict(rule.data)
        for key, value in patch.items():
            if key in _TEXT_FIELDS and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        if "bands" in patch:
            merged.pop("checks", None)
        if "checks" in patch:
            merged.pop("bands", None)
            merged.pop("fact", None)
        if "effort_minutes_per_week" in patch:  # an advice is priced weekly or once, never both
            merged.pop("effort_minutes_once", None)
        if "effort_minutes_once" in patch:
            merged.pop("effort_minutes_per_week", None)
        where = rule.where.overridden(pack_doc, ("overrides", rule_id), set(patch))
        definition = "measure" if rule.kind == "measures" else "advice"
        errors = schema_errors(merged, f"rules#/$defs/{definition}")
        for path, message in errors:
            self.problems.append(where.problem(message, path, rule_id=rule_id))
        if not errors:  # a broken merge is reported, and the rule is checked as it was
            rule.data, rule.where = merged, where

    def _rule_files(self, root: Path, must_exist: bool) -> list[_RawRule]:
        rules: list[_RawRule] = []
        rule_files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.name != PACK_FILE)
        if not rule_files and must_exist:
            raise InputError.single("the pack has no rule files (*.yaml beside pack.yaml)", file=str(root))
        for path in rule_files:
            try:
                document = load_document(path)
            except InputError as error:
                self.problems += error.problems
                continue
            document.name = _display(root, path)
            if not isinstance(document.data, dict):
                self.problems.append(document.problem("a rule file must be a mapping"))
                continue
            schema_problems = validate(document, "rules")
            if schema_problems:
                self.problems += [self._with_rule_id(document, p) for p in schema_problems]
                continue
            pillar = document.data["pillar"]
            for kind in ("measures", "advice"):
                for position, raw in enumerate(document.data.get(kind, [])):
                    rules.append(_RawRule(kind, pillar, raw, _Where.of(document, (kind, position))))
        return rules

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

    def _error(self, document: Document | _Where, path: tuple, message: str, rule_id: str | None) -> None:
        self.problems.append(document.problem(message, path, rule_id=rule_id))

    def _fact(self, document: Document | _Where, path: tuple, fact: str, rule_id: str) -> FactSpec | None:
        spec = self.facts.get(fact)
        if spec is None:
            self._error(document, path, unknown_field_message(fact, list(self.facts)).replace("field", "fact", 1), rule_id)
        return spec

    def _check_languages(
        self, document: Document | _Where, path: tuple, text: Text, languages: tuple[str, ...], rule_id: str | None
    ) -> None:
        for language in languages:
            if language not in text:
                self._error(document, path, f"no '{language}' text, though the pack declares that language", rule_id)

    def _measure(self, document: Document | _Where, path: tuple, raw: dict[str, Any], pillar: str, languages: tuple[str, ...]) -> Measure:
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

    def _advice(self, document: Document | _Where, path: tuple, raw: dict[str, Any], pillar: str, languages: tuple[str, ...]) -> Advice:
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
            effort_minutes_per_week=raw["effort_minutes_per_week"] if "effort_minutes_per_week" in raw else raw["effort_minutes_once"] / ONE_OFF_WEEKS,
            title=dict(raw["title"]),
            text=dict(raw["text"]),
            place=_place(document, path + ("id",)),
            aims=raw.get("aims", "next_band"),
            facts=tuple(raw.get("facts", ())),
            effort_minutes_once=raw.get("effort_minutes_once"),
        )

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
                close = difflib.get_close_matches(item.improves, list(by_id), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self._problem_at(item.place, f"improves '{item.improves}', which is no measure in this pack{hint}", item.id)
