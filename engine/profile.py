"""Loading and validating a profile fact set (YAML or JSON) against the profile schema."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .custom_facts import NAMESPACE, check_profile_facts
from .documents import Document, load_document
from .json_reader import checked_text
from .model import Pack
from .problems import InputError, Problem, raise_if_errors
from .schemas import show, validate


@dataclass(frozen=True)
class Profile:
    """A validated profile: the facts as given (missing ones are simply absent)."""

    data: dict[str, Any]
    source: str = "<profile>"
    # The parsed file, kept so a pack's own facts (`custom:`) are checked with placed messages.
    document: Document | None = field(default=None, repr=False, compare=False)
    # Problems of values under `custom:`: the profile schema can only say "a number, true or
    # false, or text"; the pack in use knows which (custom_facts.check_profile_facts), so they
    # wait for its check, and the engine refuses a profile that still holds any.
    held: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    flat: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "flat", _flatten(self.data))

    @property
    def id(self) -> str | None:
        return self.data.get("id")

    @property
    def name(self) -> str | None:
        return self.data.get("name")

    def fact(self, path: str) -> Any:
        """The value of a dotted fact path, or None when it is not given."""
        return self.flat.get(path)

    @property
    def ssi(self) -> dict[str, float]:
        """The numbers from the member's own SSI page, if given."""
        return dict(self.data.get("ssi") or {})


# Each leaf's dotted path by its section and name, made once: a batch flattens thousands of
# profiles with the same few dozen paths (making them was most of a profile's flattening),
# and one interned object per path is also found faster in every mapping keyed by it.
_PATHS: dict[str, dict[str, str]] = {}
# Sections, and paths per section, kept at most: names under `custom:` are the user's own, and
# a profile made in Python need not have been validated.
_PATHS_KEPT = 1024


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{'brand': {'skills': 4}} → {'brand.skills': 4}: every leaf by its dotted path."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            if prefix:
                flat.update(_flatten(value, f"{prefix}{key}."))
                continue
            paths = _PATHS.get(key)
            if paths is None:
                paths = {}
                if len(_PATHS) < _PATHS_KEPT:
                    _PATHS[key] = paths
            for name, leaf in value.items():
                if isinstance(leaf, dict):
                    # Sections hold leaves (the schema says so); deeper mappings take the slow path.
                    flat.update(_flatten(leaf, f"{key}.{name}."))
                elif leaf is not None:
                    path = paths.get(name)
                    if path is None:
                        path = sys.intern(f"{key}.{name}")
                        if len(paths) < _PATHS_KEPT:
                            paths[name] = path
                    flat[path] = leaf
        elif value is not None:
            flat[prefix + key] = value
    return flat


def load_profile(source: str | Path, pack: Pack | None = None) -> Profile:
    """Read and validate a profile file (`-` for standard input); raise InputError when bad.
    `pack`: its own facts (`custom:`) are checked in the same pass."""
    return profile_from_document(load_document(source), pack=pack)


def profile_from_document(document: Document, source: str | None = None, pack: Pack | None = None) -> Profile:
    """Validate parsed profile data; every problem is reported at once.

    `source` names the profile in its report (default: the document's name). With `pack`, the
    values under `custom:` are checked against the facts it declares in the same pass, so a
    problem there is not left for a second run to find.
    """
    if not isinstance(document.data, dict):
        raise InputError([document.problem(f"a profile must be a mapping of fields, got {show(document.data)}")])
    # validate asks the generated validator first; jsonschema only when it doubts (schemas.py).
    held: list[Problem] = []
    problems: list[Problem] = []
    for problem in validate(document, "profile"):
        (held if held_for_pack(problem) else problems).append(problem)
    if pack is not None:
        # The pack words every problem of `custom:` (what the schema holds back, and what it says
        # of `custom:` itself), once.
        problems = [p for p in problems if not (p.path == NAMESPACE or (p.path or "").startswith(f"{NAMESPACE}."))]
        problems += check_profile_facts(document.data, pack, document, source=source or document.name)
        held = []
    raise_if_errors(problems)
    return Profile(document.data, source or document.name, document, tuple(held))


def held_for_pack(problem: Problem, within: str = "") -> bool:
    """A problem of one value under `custom:` (not of `custom:` itself, nor of a name in it),
    for a profile at `within` (a dotted path, e.g. `cases[0].profile`) or at the top."""
    prefix = f"{within}.{NAMESPACE}." if within else f"{NAMESPACE}."
    path = problem.path or ""
    return path.startswith(prefix) and "." not in path[len(prefix):] and "[" not in path[len(prefix):]


def profile_from_dict(data: dict[str, Any], name: str = "<profile>") -> Profile:
    """Validate a profile given as Python data (library use), its texts held to a file's checks
    (no control characters: a name from a LinkedIn export reaches a terminal as it is)."""
    return profile_from_document(checked_text(Document(name, data)))
