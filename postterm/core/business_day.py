"""Business dates are Indian: the day a booking belongs to is its date in Asia/Kolkata."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

INDIA = ZoneInfo("Asia/Kolkata")


def now_in_india() -> datetime:
    return datetime.now(INDIA)


def business_date_of(moment: datetime) -> date:
    if moment.tzinfo is None:
        raise ValueError("a business date needs a timezone-aware time")
    return moment.astimezone(INDIA).date()


def india_time_text(moment: str | datetime) -> str:
    """A time as a clerk reads it, in India whatever zone it came in: `2026-01-15 10:00 IST`
    (an ISO 8601 text without an offset is taken as UTC, as the central writes it)."""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo("UTC"))
    return when.astimezone(INDIA).strftime("%Y-%m-%d %H:%M IST")
