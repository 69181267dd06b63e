"""A counter position as the screen uses it: the counter, its devices, its link to the
central, and who is logged in. Every rule stays in `Counter`; this only joins the parts
and answers "what is the state now" for the status bar.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from postterm.core.booking import Basket, BookingRefused
from postterm.core.upi import make_reference, payment_link
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked, Counter
from postterm.sync.client import CentralClient, CentralError
from postterm.sync.replicator import Replicator, SyncStatus


@dataclass(frozen=True)
class WeightView:
    """The scale as a clerk sees it: grams, whether stable, and whether a booking may use it."""

    grams: int | None
    stable: bool
    usable: bool
    note: str  # "stable", "in motion", "over capacity", "no scale", ...


@dataclass(frozen=True)
class DeviceLine:
    name: str
    state: str
    ok: bool


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    reason: str = ""


class DeviceBoard(Protocol):
    """What the station needs from the counter's devices (see postterm.devices)."""

    def weight(self) -> WeightView: ...

    def device_lines(self) -> list[DeviceLine]: ...

    def print_booking(self, booked: Booked, *, duplicate: bool = False) -> PrintOutcome: ...

    def wait_scan(self, timeout_s: float) -> str | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class StationStatus:
    clerk: str
    terminal: str
    business_date: date
    day_open: bool
    devices: tuple[DeviceLine, ...]
    sync: SyncStatus | None


@dataclass(frozen=True)
class UpiRequest:
    reference: str
    amount_paise: int
    link: str


class Station:
    def __init__(self, counter: Counter, *, devices: DeviceBoard | None = None,
                 client: CentralClient | None = None, replicate: bool = True) -> None:
        self.counter = counter
        self.devices = devices
        self.client = client
        self.replicator = Replicator(counter.journal, client) if client is not None else None
        self.clerk: Clerk | None = None
        self._replicate = replicate
        self._upi_lock = threading.Lock()

    def start(self, on_sync_change: Callable[[SyncStatus], None] | None = None) -> None:
        if self.replicator is not None and self._replicate:
            self.replicator.on_change = on_sync_change
            self.replicator.start()

    def close(self) -> None:
        if self.replicator is not None:
            self.replicator.stop()
        if self.client is not None:
            self.client.close()
        if self.devices is not None:
            self.devices.close()
        self.counter.close()

    # -- people and the day ---------------------------------------------------------------

    def login(self, clerk_id: str, pin: str) -> Clerk:
        self.clerk = self.counter.login(clerk_id, pin)
        return self.clerk

    def logout(self) -> None:
        self.clerk = None

    def require_clerk(self) -> Clerk:
        if self.clerk is None:
            raise BookingRefused("clerk", "nobody is logged in")
        return self.clerk

    def day_begin(self, opening_cash_paise: int) -> None:
        self.counter.day_begin(self.require_clerk(), opening_cash_paise)
        self._nudge()

    # -- devices --------------------------------------------------------------------------

    def weight(self) -> WeightView:
        if self.devices is None:
            return WeightView(None, False, False, "no scale")
        return self.devices.weight()

    def stable_weight(self) -> int:
        """The scale's usable weight in grams, or BookingRefused saying why there is none."""
        view = self.weight()
        if not view.usable or view.grams is None:
            raise BookingRefused("weight", f"no stable weight from the scale ({view.note})")
        if view.grams < 1:
            raise BookingRefused("weight", "the scale reads 0 g: put the article on the scale")
        return view.grams

    def print_booking(self, booked: Booked, *, duplicate: bool = False) -> PrintOutcome:
        if self.devices is None:
            return PrintOutcome(False, "no printer configured")
        try:
            return self.devices.print_booking(booked, duplicate=duplicate)
        except Exception as exc:  # a printer fault never undoes a booking
            return PrintOutcome(False, f"{type(exc).__name__}: {exc}")

    # -- settling -------------------------------------------------------------------------

    def settle(self, basket: Basket) -> Booked:
        booked = self.counter.book(self.require_clerk(), basket)
        self._nudge()
        return booked

    def _nudge(self) -> None:
        if self.replicator is not None:
            self.replicator.nudge()

    # -- UPI ------------------------------------------------------------------------------

    def upi_request(self, amount_paise: int) -> UpiRequest:
        settings = self.counter.settings.payments
        reference = make_reference(self.counter.terminal)
        link = payment_link(settings.vpa, settings.payee, amount_paise, reference)
        return UpiRequest(reference, amount_paise, link)

    def upi_status(self, request: UpiRequest) -> tuple[str, str]:
        """("paid", utr) / ("pending", "") / ("offline", reason): registers on first ask."""
        if self.client is None:
            return "offline", "no central configured: enter the UTR"
        with self._upi_lock:
            try:
                self.client.post("/v1/payments", {"upi_ref": request.reference,
                                                  "amount_paise": request.amount_paise})
                answer: dict[str, Any] = self.client.get(f"/v1/payments/{request.reference}")
            except CentralError as exc:
                return "offline", exc.reason
        if answer.get("status") == "paid":
            return "paid", str(answer.get("utr") or "")
        return str(answer.get("status", "pending")), ""

    # -- the status bar -------------------------------------------------------------------

    def status(self) -> StationStatus:
        return StationStatus(
            clerk=self.clerk.name if self.clerk else "",
            terminal=self.counter.terminal,
            business_date=self.counter.today(),
            day_open=self.counter.day_is_open(),
            devices=tuple(self.devices.device_lines()) if self.devices else (),
            sync=self.replicator.status() if self.replicator else None,
        )
