"""Money as integer paise: GST, the CGST/SGST split, cash round-off, and display.

Rules (one each, used everywhere):
- Amounts are `int` paise. There are no floats anywhere money is computed.
- GST on a taxable value is `rate x value` rounded half up to the paisa (a half paisa goes
  up). A published total such as Rs 19 + 18% = Rs 22.42 is reproduced exactly.
- The GST is split so that CGST + SGST == GST: CGST takes the larger half when the GST is an
  odd number of paise (never a paisa lost or made).
- A percentage fee (insurance) is rounded UP to the paisa: the post office is never
  under-paid by rounding.
- Cash is paid in whole rupees: the amount due is the total rounded to the nearest rupee
  (50 paise rounds up) and the difference is recorded as its own round-off line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAISE_PER_RUPEE = 100
BASIS_POINTS = 10_000  # 1800 basis points = 18%

# Whole rupees: plain digits, or Indian grouping (1,000 / 1,00,000 / 10,00,000); nothing else,
# so a slip such as `10,00` or `1,0,0,0` is refused instead of read as Rs 1,000.
_AMOUNT = re.compile(
    r"^\s*(?:₹|Rs\.?\s*)?([0-9]+|[1-9][0-9]?(?:,[0-9]{2})*,[0-9]{3})(?:\.([0-9]{1,2}))?\s*$",
    re.ASCII,
)
MAX_RUPEE_DIGITS = 30  # more whole-rupee digits is no amount; limits of use are the callers'


class AmountError(ValueError):
    """A rupee amount that cannot be read; the message says what was wrong."""


def rupees(amount: int) -> int:
    """Whole rupees in paise."""
    return amount * PAISE_PER_RUPEE


def parse_rupees(text: str) -> int:
    """`"1,234.5"`, `"Rs. 12"`, `"₹0.75"`, `"1,00,000"` -> paise. Refuses negatives, sub-paisa
    digits and any comma that is not Indian digit grouping."""
    match = _AMOUNT.match(text)
    if match is None:
        shown = text.strip() or "nothing"
        hint = " (group digits as 1,000 or 1,00,000, or not at all)" if "," in text else ""
        raise AmountError(f"{shown!r} is not an amount in rupees (like 120 or 120.50){hint}")
    whole = match.group(1).replace(",", "")
    if len(whole.lstrip("0")) > MAX_RUPEE_DIGITS:
        raise AmountError(f"{text.strip()[:40]!r} is not an amount in rupees: too many digits")
    fraction = (match.group(2) or "").ljust(2, "0")
    return int(whole) * PAISE_PER_RUPEE + int(fraction or "0")


def _div_half_up(numerator: int, denominator: int) -> int:
    if numerator < 0:
        return -_div_half_up(-numerator, denominator)
    return (2 * numerator + denominator) // (2 * denominator)


def _div_up(numerator: int, denominator: int) -> int:
    return -((-numerator) // denominator)


def percent_of(paise: int, basis_points: int, *, round_up: bool = False) -> int:
    """`basis_points` / 10000 of `paise`: half up by default, or up (fees)."""
    product = paise * basis_points
    return _div_up(product, BASIS_POINTS) if round_up else _div_half_up(product, BASIS_POINTS)


@dataclass(frozen=True)
class Gst:
    """GST on one taxable value, split for an intra-state supply."""

    taxable_paise: int
    rate_bp: int
    cgst_paise: int
    sgst_paise: int

    @property
    def total_paise(self) -> int:
        return self.cgst_paise + self.sgst_paise

    @property
    def half_rate_bp(self) -> int:
        return self.rate_bp // 2


def gst_on(taxable_paise: int, rate_bp: int) -> Gst:
    """GST at `rate_bp` on `taxable_paise`, rounded half up, split CGST >= SGST."""
    if taxable_paise < 0 or rate_bp < 0:
        raise ValueError("taxable value and rate must not be negative")
    total = _div_half_up(taxable_paise * rate_bp, BASIS_POINTS)
    cgst = total - total // 2
    return Gst(taxable_paise, rate_bp, cgst, total - cgst)


@dataclass(frozen=True)
class CashDue:
    """What a cash customer pays: the total, rounded to the rupee, and the round-off line."""

    total_paise: int
    due_paise: int

    @property
    def round_off_paise(self) -> int:
        """Positive when the customer pays more than the total, negative when less."""
        return self.due_paise - self.total_paise


def cash_due(total_paise: int) -> CashDue:
    """Round `total_paise` to the nearest rupee; 50 paise rounds up."""
    if total_paise < 0:
        raise ValueError("a total to pay must not be negative")
    due = _div_half_up(total_paise, PAISE_PER_RUPEE) * PAISE_PER_RUPEE
    return CashDue(total_paise, due)


def _group_indian(whole: int) -> str:
    digits = str(whole)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


def _format(paise: int, symbol: str) -> str:
    sign = "-" if paise < 0 else ""
    whole, fraction = divmod(abs(paise), PAISE_PER_RUPEE)
    return f"{sign}{symbol}{_group_indian(whole)}.{fraction:02d}"


def format_screen(paise: int) -> str:
    """For the screen: `₹1,23,456.50` (Indian digit grouping)."""
    return _format(paise, "₹")


def format_paper(paise: int) -> str:
    """For thermal paper, where no code page holds the rupee sign: `Rs.1,23,456.50`."""
    return _format(paise, "Rs.")
