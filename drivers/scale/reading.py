"""What a scale tells us: a Reading (a weight) or a Fault (why there is no weight)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum


class FaultKind(StrEnum):
    MOTION = "motion"  # the load is still settling
    OVER = "over"  # above the scale's capacity
    UNDER = "under"  # below zero / under capacity / outside the zero-capture range
    NEGATIVE = "negative"  # a negative weight (platter lifted, tare too big)
    NO_RESPONSE = "no_response"  # the scale says nothing
    GARBAGE = "garbage"  # bytes that are no frame of the protocol
    ERROR = "error"  # the scale reports an internal error (RAM, ROM, calibration ...)
    DISCONNECTED = "disconnected"  # the link is gone (cable, power, ser2net)


@dataclass(frozen=True)
class WeightFrame:
    """A weight as the parser read it: grams (never negative), stable flag, net or gross."""

    grams: int
    stable: bool
    net: bool = False


@dataclass(frozen=True)
class FaultFrame:
    """A frame (or noise) that gives no weight, and why, in words for a clerk."""

    kind: FaultKind
    reason: str


@dataclass(frozen=True)
class QuietFrame:
    """A reply that carries neither a weight nor a fault (a Toledo `?@`): the scale is there."""


ScaleFrame = WeightFrame | FaultFrame | QuietFrame


@dataclass(frozen=True)
class Reading:
    """A weight from the scale, in integer grams, stamped when it arrived."""

    grams: int
    stable: bool
    net: bool
    at: datetime

    def is_fresh(self, stale_after_s: float, now: datetime | None = None) -> bool:
        now = now or datetime.now(UTC)
        return now - self.at <= timedelta(seconds=stale_after_s)

    def is_usable(
        self, capacity_grams: int, stale_after_s: float, now: datetime | None = None
    ) -> bool:
        """Usable for booking: stable, within capacity, not negative and fresh."""
        return (
            self.stable and 0 <= self.grams <= capacity_grams and self.is_fresh(stale_after_s, now)
        )


@dataclass(frozen=True)
class Fault:
    """Why the scale gives no usable weight, stamped when it was noticed."""

    kind: FaultKind
    reason: str
    at: datetime


def garbage(noise: bytes) -> FaultFrame:
    shown = noise[:16].decode("ascii", "backslashreplace")
    more = "..." if len(noise) > 16 else ""
    return FaultFrame(FaultKind.GARBAGE, f"unreadable bytes from the scale: {shown!r}{more}")


def negative(grams: int) -> FaultFrame:
    return FaultFrame(
        FaultKind.NEGATIVE, f"the scale reads -{grams} g: clear the platter and zero the scale"
    )
