"""Remembered rounding (engine/rounding.py) gives exactly what round() gives, every time."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from ssi_advise.engine import rounding


def _same(found: float, expected: float) -> bool:
    # The same type, the same value, the same sign of a zero; NaN for NaN.
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(found, float) and math.isnan(found)
    return type(found) is type(expected) and found == expected and math.copysign(1, found) == math.copysign(1, expected)


@given(st.lists(st.one_of(st.floats(), st.integers(-10**6, 10**6)), max_size=40), st.sampled_from([2, 3, 4]))
def test_remembered_rounding_is_round_exactly_also_the_second_time(values: list[float], digits: int) -> None:
    rounded = rounding.rounding(digits)
    for value in values + values:
        assert _same(rounded(value), round(value, digits))


def test_an_int_stays_an_int_and_minus_zero_keeps_its_sign() -> None:
    rounded = rounding.rounding(2)
    assert type(rounded(0)) is int and type(rounded(7)) is int
    rounded(0.0)
    assert math.copysign(1, rounded(-0.0)) == -1.0
    assert rounded(0.125) == round(0.125, 2) and rounded(2.675) == round(2.675, 2)


def test_what_it_remembers_stays_bounded(monkeypatch) -> None:
    monkeypatch.setattr(rounding, "KEPT", 8)
    rounded = rounding.rounding(3)
    for index in range(1, 100):
        assert rounded(index / 7) == round(index / 7, 3)
    (known,) = [cell.cell_contents for cell in rounded.__closure__ or () if isinstance(cell.cell_contents, dict)]
    assert 0 < len(known) <= 8
