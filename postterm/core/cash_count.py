"""Cash counted by denomination: `"500x4,100x3,2x5"` -> {500: 4, 100: 3, 2: 5} and its total.

Indian notes and coins in circulation at a counter, in rupees. Counts are whole, not
negative and at most `MAX_COUNT` of a denomination (no till holds more); a denomination no
one can hand over is refused by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

DENOMINATIONS = (500, 200, 100, 50, 20, 10, 5, 2, 1)
MAX_COUNT = 100_000  # of one note or coin: more than any till holds
MAX_COUNT_PAISE = MAX_COUNT * sum(DENOMINATIONS) * 100  # the most any count can total
_DIGITS = re.compile(r"^[0-9]+$", re.ASCII)
_EMPTY_TILL = "count the cash by note, like 500x4,100x10 (500x0 for an empty till)"


class CountError(ValueError):
    """A cash count that cannot be read; the message names the part."""


def check_count(counted: Mapping[int, int]) -> None:
    """CountError unless every denomination is a real one counted 0 to MAX_COUNT times."""
    for denomination, count in counted.items():
        if denomination not in DENOMINATIONS:
            raise CountError(
                f"Rs {denomination} is not a note or coin ({', '.join(map(str, DENOMINATIONS))})"
            )
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise CountError(f"{denomination}x{count}: a count is a whole number, 0 or more")
        if count > MAX_COUNT:
            raise CountError(f"{denomination}x{count}: at most 1,00,000 of a note or coin")


def parse_count(text: str, *, required: bool = False) -> dict[int, int]:
    """The count written in `text`; with `required`, a blank text is refused (a count of an
    empty till is written `500x0`)."""
    counted: dict[int, int] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        shown = part if len(part) <= 24 else part[:24] + "..."
        value, sep, number = part.lower().replace("*", "x").partition("x")
        value, number = value.strip(), number.strip()
        if not sep or not _DIGITS.match(value) or not _DIGITS.match(number):
            raise CountError(f"{shown!r}: write each as NOTExCOUNT, like 500x4")
        # lengths first: int() of thousands of digits is refused (or slow)
        if len(value.lstrip("0")) > 3 or int(value) not in DENOMINATIONS:
            raise CountError(
                f"{shown!r}: Rs {value[:12]} is not a note or coin "
                f"({', '.join(map(str, DENOMINATIONS))})"
            )
        if len(number.lstrip("0")) > 6 or int(number) > MAX_COUNT:
            raise CountError(f"{shown!r}: at most 1,00,000 of a note or coin")
        denomination, count = int(value), int(number)
        if denomination in counted:
            raise CountError(f"{shown!r}: Rs {denomination} is counted twice")
        counted[denomination] = count
    if required and not counted:
        raise CountError(f"nothing counted: {_EMPTY_TILL}")
    return counted


def count_total_paise(counted: Mapping[int, int]) -> int:
    return sum(denomination * 100 * count for denomination, count in counted.items())


def count_as_text(counted: Mapping[int, int]) -> str:
    return ",".join(f"{d}x{counted[d]}" for d in DENOMINATIONS if counted.get(d))
