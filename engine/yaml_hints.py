"""Plain words beside the YAML parser's own, for the syntax errors people make most.

The parser says what it expected ("did not find expected key"); a coach editing a pack
by hand needs to hear what to look at. Each hint is matched on the parser's message.
"""

from __future__ import annotations

_HINTS: tuple[tuple[str, str], ...] = (
    ("did not find expected key", "check the indentation of this line against the line above"),
    ("mapping values are not allowed here", "a value holding ': ' needs quotes, or a key is indented too far"),
    ("did not find expected '-' indicator", "every item of this list starts with '- ' at the same indentation"),
    ("found character '\\t' that cannot start any token", "indent with spaces, not tabs"),
    ("found a tab character", "indent with spaces, not tabs"),
    ("could not find expected ':'", "a key needs ': ' after it, or a long text needs quotes"),
    ("found unexpected end of stream", "a quote or bracket opened here is never closed"),
    ("did not find expected ',' or '}'", "a {...} mapping on one line needs a comma between its entries and a closing }"),
    ("did not find expected ',' or ']'", "a [...] list on one line needs a comma between its items and a closing ]"),
    ("found undefined alias", "an *alias needs an &anchor of the same name above it"),
)


def syntax_hint(message: str) -> str:
    """`; <hint>` for a parser message that has one, or an empty string."""
    for words, hint in _HINTS:
        if words in message:
            return f"; {hint}"
    return ""
