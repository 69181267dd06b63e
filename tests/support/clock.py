"""A clock a test moves by hand."""

from __future__ import annotations

from datetime import datetime

from postterm.core.business_day import INDIA


class Clock:
    """A clock the test moves; starts 10:00 IST on 15 Jan 2026."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 15, 10, 0, tzinfo=INDIA)

    def __call__(self) -> datetime:
        return self.now
