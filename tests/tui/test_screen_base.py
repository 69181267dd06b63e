"""The counter's screens on their one base: the station is their one door to the counter,
and a slow look-up as the clerk types does not stop the keys."""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path

import pytest

import postterm.tui
from postterm.counter.counter import Booked
from postterm.counter.station import Station
from postterm.tui.app import CounterApp
from tests.tui.conftest import screen_name, until
from tests.tui.test_operation_screens import booked

pytestmark = pytest.mark.timeout(60)


def test_screens_go_through_the_station_and_never_into_the_counter_or_the_store() -> None:
    reaching = []
    for path in Path(postterm.tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "counter":
                reaching.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "postterm.store"
            ):
                reaching.append(f"{path.name}:{node.lineno} imports {node.module}")
    assert reaching == []


@pytest.mark.anyio
async def test_a_slow_look_up_as_the_clerk_types_runs_off_the_screen(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await booked(pilot)
        find = station.find_booking
        ui_thread = threading.get_ident()
        threads: list[int] = []

        def slow_find(text: str) -> Booked:
            threads.append(threading.get_ident())
            time.sleep(0.5)  # a busy database
            return find(text)

        station.find_booking = slow_find  # type: ignore[method-assign]
        await pilot.press("alt+v")
        await until(pilot, lambda: screen_name(pilot) == "VoidScreen")
        started = time.monotonic()
        await pilot.press(*"EE123456785IN")
        typing = time.monotonic() - started
        found = app.screen.query_one("#found")
        await until(pilot, lambda: "Meera Sharma" in str(found.content))  # type: ignore[attr-defined]
        assert len(threads) == 13 and ui_thread not in threads
        assert typing < 13 * 0.5 / 2, typing  # the keys did not wait for each look-up
