"""Adding up points as the user wrote them: in decimals, not in binary floating point.

Ten checks of 0.1 add up to 1 and 0.1 + 16.1 + 8.8 to 25, as a coach reading the rule file
would count; in floats they come to 0.9999999999999999 and 25.000000000000004.
"""

from __future__ import annotations

from decimal import Decimal
from collections.abc import Iterable


def points_sum(values: Iterable[float]) -> float:
    """The sum of point values, added in decimals (each value as its shortest decimal writing)."""
    return float(sum((Decimal(repr(value)) for value in values), Decimal(0)))
