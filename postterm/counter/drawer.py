"""When the cash drawer opens: with the first receipt of a booking paid in cash, never with
a DUPLICATE or a booking paid by UPI."""

from __future__ import annotations

from postterm.counter.counter import Booked


def opens_drawer(booked: Booked, *, copy: int) -> bool:
    return booked.payload.get("payment", {}).get("mode") == "cash" and not copy
