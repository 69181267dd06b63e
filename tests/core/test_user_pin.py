"""What a user's PIN may be: the rule the central and the counter share."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from postterm.core.user_pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS, pin_problem


@given(st.text(alphabet="0123456789", min_size=MIN_PIN_DIGITS, max_size=MAX_PIN_DIGITS))
def test_six_to_twelve_ascii_digits_are_a_pin(pin: str) -> None:
    assert pin_problem(pin) is None


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=30).filter(
        lambda p: not MIN_PIN_DIGITS <= len(p) <= MAX_PIN_DIGITS
    )
)
def test_too_short_or_too_long_names_the_length(pin: str) -> None:
    problem = pin_problem(pin)
    assert problem is not None and f"got {len(pin)}" in problem


@given(
    st.text(min_size=MIN_PIN_DIGITS, max_size=MAX_PIN_DIGITS).filter(
        lambda p: not (p.isascii() and p.isdigit())
    )
)
def test_anything_but_ascii_digits_is_refused(pin: str) -> None:
    assert pin_problem(pin) == "PIN must be digits only"


def test_devanagari_digits_are_not_ascii_digits() -> None:
    assert pin_problem("१२३४५६") == "PIN must be digits only"
