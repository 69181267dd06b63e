"""A serial scanner's code lands in the article field, is checked at once, and the clerk is
taken on to the destination PIN."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from postterm.demo.world import DemoWorld
from tests.tui.conftest import app_for, log_in_and_open_day, message, until

pytestmark = [pytest.mark.timeout(60), pytest.mark.anyio]


async def test_a_scan_fills_the_article_and_moves_on(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        world.scan("ee123456785in")
        await until(pilot, lambda: app.screen.query_one("#article", Input).value == "EE123456785IN")
        await until(pilot, lambda: app.screen.focused is app.screen.query_one("#pin"))
        assert message(pilot) == "EE123456785IN ok"
        world.scan("EE123456789IN")  # a misread label: refused with the reason
        await until(pilot, lambda: "check digit should be 5" in message(pilot))


async def test_a_wedge_prefix_key_sends_the_typed_code_to_the_article_field(
    world: DemoWorld,
) -> None:
    from postterm.config.model import ScannerSettings

    counter = world.station.counter
    devices = counter.settings.devices.model_copy(
        update={"scanner": ScannerSettings(url="loop://", wedge_prefix_key="ctrl+b")}
    )
    counter.settings = counter.settings.model_copy(update={"devices": devices})
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        app.screen.query_one("#name", Input).focus()  # the clerk is typing a name
        await pilot.press(*"Mee")
        await pilot.press("ctrl+b", *"EE123456785IN", "enter")  # what the wedge scanner types
        await until(pilot, lambda: app.screen.focused is app.screen.query_one("#pin"))
        assert app.screen.query_one("#article", Input).value == "EE123456785IN"
        assert app.screen.query_one("#name", Input).value == "Mee"
