"""Loading a rule pack: its layers read, every rule checked and built, all problems at once.

Loading validates every file against its schema (in `layers`) and then checks the logic
across files here: unique ids, known facts, bands that rise, pillars that cannot exceed 25
points. All problems are collected and raised together, each with file, line, column and
rule id; a problem caused by an override or a `disable:` is placed at that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .conditions import comparisons, parse_condition, type_problem
from .custom_facts import fold_condition, ignore_case_problems, own_fact
from .facts import FactSpec, with_own_facts
from .files import converts_os_errors
from .layers import Layer, LayerReader, RawRule
from .measures_build import bands_of, checks_of, top_band_path
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
from .pack_cache import cached_pack
from .pack_files import DEFAULT_PACK_DIR, PACK_FILE, is_built_in, not_a_pack, pack_root
from .points import points_sum
from .problems import InputError, Problem, raise_if_errors
from .schemas import unknown_field_message
from .suggest import did_you_mean
from .where import Where

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
    "inspect_pack",
    "load_pack",
]

# Fields whose override line a cross-rule problem points at.
_PLACED_FIELDS = ("bands", "checks", "max_points", "fact", "improves", "when")


@converts_os_errors
def load_pack(source: str | Path | None = None) -> Pack:
    """Load a pack folder (None or 'default' for the built-in pack); raise InputError when bad."""
    root = pack_root(source)
    if is_built_in(root) and not not_a_pack(root):
        # Loaded once and kept while none of its files change (engine/pack_cache.py).
        return cached_pack(root, _load_pack)
    return _load_pack(root)


def _load_pack(source: str | Path | None) -> Pack:
    pack, problems = inspect_pack(source)
    raise_if_errors(problems)
    assert pack is not None
    return pack


def inspect_pack(source: str | Path | None = None) -> tuple[Pack | None, list[Problem]]:
    """A pack as far as it can be built, and every error found; None when it cannot be built at all.

    `rules check` uses this to report warnings beside errors: a pack with an error in one
    rule is still built from the rest.
    """
    root = pack_root(source)
    problem = not_a_pack(root)
    if problem:
        return None, [Problem(problem, file=str(root))]
    try:
        return _PackBuilder().build(root)
    except InputError as error:
        return None, error.problems


@dataclass
class _Mismatch:
    """Bands whose top points differ from max_points: reported once every pillar's total is known."""

    rule_id: str
    pillar: str
    where: Where
    at: tuple
    top: float
    max_points: float


class _PackBuilder:
    """Turns the raw rules of a pack's layers into checked measures and advice."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.facts: dict[str, FactSpec] = {}
        self.mismatches: list[_Mismatch] = []

    def build(self, root: Path) -> tuple[Pack, list[Problem]]:
        reader = LayerReader()
        layer = reader.read(root)
        self.problems += reader.problems
        own = self._own_facts(layer)
        ignore_case = frozenset(name for name, _ in layer.ignore_case)
        self.facts = with_own_facts(own, ignore_case)
        self.problems += ignore_case_problems(layer.ignore_case, self.facts)
        measures = [self._measure(rule, layer.languages) for rule in layer.rules if rule.kind == "measure"]
        advice = [self._advice(rule, layer.languages, ignore_case) for rule in layer.rules if rule.kind == "advice"]
        self._check_ids(measures, advice)
        self._check_max_points(measures)
        self._check_pillar_totals(measures)
        self._check_advice_targets(measures, advice, layer)
        pack = Pack(
            name=layer.name,
            version=layer.version,
            languages=layer.languages,
            pillar_titles=layer.pillar_titles,
            measures=tuple(measures),
            advice=tuple(advice),
            root=str(root),
            description=layer.description,
            files=tuple(layer.files),
            own_facts=own,
            ignore_case=ignore_case,
            disabled=dict(layer.disabled),
            parent_root=str(layer.parent_root) if layer.parent_root else None,
        )
        return pack, sorted(self.problems, key=Problem.sort_key)

    def _own_facts(self, layer: Layer) -> tuple[FactSpec, ...]:
        specs = []
        for declared in layer.facts.values():
            spec, problems = own_fact(declared.name, declared.data, declared.where, layer.languages)
            specs.append(spec)
            self.problems += problems
        return tuple(specs)

    # -- one rule at a time ---------------------------------------------------------------

    def _error(self, where: Where, path: tuple, message: str, rule_id: str | None) -> None:
        self.problems.append(where.problem(message, path, rule_id=rule_id))

    def _fact(self, where: Where, path: tuple, fact: str, rule_id: str) -> FactSpec | None:
        spec = self.facts.get(fact)
        if spec is None:
            self._error(where, path, unknown_field_message(fact, list(self.facts)).replace("field", "fact", 1), rule_id)
        return spec

    def _check_languages(self, where: Where, path: tuple, text: Text, languages: tuple[str, ...], rule_id: str) -> None:
        for language in languages:
            if language not in text:
                self._error(where, path, f"no '{language}' text, though the pack declares that language", rule_id)

    def _measure(self, rule: RawRule, languages: tuple[str, ...]) -> Measure:
        raw, where = rule.data, rule.where
        rule_id = raw["id"]

        def error(at: Where, path: tuple, message: str) -> None:
            self._error(at, path, message, rule_id)

        self._check_languages(where, ("title",), raw["title"], languages, rule_id)
        how = raw.get("how_to_measure")
        if how is not None:
            self._check_languages(where, ("how_to_measure",), how, languages, rule_id)
        bands: tuple[Band, ...] = ()
        checks: tuple[Check, ...] = ()
        if "bands" in raw:
            spec = self._fact(where, ("fact",), raw["fact"], rule_id)
            how = how if how is not None or spec is None else spec.how_to_measure
            bands = bands_of(where, raw, spec, error)
            top = max(b.points for b in bands)
            if top != raw["max_points"]:
                self.mismatches.append(_Mismatch(rule_id, rule.pillar, where, top_band_path(where, bands), top, raw["max_points"]))
        else:
            checks = checks_of(where, raw, languages, lambda w, p, f: self._fact(w, p, f, rule_id), error,
                               lambda w, p, t: self._check_languages(w, p, t, languages, rule_id))
        return Measure(
            id=rule_id,
            pillar=rule.pillar,
            title=dict(raw["title"]),
            max_points=raw["max_points"],
            place=where.place(("id",)),
            fact=raw.get("fact"),
            bands=bands,
            checks=checks,
            why=raw.get("why", ""),
            how_to_measure=dict(how) if how is not None else None,
            effort_to_measure_minutes=raw.get("effort_to_measure_minutes", DEFAULT_MEASURE_EFFORT),
            scale=self.facts[raw["fact"]].scale if raw.get("fact") in self.facts else "number",
            places=where.field_places(_PLACED_FIELDS),
        )

    def _advice(self, rule: RawRule, languages: tuple[str, ...], ignore_case: frozenset[str]) -> Advice:
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
            when=fold_condition(when, ignore_case),
            # The schema allows exactly one of the two, never 0; a one-off job is spread over ONE_OFF_WEEKS.
            effort_minutes_per_week=raw.get("effort_minutes_per_week") or raw["effort_minutes_once"] / ONE_OFF_WEEKS,
            title=dict(raw["title"]),
            text=dict(raw["text"]),
            place=where.place(("id",)),
            aims=raw.get("aims", "next_band"),
            facts=tuple(raw.get("facts", ())),
            effort_minutes_once=raw.get("effort_minutes_once"),
            places=where.field_places(_PLACED_FIELDS),
        )

    # -- across rules ---------------------------------------------------------------------

    def _problem_at(self, place: Place, message: str, rule_id: str, path: str | None = None) -> None:
        self.problems.append(Problem(message, file=place.file, line=place.line, column=place.column, path=path, rule_id=rule_id))

    def _check_ids(self, measures: list[Measure], advice: list[Advice]) -> None:
        seen: dict[str, Place] = {}
        rules: list[Measure | Advice] = [*measures, *advice]
        for rule in rules:
            if rule.id in seen:
                first = seen[rule.id]
                self._problem_at(rule.place, f"duplicate rule id '{rule.id}' (first used at {first.file}:{first.line})", rule.id)
            else:
                seen[rule.id] = rule.place

    def _check_max_points(self, measures: list[Measure]) -> None:
        """Bands that earn more (or less) than max_points: which max_points to write, and what it costs."""
        for found in self.mismatches:
            message = f"max_points is {found.max_points:g} but the bands earn at most {found.top:g}"
            if found.top > found.max_points:
                others = points_sum(m.max_points for m in measures if m.pillar == found.pillar and m.id != found.rule_id)
                message += f": raise max_points of {found.rule_id} to {found.top:g}"
                over = others + found.top - PILLAR_MAX
                if over > 0:
                    message += (f"; pillar {found.pillar} can then earn {others + found.top:g} of its {PILLAR_MAX} points, "
                                f"so free {over:g} point{'s' if over != 1 else ''} in its other measures")
                if found.at == ("max_points",):  # max_points is what was changed last: maybe the bands should follow
                    message += f"; or lower the top band's points to {found.max_points:g}"
            else:
                message += f": lower max_points to {found.top:g}, or raise the top band's points to {found.max_points:g}"
            self._error(found.where, found.at, message, found.rule_id)

    def _check_pillar_totals(self, measures: list[Measure]) -> None:
        for pillar in PILLARS:
            mine = [m for m in measures if m.pillar == pillar]
            total = points_sum(m.max_points for m in mine)
            if total > PILLAR_MAX:
                # The measure an override raised, when there is one: that is the line to change.
                culprit = next((m for m in reversed(mine) if "max_points" in m.places), mine[-1])
                self._problem_at(
                    culprit.place_of("max_points"),
                    f"pillar {pillar}: its measures can earn {total:g} points, more than the pillar maximum of {PILLAR_MAX}",
                    culprit.id,
                )

    def _check_advice_targets(self, measures: list[Measure], advice: list[Advice], layer: Layer) -> None:
        by_id = {m.id: m for m in measures}
        for item in advice:
            if item.improves in by_id:
                continue
            off = layer.disabled.get(item.improves)
            if off is not None:
                self._problem_at(off.place, f"disables the measure '{item.improves}', which the advice '{item.id}' still improves: "
                                 f"disable the advice `{item.id}` too, or point it at another measure", item.improves, "disable")
            else:
                hint = did_you_mean(item.improves, by_id, cutoff=0.6)
                self._problem_at(item.place_of("improves"), f"improves '{item.improves}', which is no measure in this pack{hint}", item.id)
