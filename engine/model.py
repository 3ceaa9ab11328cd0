"""The pack model: a loaded, validated rule pack and the measures and advice it holds.

These records are what every later step reads (compiler, scoring, ranking, rendering);
they are built by `pack.load_pack` and never changed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .conditions import Condition
from .facts import FactSpec, with_own_facts
from .texts import Texts

PILLARS: tuple[str, ...] = ("brand", "people", "insights", "relationships")
PILLAR_MAX = 25
TOTAL_MAX = PILLAR_MAX * len(PILLARS)
DEFAULT_MEASURE_EFFORT = 5.0
# A one-off job's minutes are spread over this many weeks when it is ranked beside habits.
ONE_OFF_WEEKS = 4

Text = dict[str, str]


@dataclass(frozen=True)
class Place:
    """Where a rule was written."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Disabled:
    """A rule of an extended pack switched off by `disable:`, and the line that did it."""

    rule_id: str
    kind: str  # "measure" or "advice"
    place: Place
    improves: str | None = None  # for advice: the measure it improved


@dataclass(frozen=True)
class Band:
    """From `min` (inclusive) up to the next band's min, a measure earns `points`."""

    min: float
    points: float
    label: str | None = None

    def shown(self, next_min: float | None, scale: str = "number") -> str:
        """The band's label, or its range: `500–999` and `1000+` for a count, `20–39%` for a
        rate, `0.5–1` (from 0.5, below 1) for other numbers."""
        if self.label:
            return self.label
        if scale == "rate":
            low = round(self.min * 100)
            return f"{low}%+" if next_min is None else f"{low}–{max(low, round(next_min * 100) - 1)}%"
        low_text = f"{self.min:g}"
        if next_min is None:
            return f"{low_text}+"
        if scale == "integer" and float(self.min).is_integer() and float(next_min).is_integer():
            last = int(next_min) - 1
            return low_text if last <= self.min else f"{low_text}–{last}"
        return f"{low_text}–{next_min:g}"

    def below(self, scale: str = "number") -> str:
        """How a value under this (first) band is shown: `< 50`, `< 20%`."""
        return f"< {round(self.min * 100)}%" if scale == "rate" else f"< {self.min:g}"


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
    effort_to_measure_minutes: float = DEFAULT_MEASURE_EFFORT
    # How the fact's values read: "integer" (a count), "rate" (a share from 0 to 1) or "number".
    scale: str = "number"
    # Fields an override changed, at the override's line: problems they cause are placed there.
    places: dict[str, Place] = field(default_factory=dict, compare=False, repr=False)

    def place_of(self, name: str) -> Place:
        """Where a field was last set: an override's line, or the rule's own."""
        return self.places.get(name, self.place)

    @cached_property
    def band_labels(self) -> tuple[str, ...]:
        """How each band is shown, e.g. `300–499` or `500+`."""
        following = [b.min for b in self.bands[1:]] + [None]
        return tuple(band.shown(after, self.scale) for band, after in zip(self.bands, following, strict=True))

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
    places: dict[str, Place] = field(default_factory=dict, compare=False, repr=False)

    def place_of(self, name: str) -> Place:
        """Where a field was last set: an override's line, or the rule's own."""
        return self.places.get(name, self.place)


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
    # Every file read to build the pack, parent packs' included: all of them are inputs
    # that a report must never be written over.
    files: tuple[str, ...] = ()
    # Facts the pack declares of its own (custom.*), and the text facts it compares ignoring case.
    own_facts: tuple[FactSpec, ...] = ()
    ignore_case: frozenset[str] = frozenset()
    # Rules of an extended pack this pack (or a pack between) switched off, with the line that did.
    disabled: dict[str, Disabled] = field(default_factory=dict, compare=False)
    parent_root: str | None = None
    measure_index: dict[str, Measure] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.measure_index.update({m.id: m for m in self.measures})

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id."""
        return self.measure_index[measure_id]

    @cached_property
    def advice_order(self) -> dict[str, int]:
        """Each advice's place in the pack, by id."""
        return {advice.id: index for index, advice in enumerate(self.advice)}

    @cached_property
    def fact_catalogue(self) -> dict[str, FactSpec]:
        """Every fact a rule of this pack may read: the profile's, and the pack's own."""
        return with_own_facts(self.own_facts, self.ignore_case)

    @cached_property
    def texts(self) -> Texts:
        """Every title and text a report of this pack can show, by rule id and language."""
        return Texts(
            languages=self.languages,
            pack_name=self.name,
            pillars=self.pillar_titles,
            measures={m.id: m.title for m in self.measures},
            how_to_measure={m.id: m.how_to_measure for m in self.measures if m.how_to_measure},
            checks={m.id: [c.title for c in m.checks] for m in self.measures if m.checks},
            advice_titles={a.id: a.title for a in self.advice},
            advice_texts={a.id: a.text for a in self.advice},
            why={m.id: m.why for m in self.measures if m.why},
            rates=frozenset(spec.path for spec in self.own_facts if spec.scale == "rate"),
        )
