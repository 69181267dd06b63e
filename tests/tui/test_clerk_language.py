"""The log-in screen in the counter's language, switched there with one key; the clerk's own
language after log-in, kept with the user at a real central (the demo's, over HTTP), pulled
back at the next log-in, and kept at the counter when the central is offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Static

from postterm.central.db import make_engine
from postterm.central.models import CentralUser, table
from postterm.config import Settings
from postterm.config.model import UiSettings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.demo.world import DemoWorld
from postterm.i18n import catalogs
from postterm.tui.app import CounterApp
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.tui.conftest import app_for, message, screen_name, until

pytestmark = [pytest.mark.timeout(180), pytest.mark.anyio]


@pytest.fixture(autouse=True)
def counter_language_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TERM", "xterm-256color")  # a terminal that draws Devanagari
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    yield
    catalogs.set_language(None)


def central_language(world: DemoWorld, user_id: str) -> str | None:
    engine = make_engine(world.central.db_url)
    try:
        users = table(CentralUser)
        with engine.connect() as conn:
            found: str | None = conn.execute(
                select(users.c.language).where(users.c.user_id == user_id)
            ).scalar_one()
            return found
    finally:
        engine.dispose()


def title(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(".title", Static).render())


def hints(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one("KeyHints", Static).render())


async def log_in(pilot: Pilot[None], clerk: dict[str, str]) -> None:
    await pilot.press(*clerk["user_id"], "enter", *clerk["pin"], "enter")
    await until(pilot, lambda: screen_name(pilot) in ("DayBeginScreen", "BookingScreen"))


async def test_the_clerk_switches_to_hindi_at_log_in_and_the_central_keeps_it(
    world: DemoWorld,
) -> None:
    clerk = world.people()["clerk"]
    async with app_for(world).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        assert title(pilot) == "postterm - counter login"  # the counter's language: English
        assert "F2: हिन्दी" in hints(pilot)  # the key, named on the screen
        await pilot.press("f2")
        await until(pilot, lambda: title(pilot) == "postterm - काउंटर लॉग इन")
        assert "F2: English" in hints(pilot) and "अगला / लॉग इन" in hints(pilot)
        await log_in(pilot, clerk)
        if screen_name(pilot) == "DayBeginScreen":
            assert title(pilot).startswith("कारोबारी दिन शुरू करें")
        assert central_language(world, clerk["user_id"]) == "hi"

        await pilot.press("f10")  # the next clerk meets the counter's language again
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        assert title(pilot) == "postterm - counter login"
        await log_in(pilot, clerk)  # no key this time: the clerk's own language, kept
        if screen_name(pilot) == "DayBeginScreen":
            assert title(pilot).startswith("कारोबारी दिन शुरू करें")
            await pilot.press(*"500x4", "enter")
            await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        assert "F5 भुगतान" in hints(pilot)


async def test_offline_the_choice_is_kept_at_the_counter_and_said_once(world: DemoWorld) -> None:
    clerk = world.people()["clerk"]
    async with app_for(world).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        assert world.toggle_central()  # offline now
        await pilot.press("f2")
        await until(pilot, lambda: title(pilot) == "postterm - काउंटर लॉग इन")
        await log_in(pilot, clerk)  # the log-in does not fail for it
        await until(pilot, lambda: "भाषा: इस काउंटर पर रखी गई" in message(pilot))
        assert central_language(world, clerk["user_id"]) is None

        assert not world.toggle_central()  # back: the next log-in writes it through
        await pilot.press("f10")
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        await log_in(pilot, clerk)
        assert "भाषा" not in message(pilot)  # said once, not again
        assert central_language(world, clerk["user_id"]) == "hi"


async def test_a_linux_console_shows_english_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "linux")
    enrol_on_disk(tmp_path)
    settings = Settings(ui=UiSettings(language="hi"))  # the counter's language: Hindi
    station = Station(Counter(tmp_path, settings, clock=Clock()))
    async with CounterApp(station).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        await until(pilot, lambda: message(pilot) != "")
        assert message(pilot) == "This terminal cannot show Hindi: the screens are in English."
        assert title(pilot) == "postterm - counter login" and "F2: Hindi" in hints(pilot)
        await pilot.press("f2")  # asked for Hindi all the same: refused, and why
        await pilot.pause(0.2)
        assert title(pilot) == "postterm - counter login"
        await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
        assert title(pilot) == "Begin the business day: count the opening cash"
        assert message(pilot) == ""  # said once, at the start
