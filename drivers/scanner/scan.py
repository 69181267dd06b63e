"""A code read by a scanner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Scan:
    """One code, as the scanner sent it (prefix and suffix removed), stamped on arrival."""

    code: str
    at: datetime
