"""What a clerk does at the counter, through the screen, on the real stack."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from postterm.demo.world import DemoWorld
from tests.tui.conftest import (
    app_for,
    fill_article,
    log_in_and_open_day,
    message,
    open_payment,
    pay_cash,
    settle,
    type_text,
    until,
)

pytestmark = [pytest.mark.timeout(120), pytest.mark.anyio]


def bookings(world: DemoWorld) -> list[dict[str, object]]:
    return [b.booking.to_payload() for b in world.station.counter.todays_bookings()]


async def test_a_cash_basket_of_two_articles(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await pilot.press("f2")
        world.set_weight(1200)
        await until(pilot, lambda: "1200 g" in str(app.screen.query_one("#weight").content))
        await pilot.press("f4")  # a parcel
        await fill_article(pilot, "EE473124829IN", pin="476001", name="Ravi", address="Morena")
        await pilot.press("f2")
        assert "added EE473124829IN" in message(pilot)
        await open_payment(pilot)
        await pay_cash(pilot, "500")
        assert "BOOKED receipt" in message(pilot)
    [booked] = bookings(world)
    assert [a["article_id"] for a in booked["articles"]] == ["EE123456785IN", "EE473124829IN"]
    assert booked["articles"][1]["chargeable_grams"] == 1200
    assert "EE473124829IN" in world.printed_path.read_text()


async def test_too_little_cash_is_refused_then_a_second_enter_books_once(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await type_text(pilot, "10")
        await pilot.press("enter")
        await until(pilot, lambda: "less than" in message(pilot))
        assert bookings(world) == []
        app.screen.query_one("#tendered", Input).value = "100"
        await pilot.press("enter", "enter", "enter")  # impatient presses while settling
        await until(pilot, lambda: "BOOKED" in message(pilot))
        await settle(pilot, 0.5)
        # every field is reset for the next customer
        screen = app.screen
        assert all(
            screen.query_one(f"#{f}", Input).value == ""
            for f in ("article", "pin", "name", "address", "mobile", "dims", "insure")
        )
        assert screen.draft.articles == []  # type: ignore[attr-defined]
    assert len(bookings(world)) == 1


async def test_an_unstable_weight_and_a_duplicate_article_are_refused(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        world.toggle_motion()
        await until(pilot, lambda: "STABLE" not in str(app.screen.query_one("#weight").content))
        await fill_article(pilot, "EE123456785IN")
        await pilot.press("f2")
        assert message(pilot).startswith("weight: no stable weight")
        world.toggle_motion()
        await until(pilot, lambda: "STABLE" in str(app.screen.query_one("#weight").content))
        await pilot.press("f2")
        await open_payment(pilot)
        await pay_cash(pilot, "100")
        await type_text(pilot, "EE123456785IN")
        await pilot.press("enter")
        assert "already booked here" in message(pilot)
        assert app.screen.focused is app.screen.query_one("#article")  # stays to be fixed


async def test_upi_paid_through_the_central(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: world.station.pending_upi is not None)
        assert world.pay_pending_upi().startswith("paid")
        await until(pilot, lambda: "BOOKED receipt" in message(pilot), timeout=15)
    [booked] = bookings(world)
    payment = booked["payment"]
    assert payment["mode"] == "upi" and payment["confirmed_by"] == "central"  # type: ignore[index]


async def test_out_of_paper_books_and_reprints_later(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        assert world.toggle_paper()  # now out of paper
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await pay_cash(pilot, "100")
        assert "receipt NOT printed" in message(pilot)
        assert len(bookings(world)) == 1
        assert "EE123456785IN" not in world.printed_path.read_text()
        world.toggle_paper()  # paper loaded
        await pilot.press("f11")
        await until(pilot, lambda: "reprinted" in message(pilot))
    assert "DUPLICATE 1" in world.printed_path.read_text()


async def test_central_offline_books_and_drains_when_back(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        assert world.toggle_central()  # offline
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await pay_cash(pilot, "100")
        replicator = world.station.replicator
        assert replicator is not None
        await until(
            pilot,
            lambda: (
                replicator.status().pending >= 1
                and "OFFLINE" in str(app.screen.query_one("#status").content)
            ),
            timeout=15,
        )
        world.toggle_central()  # back
        await until(pilot, lambda: replicator.status().pending == 0, timeout=30)
        await until(
            pilot,
            lambda: "online 0 pending" in str(app.screen.query_one("#status").content),
            timeout=5,
        )
