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
