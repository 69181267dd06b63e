from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.dimensions import DimensionsError, parse_dims


def test_sides_round_up_to_the_whole_cm() -> None:
    assert parse_dims("30x20.5x10") == (30, 21, 10)
    assert parse_dims(" 40 × 30 * 20 ") == (40, 30, 20)
    assert parse_dims("  ") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("30x20", "L x B x H"),
        ("30xax10", "'a' is not"),
        ("0x1x1", "more than 0"),
        ("1x1x1001", "1000 cm"),
        ("nanx1x1", "more than 0"),
    ],
)
def test_bad_sizes_say_why(text: str, reason: str) -> None:
    with pytest.raises(DimensionsError, match=reason):
        parse_dims(text)


@given(st.text(max_size=30))
def test_any_text_is_a_size_nothing_or_a_reason(text: str) -> None:
    try:
        found = parse_dims(text)
    except DimensionsError as exc:
        assert str(exc)
    else:
        assert found is None or all(1 <= side <= 1000 for side in found)
