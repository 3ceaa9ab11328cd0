"""Which texts a file may hold: no control characters, no lone surrogates, line breaks only
in a pack's long texts. A report or a message shows every text as it is, so these are refused
when a file is read."""

from __future__ import annotations

import re

from .document import JsonPath

# Texts of a pack that may run over several lines; everywhere else a line break is refused,
# as it would print fake lines in a report or a message.
MULTILINE_FIELDS = frozenset({"title", "text", "how_to_measure", "why", "description"})
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(text: str, path: JsonPath) -> str | None:
    """Why `text` (a key or value at `path`) cannot be shown as it is, or None when it can."""
    found = _CONTROL.search(text)
    while found is not None:
        char = found.group()
        if "\ud800" <= char <= "\udfff":
            return f"holds a lone surrogate (U+{ord(char):04X}), which is not valid Unicode text"
        if char != "\n" or not any(part in MULTILINE_FIELDS for part in path if isinstance(part, str)):
            if char == "\n":
                return "holds a line break, which is not allowed in this field"
            return f"holds the control character U+{ord(char):04X}, which is not allowed in text"
        found = _CONTROL.search(text, found.end())
    return None
