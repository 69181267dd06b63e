"""Cash counted by denomination: `"500x4,100x3,2x5"` -> {500: 4, 100: 3, 2: 5} and its total.

Indian notes and coins in circulation at a counter, in rupees. Counts are whole and not
negative; a denomination no one can hand over is refused by name.
"""

from __future__ import annotations

from collections.abc import Mapping

DENOMINATIONS = (500, 200, 100, 50, 20, 10, 5, 2, 1)


class CountError(ValueError):
    """A cash count that cannot be read; the message names the part."""


def parse_count(text: str) -> dict[int, int]:
    counted: dict[int, int] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        value, sep, number = part.lower().replace("*", "x").partition("x")
        if not sep or not value.strip().isdigit() or not number.strip().isdigit():
            raise CountError(f"{part!r}: write each as NOTExCOUNT, like 500x4")
        denomination, count = int(value), int(number)
        if denomination not in DENOMINATIONS:
            raise CountError(f"{part!r}: Rs {denomination} is not a note or coin "
                             f"({', '.join(map(str, DENOMINATIONS))})")
        if denomination in counted:
            raise CountError(f"{part!r}: Rs {denomination} is counted twice")
        counted[denomination] = count
    return counted


def count_total_paise(counted: Mapping[int, int]) -> int:
    return sum(denomination * 100 * count for denomination, count in counted.items())


def count_as_text(counted: Mapping[int, int]) -> str:
    return ",".join(f"{d}x{counted[d]}" for d in DENOMINATIONS if counted.get(d))
