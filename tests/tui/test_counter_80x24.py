"""The booking screen at 80x24 says everything, and its keys and fields do what the help
says: a counter enrolled on disk (no central), simulated devices on real ptys, Pilot keys."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postterm.counter.station import Station
from postterm.tui.app import CounterApp
from tests.support.enrolled import CLERK_PIN
from tests.tui.conftest import message, screen_name, until

pytestmark = [pytest.mark.timeout(90), pytest.mark.anyio]


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
        long = (
            "BOOKED T-TEST-1/12, change Rs 23.00 - receipt NOT printed (the printer is out "
            "of paper): F11 reprint"
        )
        pilot.app.screen.say(long, "error")  # type: ignore[attr-defined]
        await pilot.pause(0.1)
        shown = " ".join(screen_text(pilot).split())
        assert "out of paper): F11 reprint" in shown, screen_text(pilot)


async def test_the_focused_field_is_marked_without_colour(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press(*"EE123456785IN", "enter")
        lines = screen_text(pilot).splitlines()
        assert lines[4].startswith(">To PIN"), lines[4]
        assert not lines[1].startswith(">"), lines[1]


async def test_a_refusal_takes_the_focus_to_the_field_at_fault(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press(*"EE123456785IN", "enter", *"110001", "f2")  # no name yet
        assert message(pilot).startswith("name: is required")
        assert focused(pilot) == "name"


async def test_the_message_line_shows_the_latest_refusal(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await add_article(pilot, "EE123456785IN")
        await pilot.press(*"EE473124829IN", "enter", *"999999")  # no such PIN
        await pilot.pause(0.1)
        assert message(pilot).startswith("to:"), message(pilot)


# -- 4. keys and fields that do what the help says ------------------------------------------


async def test_ticked_add_ons_show_as_ticked(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press("f6", "f8")
        assert "[x] Reg F6  [ ] OTP F7  [x] POD F8" in screen_text(pilot)


async def test_a_stray_enter_on_an_empty_article_field_stays_there(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press("enter")
        assert focused(pilot) == "article"


async def test_to_pin_takes_digits_only(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        pilot.app.screen.query_one("#pin", Input).focus()
        await pilot.press(*"11ab0001")
        assert pilot.app.screen.query_one("#pin", Input).value == "110001"


async def test_the_service_stays_as_chosen_and_enter_on_the_last_field_adds(
    station: Station,
) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press("f4")  # a parcel
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath", "", "", ""):
            await pilot.press(*value, "enter")
        assert focused(pilot) == "dims"  # a parcel is asked its size
        await pilot.press(*"10x10x10", "enter")
        assert focused(pilot) == "insure"
        await pilot.press("enter")  # the last field: into the basket, and said so
        assert message(pilot).startswith("added EE123456785IN"), message(pilot)
        assert "Speed Post Parcel" in screen_text(pilot)  # the service stays a parcel


async def test_a_document_skips_the_parcel_size(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath", "", "", ""):
            await pilot.press(*value, "enter")
        assert focused(pilot) == "insure"
        await pilot.press("shift+tab")  # Tab and Shift+Tab skip it too
        assert focused(pilot) == "sender-mobile"


async def test_delete_deletes_forward_in_a_field_and_removes_an_article_only_when_confirmed(
    station: Station,
) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await add_article(pilot, "EE123456785IN")
        screen = pilot.app.screen
        article = screen.query_one("#article", Input)
        await pilot.press(*"EE473124829IN", "home", "delete")
        assert article.value == "E473124829IN"  # a field with text: Delete deletes forward
        article.value = ""
        await pilot.press("delete")  # an empty field: it offers to remove the last article
        await until(pilot, lambda: screen_name(pilot) == "ConfirmScreen")
        await pilot.press("escape")  # no
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        assert len(screen.draft.articles) == 1  # type: ignore[attr-defined]
        await pilot.press("alt+k")
        await until(pilot, lambda: screen_name(pilot) == "ConfirmScreen")
        await pilot.press("y")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        assert screen.draft.articles == []  # type: ignore[attr-defined]
        assert message(pilot).startswith("removed EE123456785IN")


async def test_ctrl_q_refuses_like_f10_with_articles_in_the_basket(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await add_article(pilot, "EE123456785IN")
        await pilot.press("f10")
        refused = message(pilot)
        assert "settle or clear the basket first" in refused
        pilot.app.screen.say("")  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert app.is_running and screen_name(pilot) == "BookingScreen"
        assert message(pilot) == refused.replace("log out", "quit")


def test_tracking_shows_times_in_ist() -> None:
    from postterm.counter.tracking import Timeline, TrackingEvent
    from postterm.tui.screens.track import timeline_lines

    central = Timeline(
        "EE123456785IN",
        (
            TrackingEvent("booked", "Sheopur S.O", "2026-01-15T04:30:00+00:00"),
            TrackingEvent("bagged", "Sheopur S.O", "2026-01-15T05:00:00"),  # no offset: UTC
        ),
        "central",
    )
    shown = timeline_lines(central)
    assert "2026-01-15 10:00 IST  booked" in shown
    assert "2026-01-15 10:30 IST  bagged" in shown


async def test_a_quote_refused_for_its_weight_is_said_on_the_message_line(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        assert station.devices is not None and station.devices.simulators is not None
        station.devices.simulators.set_weight(900)  # a document over 500 g
        await until(pilot, lambda: "900 g" in str(pilot.app.screen.query_one("#weight").content))
        await pilot.press(*"EE123456785IN", "enter", *"110001")
        await until(pilot, lambda: message(pilot).startswith("weight:"))


async def test_typed_brackets_are_shown_as_typed(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        pilot.app.screen.query_one("#article", Input).focus()
        for value in ("EE123456785IN", "110001", "Sharma [HUF] a [/] b", "12 Janpath"):
            await pilot.press(*value, "enter")
        await pilot.press("f2")
        await until(pilot, lambda: "added EE123456785IN" in message(pilot))
        assert "Sharma [HUF] a [/] b" in screen_text(pilot)


async def test_a_locked_supervisor_reads_until_when_and_who_can_approve(station: Station) -> None:
    from postterm.tui.screens.approval import ApprovalScreen

    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        app.push_screen(ApprovalScreen(station, "void receipt T-TEST-1/2"))
        await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
        await pilot.press(*"S1", "enter")
        for _ in range(5):
            await pilot.press(*"000000", "enter")
            await until(pilot, lambda: not app.screen.busy)  # type: ignore[attr-defined]
        shown = " ".join(screen_text(pilot).split())
        assert "until 10:15 IST; another supervisor can approve meanwhile" in shown, shown


async def test_a_scan_while_removal_is_asked_keeps_the_article_and_takes_the_scan(
    station: Station,
) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await add_article(pilot, "EE123456785IN")
        await pilot.press("alt+k")
        await until(pilot, lambda: screen_name(pilot) == "ConfirmScreen")
        assert station.devices is not None and station.devices.simulators is not None
        station.devices.simulators.scan("EE473124829IN")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        screen = pilot.app.screen
        await until(pilot, lambda: screen.query_one("#article", Input).value == "EE473124829IN")
        assert len(screen.draft.articles) == 1  # type: ignore[attr-defined]


async def test_the_place_beside_to_pin_is_whole_words(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        await pilot.press(*"EE123456785IN", "enter", *"110001")
        await pilot.pause(0.1)
        row = screen_text(pilot).splitlines()[4]
        assert row[:44].rstrip().endswith("New Delhi GPO"), row


async def test_a_long_tariff_line_of_the_quote_wraps_whole(station: Station) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_booking(pilot)
        assert station.devices is not None and station.devices.simulators is not None
        station.devices.simulators.set_weight(1200)
        await until(pilot, lambda: "1200 g" in str(pilot.app.screen.query_one("#weight").content))
        await pilot.press("f4", *"EE123456785IN", "enter", *"110001")
        await until(pilot, lambda: "Total" in screen_text(pilot))
        side = " ".join(line[45:].strip() for line in screen_text(pilot).splitlines()[1:15])
        assert "Tariff 501-1200 g: 500 g + 2 x 500 g" in " ".join(side.split()), side
