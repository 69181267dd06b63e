"""The booking screen at 80x24 says everything, and its keys and fields do what the help
says: a counter enrolled on disk (no central), simulated devices on real ptys, Pilot keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postterm.config import Settings
from postterm.config.model import DevicesSettings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from postterm.tui.app import CounterApp
from tests.counter.conftest import CLERK_PIN, Clock, enrol_on_disk
from tests.tui.conftest import message, screen_name, until

pytestmark = [pytest.mark.timeout(90), pytest.mark.anyio]


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    enrol_on_disk(tmp_path)
    settings = Settings(devices=DevicesSettings(simulated=True))
    devices = CounterDevices.open(settings.devices, printed_to=tmp_path / "printed.txt")
    assert devices.simulators is not None
    devices.simulators.set_weight(250)
    counter = Counter(tmp_path, settings, clock=Clock())
    yield Station(counter, devices=devices)


def screen_text(pilot: Pilot[None]) -> str:
    """The 24 lines as the terminal shows them (what a clerk reads)."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def focused(pilot: Pilot[None]) -> str:
    widget = pilot.app.focused
    return (widget.id or "") if widget is not None else ""


async def at_booking(pilot: Pilot[None]) -> None:
    await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
    await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
    await pilot.press(*"500x4", "enter")
    await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
    await until(pilot, lambda: "STABLE" in str(pilot.app.screen.query_one("#weight").content))


async def add_article(pilot: Pilot[None], article_id: str) -> None:
    pilot.app.screen.query_one("#article", Input).focus()
    for value in (article_id, "110001", "Meera Sharma", "12 Janpath"):
        await pilot.press(*value, "enter")
    await pilot.press("f2")
    await until(pilot, lambda: f"added {article_id}" in message(pilot))


# -- 3. 80x24 says everything -------------------------------------------------------------


async def test_the_status_bar_shows_paper_out_within_80_columns(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        assert station.devices is not None and station.devices.simulators is not None
        station.devices.simulators.toggle_paper()
        station.devices.check_printer()
        app.refresh_status()
        await pilot.pause(0.1)
        top = screen_text(pilot).splitlines()[0]
        assert top.lstrip().startswith("PRINTER") and "out of paper" in top, top
        assert "Asha Clerk" in top and "2026-01-15" in top, top


async def test_a_long_message_is_read_to_its_end(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        long = ("BOOKED T-TEST-1/12, change Rs 23.00 - receipt NOT printed (the printer is out "
                "of paper): F11 reprint")
        pilot.app.screen.say(long, "error")  # type: ignore[attr-defined]
        await pilot.pause(0.1)
        shown = " ".join(screen_text(pilot).split())
        assert "out of paper): F11 reprint" in shown, screen_text(pilot)
