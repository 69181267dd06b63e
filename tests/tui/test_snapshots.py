"""What the clerk sees at 80x24: login, booking with a live quote, payment. Fixed clock,
fixed terminal id and simulated devices with a known weight, so the pictures are stable.
Update after a deliberate change with `uv run pytest tests/tui --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from postterm.counter.station import Station
from postterm.tui.app import CounterApp
from tests.support.enrolled import CLERK_PIN
from tests.tui.conftest import until

pytestmark = pytest.mark.timeout(60)
HINT = "Demo: clerk C1 PIN 246810; supervisor S1 PIN 135790. F9: simulators."


async def devices_ready(pilot: Pilot[None]) -> None:
    station = pilot.app.station  # type: ignore[attr-defined]
    await until(
        pilot,
        lambda: (
            station.weight().usable
            and [d.name for d in station.devices.device_lines() if d.ok]
            == ["scale", "scanner", "printer"]
        ),
    )
    await status_drawn(pilot)


async def status_drawn(pilot: Pilot[None]) -> None:
    pilot.app.refresh_status()  # type: ignore[attr-defined]
    await pilot.pause(0.1)


async def logged_in(pilot: Pilot[None]) -> None:
    await devices_ready(pilot)
    await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "DayBeginScreen")
    await pilot.press(*"500x4", "enter")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "BookingScreen")
    await until(pilot, lambda: "STABLE" in str(pilot.app.screen.query_one("#weight").content))


async def article_filled(pilot: Pilot[None]) -> None:
    await logged_in(pilot)
    for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath, New Delhi", "9876543210"):
        await pilot.press(*value, "enter")
    await status_drawn(pilot)


async def paying(pilot: Pilot[None]) -> None:
    await article_filled(pilot)
    await pilot.press("f2", "f5")
    await until(pilot, lambda: type(pilot.app.screen).__name__ == "PaymentScreen")
    await pilot.press(*"100")
    await status_drawn(pilot)


Compare = Callable[..., bool]


def test_login_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=devices_ready)


def test_booking_screen_with_a_live_quote(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=article_filled)


def test_cash_payment_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=paying)
