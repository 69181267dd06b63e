"""The rest of the counter's screens and panels at 80x24, as the clerk sees them: void,
reprint, the supervisor's approval, the idle lock, F1 help, the F12 menu, the typed weight,
the day-begin count and the question before a basket article is removed. Fixed clock,
terminal id and simulated devices, so the pictures are stable. Update after a deliberate
change with `uv run pytest tests/tui --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from postterm.config import Settings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.tui.app import CounterApp
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.tui.conftest import message, screen_name, until
from tests.tui.test_operation_screens import booked
from tests.tui.test_snapshots import HINT, logged_in, status_drawn

pytestmark = pytest.mark.timeout(60)
Compare = Callable[..., bool]


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).content)  # type: ignore[attr-defined]


async def voiding(pilot: Pilot[None]) -> None:
    await booked(pilot)
    await pilot.press("alt+v")
    await until(pilot, lambda: screen_name(pilot) == "VoidScreen")
    await pilot.press(*"EE123456785IN")
    await until(pilot, lambda: "Meera Sharma" in text_of(pilot, "#found"))
    await pilot.press("enter", *"wrong PIN typed")
    await status_drawn(pilot)


async def reprinting(pilot: Pilot[None]) -> None:
    await booked(pilot)
    await pilot.press("alt+g")
    await until(pilot, lambda: screen_name(pilot) == "ReprintScreen")
    await until(pilot, lambda: "EE123456785IN" in text_of(pilot, "#bookings"))
    await status_drawn(pilot)


async def approving(pilot: Pilot[None]) -> None:
    await voiding(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
    await pilot.press(*"S1", "enter")
    await status_drawn(pilot)


async def locked(pilot: Pilot[None]) -> None:
    from postterm.tui.screens.lock import LockScreen

    await logged_in(pilot)
    station: Station = pilot.app.station  # type: ignore[attr-defined]
    assert station.clerk is not None
    pilot.app.push_screen(LockScreen(station, station.clerk))
    await until(pilot, lambda: screen_name(pilot) == "LockScreen")
    await status_drawn(pilot)


async def helping(pilot: Pilot[None]) -> None:
    await logged_in(pilot)
    await pilot.press("f1")
    await until(pilot, lambda: screen_name(pilot) == "HelpScreen")
    await status_drawn(pilot)


async def choosing(pilot: Pilot[None]) -> None:
    await logged_in(pilot)
    await pilot.press("f12")
    await until(pilot, lambda: screen_name(pilot) == "OperationsScreen")
    await status_drawn(pilot)


async def typing_a_weight(pilot: Pilot[None]) -> None:
    await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
    await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
    await pilot.press(*"500x4", "enter")
    await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
    await pilot.press("alt+w")
    await until(pilot, lambda: screen_name(pilot) == "TypedWeightScreen")
    await pilot.press(*"0", "enter")
    await until(pilot, lambda: "whole grams" in message(pilot))
    await status_drawn(pilot)


def test_void_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=voiding)


def test_reprint_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=reprinting)


def test_approval_panel(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=approving)


def test_lock_panel(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=locked)


def test_help_panel(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=helping)


def test_operations_menu(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=choosing)


def test_typed_weight_panel(snap_compare: Compare, tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    dead_scale = Station(Counter(tmp_path, Settings(), clock=Clock()))  # no scale at all
    assert snap_compare(CounterApp(dead_scale, hint=HINT), run_before=typing_a_weight)


async def beginning_the_day(pilot: Pilot[None]) -> None:
    from tests.tui.test_snapshots import devices_ready

    await devices_ready(pilot)
    await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
    await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
    await pilot.press(*"500x4,100x10")
    await status_drawn(pilot)


async def confirming_a_removal(pilot: Pilot[None]) -> None:
    from tests.tui.test_snapshots import article_filled

    await article_filled(pilot)
    await pilot.press("f2")
    await until(pilot, lambda: "added EE123456785IN" in message(pilot))
    await pilot.press("alt+k")
    await until(pilot, lambda: screen_name(pilot) == "ConfirmScreen")
    await status_drawn(pilot)


def test_day_begin_screen(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=beginning_the_day)


def test_confirm_panel(snap_compare: Compare, station: Station) -> None:
    assert snap_compare(CounterApp(station, hint=HINT), run_before=confirming_a_removal)
