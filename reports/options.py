"""What a renderer is asked for: the language, how many actions, colour, width."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """How to render one report."""

    language: str = "en"
    top: int | None = None  # the first N actions; None or 0 for all
    color: bool = False
    width: int = 80
