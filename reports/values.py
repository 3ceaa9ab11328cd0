"""How numbers and fact values are written in every format: 7.5, 7, +1.5, ✓, ✗."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

SPARKS = "▁▂▃▄▅▆▇█"
# The decimal mark of the language a document is being rendered in (7.5 in English, 7,5 in
# Dutch); the registry sets it for the length of one render. JSON never goes through here.
DECIMAL: ContextVar[str] = ContextVar("decimal", default=".")


def num(value: float) -> str:
    """Points as people write them: 7 or 7.5 (hundredths when there are any)."""
    if value == int(value):
        return f"{int(value)}"
    return f"{value:.2f}".rstrip("0").replace(".", DECIMAL.get())


def signed(value: float) -> str:
    """A change with its sign: +1.5, −2, 0."""
    if value > 0:
        return f"+{num(value)}"
    if value < 0:
        return f"−{num(-value)}"
    return "0"


def percent(value: float, decimal: str) -> str:
    """A share from 0 to 1 as a percentage, to a tenth: 35%, and 0.5% for 0.005 (not 0%)."""
    return f"{value * 100:.1f}".removesuffix(".0").replace(".", decimal) + "%"


def shown(value: Any, not_given: str, rate: bool = False, decimal: str | None = None) -> str:
    """A fact value: ✓ or ✗ for true/false, a rate as a percentage, numbers without trailing
    zeros, the rest as written. `decimal`: the decimal mark (default: the render's)."""
    if value is None:
        return not_given
    if value is True:
        return "✓"
    if value is False:
        return "✗"
    mark = decimal or DECIMAL.get()
    if rate and isinstance(value, (int, float)):
        return percent(value, mark)
    if isinstance(value, float):
        return f"{value:g}".replace(".", mark)
    return str(value)


def sparkline(values: list[float], top: float) -> str:
    """One block per value on the scale 0..top, so a full pillar always looks full."""
    steps = len(SPARKS) - 1
    return "".join(SPARKS[round(min(max(v, 0.0), top) / top * steps)] for v in values)
