"""Day-end and tracking as the clerk sees them at 80x24 (fixed clock, fixed terminal id,
simulated devices), and a typed weight on a counter whose scale is dead. Update the
pictures after a deliberate change with `uv run pytest tests/tui --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postterm.config import Settings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.tui.app import CounterApp
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk
from tests.tui.conftest import (
    message,
    open_payment,
    pay_cash,
    screen_name,
    until,
)
from tests.tui.test_snapshots import HINT, logged_in, status_drawn

pytestmark = [pytest.mark.timeout(60), pytest.mark.anyio]
Compare = Callable[..., bool]


async def booked(pilot: Pilot[None]) -> None:
    await logged_in(pilot)
    for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath, New Delhi"):
        await pilot.press(*value, "enter")
    await open_payment(pilot)
    await pay_cash(pilot, "100")


async def counting_cash(pilot: Pilot[None]) -> None:
    await booked(pilot)
    await pilot.press("alt+z")
    await until(pilot, lambda: screen_name(pilot) == "DayEndScreen")
    await pilot.press(*"500x4,50x1,20x1,1x2")
    await status_drawn(pilot)


async def tracking(pilot: Pilot[None]) -> None:
    await booked(pilot)
    await pilot.press("alt+t")
    await until(pilot, lambda: screen_name(pilot) == "TrackScreen")
    await pilot.press(*"EE123456785IN", "enter")
    await until(pilot, lambda: "local only" in message(pilot))
    await status_drawn(pilot)


def test_day_end_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=counting_cash)


def test_tracking_screen_local_only(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=tracking)


async def test_a_typed_weight_needs_a_supervisor_and_is_recorded(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    counter = Counter(tmp_path, Settings(), clock=Clock())
    app = CounterApp(Station(counter))  # no scale at all: the scale is dead
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
        await pilot.press(*"500x4", "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath"):
            await pilot.press(*value, "enter")
        await pilot.press("f2")
        assert message(pilot).startswith("weight: no stable weight")
        await pilot.press("alt+w")
        await until(pilot, lambda: screen_name(pilot) == "TypedWeightScreen")
        await pilot.press(*"400", "enter")
        await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
        await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")  # a clerk cannot approve
        await until(
            pilot,
            lambda: (
                "not a supervisor" in str(pilot.app.screen.query_one("#approval-message").content)
            ),
        )
        pilot.app.screen.query_one("#supervisor", Input).value = "S1"
        await pilot.press(*SUPERVISOR_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        assert "400 g  TYPED, approved S1" in str(pilot.app.screen.query_one("#weight").content)
        await pilot.press("f2")
        assert message(pilot).startswith("added EE123456785IN")
        # the typed weight served that article only
        assert "TYPED" not in str(pilot.app.screen.query_one("#weight").content)
        await open_payment(pilot)
        await pay_cash(pilot, "500")
    [booking] = counter.todays_bookings()
    [article] = booking.booking.articles
    assert (article.weight_grams, article.weight_source, article.approved_by) == (
        400,
        "supervisor",
        "S1",
    )


async def test_an_office_without_a_upi_payee_takes_cash_and_says_what_to_set(
    tmp_path: Path, station: Station
) -> None:
    from postterm.store.local_state import save_master
    from tests.support.enrolled import SHEOPUR

    no_upi = SHEOPUR | {"upi_vpa": None, "upi_payee": None}
    save_master(station.counter.journal.engine, "office", "v2", {"office": no_upi})
    app = CounterApp(station, hint=HINT)
    async with app.run_test(size=(80, 24)) as pilot:
        await logged_in(pilot)
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath, New Delhi"):
            await pilot.press(*value, "enter")
        await open_payment(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: "update-office" in message(pilot))
        assert "--upi-vpa" in message(pilot) and station.pending_upi is None
        assert "CASH DUE" in str(pilot.app.screen.query_one("#amounts").content)
        await pay_cash(pilot, "100")
