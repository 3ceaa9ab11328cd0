"""Guessing what a mistyped name was meant to be: the one place that says "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option most like `word`, or None when none is close enough. Of dotted names the last
    parts must be alike too: `custom.other` is not `custom.has_site` for sharing `custom.`."""
    leaf = word.rsplit(".", 1)[-1]
    for found in difflib.get_close_matches(word, list(options), n=3, cutoff=cutoff):
        if "." not in word or difflib.SequenceMatcher(None, leaf, found.rsplit(".", 1)[-1]).ratio() >= 0.5:
            return found
    return None


def did_you_mean(word: str, options: Iterable[str], cutoff: float = 0.6) -> str:
    """` (did you mean 'x'?)` for the closest option, or an empty string."""
    match = closest(word, options, cutoff)
    return f" (did you mean '{match}'?)" if match else ""
