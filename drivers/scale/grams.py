"""Weights become integer grams by one rule: lb via 453.59237 g, a fraction of a gram rounds up.

Rounding up because the customer pays by weight slab: rounding must never under-charge.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Literal

Unit = Literal["g", "kg", "lb", "oz"]

GRAMS_PER: dict[str, Decimal] = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),  # 1/16 lb
}


def to_grams(value: Decimal, unit: str) -> int:
    """Grams in `value` `unit`s, rounded up (towards +infinity); unit names are case-blind."""
    factor = GRAMS_PER[unit.lower()]
    return math.ceil(value * factor)


def decimal_of(text: bytes) -> Decimal | None:
    """The number in ASCII `text` (`" 01.250"`, `"-0.5"`), or None if it is not one."""
    try:
        value = Decimal(text.decode("ascii").strip())
    except (InvalidOperation, UnicodeDecodeError):
        return None
    return value if value.is_finite() else None


def known_unit(unit: bytes | str) -> str | None:
    """The unit name if we can convert it, else None."""
    name = unit.decode("ascii", "replace") if isinstance(unit, bytes) else unit
    name = name.strip().lower()
    return name if name in GRAMS_PER else None
