"""What a user's PIN may be: the one rule the central (which stores its hash) and the counter
(which asks a clerk for a new one) both apply."""

from __future__ import annotations

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be a PIN, or None."""
    if not (pin.isascii() and pin.isdigit()):
        return "PIN must be digits only"
    if not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        return f"PIN must be {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits, got {len(pin)}"
    return None
