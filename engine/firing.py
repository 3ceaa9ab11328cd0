"""Running a profile through durable-rules and reading what fired, by meaning.

The compiler hands over the table it built (`CompiledPack.rules`: each rule name with the
band, check, missing fact or advice it stands for); this module only looks names up in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Sequence

from .compiler import CompiledPack
from .tagged_facts import BATCH_LIMIT
from .problems import InputError
from .profile import Profile


@dataclass
class Firing:
    """What durable-rules decided for one profile: bands reached, checks met, facts missing, advice."""

    bands: dict[str, int] = field(default_factory=dict)
    checks: set[tuple[str, int]] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    advice: set[str] = field(default_factory=set)


def engine_fact(compiled: CompiledPack, profile: Profile) -> dict[str, Any]:
    """What durable-rules is given of a profile: its facts by path (the driver picks those the
    rules read), with text the pack compares without regard to case folded."""
    if profile.held:
        # Its pack's facts were not checked (the commands check them first, with the pack's
        # words): a list or a mapping must not reach the rules.
        raise InputError(list(profile.held))
    values = profile.flat
    folded = {path: values[path].casefold() for path in compiled.pack.ignore_case if isinstance(values.get(path), str)}
    return {**values, **folded} if folded else values


def decode(compiled: CompiledPack, names: list[str]) -> Firing:
    """Sort the names of the rules that fired by what they mean."""
    return decode_many(compiled, {name: [0] for name in names}, 1)[0]


def decode_many(compiled: CompiledPack, by_rule: dict[str, list[int]], count: int) -> list[Firing]:
    """What fired for each of `count` facts, from the positions each rule fired for."""
    firings = [Firing() for _ in range(count)]
    rules = compiled.rules
    # Rule by rule, not fact by fact: a chunk has a few hundred rules that fired and some
    # fifty firings per profile, so each rule's meaning is looked up once per chunk.
    for name, positions in by_rule.items():
        rule = rules[name]
        kind, ref = rule.kind, rule.ref
        if kind == "band":
            index = rule.index
            for n in positions:
                firings[n].bands[ref] = index
        elif kind == "check":
            key = (ref, rule.index)
            for n in positions:
                firings[n].checks.add(key)
        elif kind == "missing":
            for n in positions:
                firings[n].missing.add(ref)
        else:
            for n in positions:
                firings[n].advice.add(ref)
    return firings


def fire(compiled: CompiledPack, profile: Profile) -> Firing:
    """Run the profile through durable-rules and sort what fired by meaning."""
    return decode(compiled, compiled.group.fired(engine_fact(compiled, profile)))


def fire_many(compiled: CompiledPack, profiles: Sequence[Profile]) -> list[Firing]:
    """`fire` for many profiles, asserted into durable-rules together (BATCH_LIMIT at a time)."""
    firings: list[Firing] = []
    for start in range(0, len(profiles), BATCH_LIMIT):
        facts = [engine_fact(compiled, profile) for profile in profiles[start : start + BATCH_LIMIT]]
        firings += decode_many(compiled, compiled.group.fired_many(facts), len(facts))
    return firings
