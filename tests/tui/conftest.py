"""The counter screen on the real stack: the demo world (central in-process, simulated
scale, scanner and printer on ptys) driven by Textual's Pilot at 80x24."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postterm.demo.world import DemoWorld
from postterm.tui.app import CounterApp
from postterm.tui.widgets.message_line import MessageLine
from tests.support.slow import slow


@pytest.fixture(autouse=True)
def utf8_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screens as a UTF-8 xterm shows them, whatever terminal runs the tests: whether
    Devanagari can be drawn (the log-in key's name, the fallback to English) depends on it."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)


@pytest.fixture
@slow
def world(tmp_path: Path) -> Iterator[DemoWorld]:
    started = DemoWorld.start(tmp_path / "demo")
    yield started
    started.close()


def app_for(world: DemoWorld) -> CounterApp:
    return CounterApp(world.station, hint=world.hint(), simulators=world)


async def settle(pilot: Pilot[None], seconds: float = 0.2) -> None:
    await pilot.pause(seconds)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def until(pilot: Pilot[None], check: object, timeout: float = 10.0) -> None:
    """Wait (letting the app run) until `check()` is true."""
    assert callable(check)
    waited = 0.0
    while not check():
        if waited > timeout:
            raise AssertionError("timed out waiting for the screen")
        await pilot.pause(0.1)
        waited += 0.1


async def log_in_and_open_day(pilot: Pilot[None], world: DemoWorld) -> None:
    clerk = world.people()["clerk"]
    await type_text(pilot, clerk["user_id"])
    await pilot.press("enter")
    await type_text(pilot, clerk["pin"])
    await pilot.press("enter")
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ in ("DayBeginScreen", "BookingScreen"))
    if type(app.screen).__name__ == "DayBeginScreen":
        await type_text(pilot, "500x4")
        await pilot.press("enter")
    await until(pilot, lambda: type(app.screen).__name__ == "BookingScreen")
    await until(pilot, lambda: "STABLE" in str(app.screen.query_one("#weight").content))


async def fill_article(
    pilot: Pilot[None],
    article_id: str,
    pin: str = "110001",
    name: str = "Meera Sharma",
    address: str = "12 Janpath",
) -> None:
    screen = pilot.app.screen
    screen.query_one("#article", Input).focus()
    for value in (article_id, pin, name, address):
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot, 0.1)


def screen_name(pilot: Pilot[None]) -> str:
    return type(pilot.app.screen).__name__


async def open_payment(pilot: Pilot[None]) -> None:
    """F5: the filled article goes into the basket and the payment screen opens."""
    await pilot.press("f5")
    await until(pilot, lambda: screen_name(pilot) == "PaymentScreen")


async def pay_cash(pilot: Pilot[None], tendered: str) -> None:
    """On the payment screen: hand over `tendered` rupees and settle; wait for BOOKED."""
    await type_text(pilot, tendered)
    await pilot.press("enter")
    await until(pilot, lambda: "BOOKED" in message(pilot))


def message(pilot: Pilot[None]) -> str:
    return str(pilot.app.screen.query_one(MessageLine).content)


def run(coro: object) -> None:
    asyncio.run(coro)  # type: ignore[arg-type]


KEY_NAMES = {
    "enter",
    "tab",
    "escape",
    "delete",
    "backspace",
    "up",
    "down",
    *(f"f{n}" for n in range(1, 13)),
}


def burst(app: CounterApp, *parts: str) -> None:
    """Post every key of `parts` to the app before it handles any, as keys arriving
    together do (an SSH link, a wedge scanner). A part is a key name ("enter", "f5",
    "ctrl+b", "alt+x") or text typed character by character. Not pilot.press, which waits
    for the app to go idle after each key."""
    from textual import events
    from textual.keys import _character_to_key

    for part in parts:
        if part in KEY_NAMES or part.startswith(("ctrl+", "alt+")):
            app.post_message(events.Key(part, None))
            continue
        for char in part:
            key = char if char.isalnum() else _character_to_key(char)
            app.post_message(events.Key(key, char))
