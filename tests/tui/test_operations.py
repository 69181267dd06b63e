"""Around bookings, through the screen on the real stack: void, reprint, tracking, day-end
and the idle lock. Supervisor approvals are typed into the approval panel as a clerk would."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from postterm.config.model import SessionSettings
from postterm.demo.world import DemoWorld
from tests.tui.conftest import (
    app_for,
    fill_article,
    log_in_and_open_day,
    message,
    open_payment,
    pay_cash,
    screen_name,
    type_text,
    until,
)

pytestmark = [pytest.mark.timeout(120), pytest.mark.anyio]


def shown(pilot: Pilot[None], widget: str) -> str:
    return str(pilot.app.screen.query_one(widget, Static).content)


async def book_cash(pilot: Pilot[None], article_id: str, tendered: str = "100") -> None:
    await fill_article(pilot, article_id)
    await open_payment(pilot)
    await pay_cash(pilot, tendered)


async def approve(pilot: Pilot[None], person: dict[str, str]) -> None:
    """Type a supervisor id and PIN into the approval panel that is showing."""
    await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
    screen = pilot.app.screen
    screen.query_one("#supervisor", Input).value = person["user_id"]
    screen.query_one("#supervisor-pin", Input).focus()
    await type_text(pilot, person["pin"])
    await pilot.press("enter")


def approval_message(pilot: Pilot[None]) -> str:
    return shown(pilot, "#approval-message")


async def test_void_and_reprint_ask_a_supervisor_and_tracking_says_where_it_looked(
    world: DemoWorld,
) -> None:
    people = world.people()
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await book_cash(pilot, "EE123456785IN")

        # reprint from today's bookings: the first copy is free, the second needs approval
        await pilot.press("alt+g")
        await until(pilot, lambda: screen_name(pilot) == "ReprintScreen")
        assert "EE123456785IN" in shown(pilot, "#bookings")
        await pilot.press("enter")
        await until(pilot, lambda: "reprinted (DUPLICATE)" in message(pilot))
        await pilot.press("enter")
        await approve(pilot, people["supervisor"])
        # the first copy's line is still said: wait for the second copy itself
        await until(pilot, lambda: "DUPLICATE 2" in world.printed_path.read_text())
        await until(
            pilot, lambda: screen_name(pilot) == "ReprintScreen" and "reprinted" in message(pilot)
        )
        printed = world.printed_path.read_text()
        assert "DUPLICATE 1" in printed and "DUPLICATE 2" in printed
        await pilot.press("escape")

        # void: a clerk cannot approve it, a supervisor can; the CANCELLED slip prints
        await pilot.press("f12", "v")
        await until(pilot, lambda: screen_name(pilot) == "VoidScreen")
        await type_text(pilot, "EE123456785IN")
        await pilot.press("enter", "enter")  # no reason yet
        await approve(pilot, people["clerk"])
        await until(pilot, lambda: "is not a supervisor" in approval_message(pilot))
        await approve(pilot, people["supervisor"])
        await until(pilot, lambda: message(pilot).startswith("reason:"))
        assert not world.station.counter.todays_bookings()[0].voided
        await type_text(pilot, "wrong address")
        await pilot.press("enter")  # the approval stands for this receipt: no second PIN
        await until(pilot, lambda: "VOIDED" in message(pilot))
        assert "CANCELLED slip printed" in message(pilot)
        assert world.station.counter.todays_bookings()[0].voided
        slip = world.printed_path.read_text().split("CANCELLED", 1)[1]
        assert "EE123456785IN" in slip and "wrong address" in slip
        assert people["supervisor"]["user_id"] in slip
        await pilot.press("escape")

        # tracking: the central's timeline while it answers, the local journal when not
        replicator = world.station.replicator
        assert replicator is not None
        await until(pilot, lambda: replicator.status().pending == 0, timeout=15)
        await pilot.press("alt+t")
        await until(pilot, lambda: screen_name(pilot) == "TrackScreen")
        world.scan("EE123456785IN")  # the scanner fills the tracking field and asks at once
        await until(pilot, lambda: "event(s)" in message(pilot))
        assert "from CENTRAL" in shown(pilot, "#timeline")
        assert "booked" in shown(pilot, "#timeline")
        assert world.toggle_central()  # offline
        await pilot.press("enter")
        await until(pilot, lambda: "LOCAL ONLY" in shown(pilot, "#timeline"), timeout=15)
        timeline = shown(pilot, "#timeline")
        assert "booked" in timeline and "voided" in timeline


async def test_day_end_shows_expected_against_counted_and_prints_the_z_report(
    world: DemoWorld,
) -> None:
    people = world.people()
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)  # opening cash Rs 2000
        assert world.toggle_central()  # offline: the booking stays unreplicated
        await book_cash(pilot, "EE123456785IN")  # Rs 74.34 -> Rs 74 cash after round-off
        await pilot.press("alt+z")
        await until(pilot, lambda: screen_name(pilot) == "DayEndScreen")
        await type_text(pilot, "500x4,10x2,5x1,1x2")  # Rs 2027
        cash = shown(pilot, "#cash-lines")
        assert "EXPECTED           ₹2,074.00" in cash
        assert "COUNTED            ₹2,027.00" in cash
        assert "-₹47.00 SHORT" in cash
        assert "Not yet at central: " in cash and "Not yet at central: 0" not in cash
        await pilot.press("enter", "enter")  # no note
        await approve(pilot, people["supervisor"])
        await until(pilot, lambda: message(pilot).startswith("note:"))
        assert world.station.counter.day_is_open()
        await type_text(pilot, "short by 47, recounted twice")
        await pilot.press("enter")  # the sign-off stands while the count is unchanged
        await until(pilot, lambda: "DAY CLOSED" in message(pilot))
        assert "Z report printed" in message(pilot)
        report = world.station.counter.day_entries()[-1].payload
        assert report["difference_paise"] == -4700  # recorded as it is
        assert report["unreplicated"]["count"] >= 1
        z_report = world.printed_path.read_text().split("Z REPORT", 1)[1]
        assert "DIFFERENCE" in z_report and "-Rs.47.00" in z_report
        await pilot.press("enter")
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen")
        assert not world.station.counter.day_is_open()
        await log_in_and_open_day(pilot, world)  # asks for day-begin again


async def test_idle_lock_keeps_the_basket_and_counts_wrong_pins(world: DemoWorld) -> None:
    counter = world.station.counter
    counter.settings = counter.settings.model_copy(
        update={"session": SessionSettings(idle_lock_s=2)}
    )
    clerk = world.people()["clerk"]
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await pilot.press("f2")
        await type_text(pilot, "EE473124829IN")
        await pilot.press("enter")
        await type_text(pilot, "4760")  # half a PIN, then the clerk walks away
        assert screen_name(pilot) == "BookingScreen"
        await until(pilot, lambda: screen_name(pilot) == "LockScreen", timeout=6)
        await pilot.press("f10")  # logging out would drop the basket: refused
        assert screen_name(pilot) == "LockScreen"
        assert "settle or clear the basket" in shown(pilot, "#lock-message")
        await type_text(pilot, "000000")
        await pilot.press("enter")
        await until(pilot, lambda: "tries left" in shown(pilot, "#lock-message"))
        await type_text(pilot, clerk["pin"])
        await pilot.press("enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        screen = app.screen
        assert [a.request.article_id for a in screen.draft.articles] == ["EE123456785IN"]  # type: ignore[attr-defined]
        assert screen.query_one("#article", Input).value == "EE473124829IN"
        assert screen.query_one("#pin", Input).value == "4760"
        assert screen.focused is screen.query_one("#pin")
