"""A request the central refuses, as a status and one line the counter can show."""

from __future__ import annotations

from typing import Any


class Refused(Exception):
    """Answered as HTTP `status` with `{"detail": reason, **extra}`."""

    def __init__(self, status: int, reason: str, **extra: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra
