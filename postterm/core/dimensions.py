"""A parcel's size as typed at the counter: `30x20.5x10` in cm, each side rounded up to the
whole cm (as the volumetric rule measures), each side more than 0 and at most 1000 cm."""

from __future__ import annotations

import math

MAX_SIDE_CM = 1000


class DimensionsError(ValueError):
    """A size that cannot be read; the message says what was wrong."""


def parse_dims(text: str) -> tuple[int, int, int] | None:
    """L x B x H in whole cm, or None for an empty text."""
    cleaned = text.strip().lower().replace("×", "x").replace("*", "x")
    if not cleaned:
        return None
    parts = cleaned.split("x")
    if len(parts) != 3:
        raise DimensionsError(f"give L x B x H in cm, like 30x20x10, not {text.strip()!r}")
    sides = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise DimensionsError(f"{part.strip()!r} is not a length in cm") from None
        if not math.isfinite(value) or not 0 < value <= MAX_SIDE_CM:
            raise DimensionsError(
                f"each side must be more than 0 and at most {MAX_SIDE_CM} cm, got {part.strip()}"
            )
        sides.append(math.ceil(value))
    return sides[0], sides[1], sides[2]
