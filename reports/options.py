"""What a renderer is asked for: the language, how many actions, colour, width, the date shown."""

from __future__ import annotations

from dataclasses import dataclass


# The text report shows this many actions unless asked otherwise (JSON shows them all).
DEFAULT_TOP = 10


@dataclass(frozen=True)
class RenderOptions:
    """How to render one document."""

    language: str = "en"
    top: int | None = None  # the first N actions; None or 0 for all
    color: bool = False
    width: int = 80
    date: str | None = None  # the day the document was made (ISO), shown by HTML, Markdown and PDF
