"""Running a profile through durable-rules and reading what fired, by meaning.

The compiler hands over the table it built (`CompiledPack.rules`: each rule name with the
band, check, missing fact or advice it stands for); this module only looks names up in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .compiler import CompiledPack, engine_name
from .profile import Profile


@dataclass
class Firing:
    """What durable-rules decided for one profile: bands reached, checks met, facts missing, advice."""

    bands: dict[str, int] = field(default_factory=dict)
    checks: set[tuple[str, int]] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    advice: set[str] = field(default_factory=set)


def engine_fact(compiled: CompiledPack, profile: Profile) -> dict[str, Any]:
    """The fact asserted into durable-rules: the facts the pack reads, flat, missing ones absent."""
    values = profile.flat
    fact = {name: values[path] for path, name in compiled.engine_names if path in values}
    for path in compiled.pack.ignore_case:  # text the pack compares without regard to case
        name = engine_name(path)
        if isinstance(fact.get(name), str):
            fact[name] = fact[name].casefold()
    return fact


def fire(compiled: CompiledPack, profile: Profile) -> Firing:
    """Run the profile through durable-rules and sort what fired by meaning."""
    firing = Firing()
    for name in compiled.group.fired(engine_fact(compiled, profile)):
        rule = compiled.rules[name]
        if rule.kind == "band":
            firing.bands[rule.ref] = rule.index
        elif rule.kind == "check":
            firing.checks.add((rule.ref, rule.index))
        elif rule.kind == "missing":
            firing.missing.add(rule.ref)
        else:
            firing.advice.add(rule.ref)
    return firing
