"""Rounding a report's numbers to a few decimals, each value worked out once.

`round(x, 2)` goes through the value's decimal digits (some 160 ns), and a report rounds some
forty numbers: points and their sums, gains, weights, priorities. Across a batch most are the
same few values again, and a remembered one is found in a fifth of the time.
"""

from __future__ import annotations

from collections.abc import Callable

# Values remembered per number of digits at most; then they are forgotten all at once.
KEPT = 4096


def rounding(digits: int) -> Callable[[float], float]:
    """`round(value, digits)`, exactly, with the rounded values remembered."""
    known: dict[float, float] = {}

    def rounded(value: float) -> float:
        # Only floats: an int stays an int (round(0, 2) is 0, not 0.0). A zero rounds to itself,
        # -0.0 too, which as a key would be taken for 0.0; "measure it" steps all have a zero gain.
        if type(value) is not float:
            return round(value, digits)
        if not value:
            return value
        found = known.get(value)
        if found is None:
            if len(known) >= KEPT:
                known.clear()
            found = known[value] = round(value, digits)
        return found

    return rounded


# Points, gains and the differences of scores; priorities; a pillar's weight.
hundredths = rounding(2)
thousandths = rounding(3)
ten_thousandths = rounding(4)
