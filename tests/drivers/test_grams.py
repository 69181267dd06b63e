"""One rule turns every weight into integer grams: lb via 453.59237 g, fractions round up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.scale.grams import decimal_of, to_grams


@pytest.mark.parametrize(
    ("value", "unit", "grams"),
    [
        ("1.250", "kg", 1250),
        ("1.2341", "kg", 1235),  # 1234.1 g: the customer is never under-charged
        ("0.0001", "kg", 1),
        ("1", "lb", 454),  # 453.59237 g
        ("2.20", "LB", 998),  # 997.903214 g; unit names are case-blind
        ("16", "oz", 454),  # 453.59237 g
        ("250", "g", 250),
        ("0", "kg", 0),
    ],
)
def test_weights_become_grams_rounded_up(value: str, unit: str, grams: int) -> None:
    assert to_grams(Decimal(value), unit) == grams


@given(st.decimals(min_value=0, max_value=1000, places=4), st.sampled_from(["kg", "lb", "g"]))
def test_grams_never_fall_short_of_the_weight_and_never_exceed_it_by_a_gram(
    value: Decimal, unit: str
) -> None:
    exact = value * {"kg": Decimal(1000), "lb": Decimal("453.59237"), "g": Decimal(1)}[unit]
    assert exact <= to_grams(value, unit) < exact + 1


def test_only_numbers_are_numbers() -> None:
    assert decimal_of(b" 01.250") == Decimal("1.250")
    assert decimal_of(b"^^^^") is None
    assert decimal_of(b"NaN") is None
    assert decimal_of(b"\xff") is None
