"""One field of an export read as a value, or a ValueError saying what is wrong with it.

Dates are ISO 8601 (`2025-07-21`, `2025-07-21T10:15:00+05:30`); a time without an offset is
IST. Another format only through the map's strptime format."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from postterm.core import s10
from postterm.core.money import AmountError, parse_rupees

IST = timezone(timedelta(hours=5, minutes=30), "IST")
_PIN = re.compile(r"^[1-9][0-9]{5}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_USER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,47}$")
_GSTIN = re.compile(r"^[0-9]{2}[A-Z0-9]{10}[0-9A-Z]Z[0-9A-Z]$")
_VPA = re.compile(r"^[A-Za-z0-9._-]{2,200}@[A-Za-z0-9]{2,50}$")
_MOBILE = re.compile(r"^(?:\+?91|0)?([6-9][0-9]{9})$")


def required(text: str) -> str:
    if not text.strip():
        raise ValueError("empty")
    return text


def optional(text: str) -> str | None:
    return text.strip() or None


def office_id(text: str) -> str:
    value = required(text).strip()
    if not _ID.match(value):
        raise ValueError(f"{value!r} is not an office id (letters, digits and dashes, up to 40)")
    return value


def user_id(text: str) -> str:
    value = required(text).strip()
    if not _USER_ID.match(value):
        raise ValueError(f"{value!r} is not a user id (letters, digits and dashes, up to 48)")
    return value


def pin(text: str) -> str:
    value = required(text).strip()
    if not _PIN.match(value):
        raise ValueError(f"{value!r} is not a PIN code (6 digits, not starting with 0)")
    return value


def name(text: str, what: str = "name") -> str:
    """Kept exactly as written (Devanagari byte for byte); 1 to 120 characters."""
    value = required(text)
    if len(value) > 120 or "\x00" in value:
        raise ValueError(f"{what} must be 1 to 120 characters")
    return value


def gstin(text: str) -> str | None:
    value = optional(text)
    if value is not None and not _GSTIN.match(value.upper()):
        raise ValueError(f"{value!r} is not a GSTIN (15 characters like 23AAAGI0123A1Z5)")
    return value.upper() if value else None


def upi_vpa(text: str) -> str | None:
    value = optional(text)
    if value is not None and not _VPA.match(value):
        raise ValueError(f"{value!r} is not a UPI address like sheopur.so@sbi")
    return value


def mobile(text: str) -> str | None:
    value = optional(text)
    if value is None:
        return None
    match = _MOBILE.match(value.replace(" ", "").replace("-", ""))
    if match is None:
        raise ValueError(f"{value!r} is not a 10-digit Indian mobile number")
    return match.group(1)


def article_id(text: str) -> str:
    value = required(text).strip()
    try:
        return str(s10.parse(value))
    except s10.S10Error as exc:
        raise ValueError(f"{value}: {exc}") from None


def count(text: str, *, high: int = 10**9) -> int:
    value = required(text).strip()
    if not (value.isascii() and value.isdigit()) or int(value) > high:
        raise ValueError(f"{value!r} is not a whole number from 0 to {high:,}")
    return int(value)


def paise(text: str) -> int:
    value = required(text).strip()
    try:
        return parse_rupees(value)
    except AmountError as exc:
        raise ValueError(str(exc)) from None


def moment(text: str, fmt: str | None) -> datetime:
    """A timezone-aware time (a date alone is its midnight in IST)."""
    value = required(text).strip()
    try:
        if fmt:
            parsed = datetime.strptime(value, fmt)
        elif len(value) == 10:
            parsed = datetime.combine(date.fromisoformat(value), time())
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        wanted = fmt or "ISO 8601 like 2025-07-21T10:15:00+05:30 (or a --map date format)"
        raise ValueError(f"{value!r} is not a date and time as {wanted}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=IST)
    if not 1990 <= parsed.year <= 2999:
        raise ValueError(f"{value!r} is not a plausible date")
    return parsed.astimezone(UTC)


def day(text: str, fmt: str | None) -> date:
    value = required(text).strip()
    try:
        parsed = datetime.strptime(value, fmt).date() if fmt else date.fromisoformat(value)
    except ValueError:
        wanted = fmt or "ISO 8601 like 2025-07-21 (or a --map date format)"
        raise ValueError(f"{value!r} is not a date as {wanted}") from None
    if not 1990 <= parsed.year <= 2999:
        raise ValueError(f"{value!r} is not a plausible date")
    return parsed
