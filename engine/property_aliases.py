"""Short property names for durable-rules: what the driver sends in place of the facts' own names.

durable-rules parses the text of every fact it is sent and copies that text, whole, into
the message of every rule that fires for it; both take time in proportion to the text's
length, and reading the messages back does too. The facts' engine names
(`f_relationships__connections`) are some 25 characters long; the driver registers its
rules and sends its facts under `a`, `b`, … instead (measured on the default pack: the
engine step some 15% faster with `f_0`, `f_1`, …, and 3% more with letters). The aliases
never leave the driver: the compiler writes rules, and every message above the driver names
facts, in their own names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any


def properties_of(expression: dict[str, Any]) -> set[str]:
    """The fact properties a durable-rules expression reads."""
    found: set[str] = set()
    for key, value in expression.items():
        if key in ("$and", "$or"):
            for item in value:
                found |= properties_of(item)
        elif key.startswith("$"):
            found |= set(value)
        else:
            found.add(key)
    return found


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def short_names(reserved: frozenset[str] = frozenset()) -> Iterator[str]:
    """`a` … `Z`, then `aa`, `ab`, …: every name of letters, shortest first, none of `reserved`."""
    for length in itertools.count(1):
        for letters in itertools.product(_LETTERS, repeat=length):
            name = "".join(letters)
            if name not in reserved:
                yield name


def aliases(names: Iterable[str], reserved: frozenset[str] = frozenset()) -> dict[str, str]:
    """A short name for each of `names`, in sorted order: `a`, `b`, … (`short_names`)."""
    return dict(zip(sorted(set(names)), short_names(reserved), strict=False))  # the names never run out


def renamed(expression: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """`expression` with every property in `names` renamed; the values (literals) are left alone."""
    found: dict[str, Any] = {}
    for key, value in expression.items():
        if key in ("$and", "$or"):
            found[key] = [renamed(item, names) for item in value]
        elif key.startswith("$"):
            found[key] = {names.get(name, name): literal for name, literal in value.items()}
        else:
            found[names.get(key, key)] = value
    return found
