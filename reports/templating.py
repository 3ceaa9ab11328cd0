"""The Jinja2 environments for HTML and Markdown, and the filters both share.

HTML is autoescaped by Jinja2 itself. Markdown has no autoescape of its own, so every value
a Markdown template prints passes through `finalize`, which backslash-escapes the
characters Markdown (and the HTML it may become) would act on: a name holding `<script>`,
`*` or `|` is shown as written, never as markup or a broken table. Only what the filters
below mark as `Raw` (numbers and fact names in code spans) is printed as it is.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ssi_advise.engine import __version__

from .phrases import phrase, points_unit
from .values import num, shown, signed, sparkline

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Backslash escapes work for every ASCII punctuation character in CommonMark; these are the
# ones that can start or end markup (emphasis, links, HTML, tables, code, headings, entities).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#|~!&])")


class Raw(str):
    """Markdown that a template prints as it is."""


def markdown_escape(value: Any) -> str:
    """Any value as Markdown text that shows literally, on one line."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return value
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(value: str) -> Raw:
    """A fact name or id as a code span (they never hold a backtick; anything else is escaped)."""
    text = str(value)
    return Raw(f"`{text}`") if "`" not in text and "\n" not in text else Raw(markdown_escape(text))


def _filters(env: Environment, raw: type[str]) -> None:
    env.filters.update(
        num=lambda value: raw(num(value)),
        signed=lambda value: raw(signed(value)),
        shown=lambda value, not_given, rate=False: shown(value, not_given, rate),
        spark=lambda values, top: sparkline(values, top),
    )


@cache
def environment(kind: str) -> Environment:
    """The Jinja2 environment for `html` or `markdown` templates."""
    if kind == "html":
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"], default=True),
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        _filters(env, str)
    else:
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=markdown_escape)
        _filters(env, Raw)
        env.filters["code"] = code
    env.globals["version"] = __version__
    return env


def render_template(kind: str, name: str, language: str, **context: Any) -> str:
    """A template filled in, with `say(key, ...)` for the report's fixed phrases in `language`."""

    def say(key: str, **values: object) -> str:
        return phrase(language, key, **values)

    def gain(action: dict[str, Any]) -> str:
        """`≈+1 pt`, `≈+2.5 pts`: an expected gain, marked as the estimate it is."""
        value = action["expected_gain"]
        unit = points_unit(language, value)
        return say("gain_estimate", gain=num(value), unit=unit)

    def effort(action: dict[str, Any]) -> str:
        """`15 min, once` for a one-off job (looking a number up is one), `10 min/week` for a habit."""
        if action.get("effort_minutes_once") is not None:
            return f"{num(action['effort_minutes_once'])} {say('once')}"
        if action.get("kind") == "measure":
            return f"{num(action['effort_minutes_per_week'])} {say('once')}"
        return f"{num(action['effort_minutes_per_week'])} {say('effort')}"

    return environment(kind).get_template(name).render(say=say, gain=gain, effort=effort, language=language, **context)

