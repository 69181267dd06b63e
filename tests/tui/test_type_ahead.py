"""Type-ahead: keys that arrive together are handled in order, each against the screen and
field the keys before it produced, exactly as if they had been typed slowly. Every key of a
booking is posted before the app handles the first (not pilot.press, which waits after
each key and so passes with keys landing in the wrong field)."""

from __future__ import annotations

import pytest
from textual.css.query import NoMatches
from textual.widgets import Input

from postterm.core.s10 import make
from postterm.demo.world import DemoWorld
from postterm.tui.app import CounterApp
from tests.tui.conftest import (
    app_for,
    burst,
    log_in_and_open_day,
    message,
    screen_name,
    until,
)

pytestmark = [pytest.mark.timeout(120), pytest.mark.anyio]


def value_of(app: CounterApp, field: str) -> str | None:
    """The field's text on the screen in front (None while that screen is still drawing)."""
    try:
        return app.screen.query_one(field, Input).value
    except NoMatches:
        return None


def booked_payloads(world: DemoWorld) -> list[dict[str, object]]:
    return [b.booking.to_payload() for b in world.station.counter.todays_bookings()]


async def test_a_whole_booking_sent_as_one_burst_books_as_typed(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        burst(
            app,
            "EE123456785IN",
            "enter",
            "110001",
            "enter",
            "Burst Name",
            "enter",
            "Burst Addr",
            "enter",
            "9876543210",
            "f5",
            "100",
            "enter",
        )
        await until(pilot, lambda: "BOOKED receipt" in message(pilot), timeout=30)
        [payload] = booked_payloads(world)
        [article] = payload["articles"]  # type: ignore[misc]
        assert article["article_id"] == "EE123456785IN"
        assert article["to_pin"] == "110001"
        assert article["addressee"] == {
            "name": "Burst Name",
            "address": "Burst Addr",
            "mobile": "9876543210",
        }
        assert payload["payment"]["tendered_paise"] == 10000  # type: ignore[index]


async def test_five_bookings_as_bursts_book_five(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        ids = [make("EE", f"{20000000 + n}") for n in range(5)]
        for n, article_id in enumerate(ids):
            burst(
                app,
                article_id,
                "enter",
                "110001",
                "enter",
                f"Name {n}",
                "enter",
                "Addr",
                "enter",
                "f5",
                "200",
                "enter",
            )
            await until(
                pilot,
                lambda count=n + 1: (
                    len(booked_payloads(world)) == count and screen_name(pilot) == "BookingScreen"
                ),
                timeout=30,
            )
        booked = sorted(a["article_id"] for p in booked_payloads(world) for a in p["articles"])  # type: ignore[attr-defined]
        assert booked == sorted(ids)


async def test_f12_then_a_letter_opens_the_chosen_screen(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        burst(app, "f12", "t", "EE123456785IN")
        await until(pilot, lambda: screen_name(pilot) == "TrackScreen")
        await until(pilot, lambda: value_of(app, "#article") == "EE123456785IN")
        assert app.key_order.held == 0


async def test_an_article_id_then_enter_then_a_pin_land_in_their_fields(
    world: DemoWorld,
) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        burst(app, "EE123456785IN", "enter", "110001", "enter", "Quick Name")
        await until(pilot, lambda: value_of(app, "#name") == "Quick Name")
        assert app.screen.query_one("#article", Input).value == "EE123456785IN"
        assert app.screen.query_one("#pin", Input).value == "110001"


async def test_a_wedge_scan_followed_at_once_by_typing(world: DemoWorld) -> None:
    from postterm.config.model import ScannerSettings

    counter = world.station.counter
    devices = counter.settings.devices.model_copy(
        update={"scanner": ScannerSettings(url="loop://", wedge_prefix_key="ctrl+b")}
    )
    counter.settings = counter.settings.model_copy(update={"devices": devices})
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        app.screen.query_one("#name", Input).focus()
        burst(
            app,
            "Mee",
            "ctrl+b",
            "EE123456785IN",
            "enter",
            "110001",
            "enter",
            "Wedge Name",
            "enter",
            "Wedge Addr",
            "f5",
            "100",
            "enter",
        )
        await until(pilot, lambda: "BOOKED receipt" in message(pilot), timeout=30)
        [payload] = booked_payloads(world)
        [article] = payload["articles"]  # type: ignore[misc]
        assert article["article_id"] == "EE123456785IN"
        assert article["addressee"]["name"] == "Wedge Name"
        assert article["addressee"]["address"] == "Wedge Addr"
