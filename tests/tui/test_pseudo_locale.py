"""Every string the screens show goes through the catalogs: with a pseudo catalog (built
here, every message replaced by a marked look-alike with no ASCII letters: "Clerk id" ->
"⟦Çĺéŕķ íđ⟧"), each screen is driven at 80x24 and any English word left on it that is not
data (ids, amounts, names typed by the test, the tariff's own labels) fails the test: a
string never wrapped for translation shows through as plain English."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from textual.pilot import Pilot
from textual.widgets import Input, Static

from postterm.config import Settings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.i18n import catalogs
from postterm.tui.app import CounterApp
from postterm.tui.screens.booking import BookingScreen
from postterm.tui.screens.lock import LockScreen
from tests.i18n.catalog_tool import read
from tests.support.clock import Clock
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN, enrol_on_disk
from tests.tui.conftest import screen_name, until

pytestmark = [pytest.mark.timeout(120), pytest.mark.anyio]

PLAIN = "abcdefghijklmnopqrstuvwxyz"
MARKED = "áƀçđéƒğĥíĵķĺɱñóþǫŕšţúṽŵẋýž"
LOOK_ALIKE = str.maketrans(PLAIN + PLAIN.upper(), MARKED + MARKED.upper())
# what is written on the keys themselves, and short forms a Hindi screen writes as they are
KEY_WORDS = (
    r"F\d+|Alt|Ctrl|Shift|Enter|Esc|Tab|Delete|Up|Down|Left|Right|PgUp|PgDn|Home|End|"
    r"Backspace|Space|Insert|CGST|SGST|IST|km|postterm|"
    # the log-in key names the other language in its own script (in Latin on a console)
    r"English|Hindi"
)
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def pseudo(message: str) -> str:
    """`message` marked and with look-alike letters; its `{fields}` kept as they are."""
    parts = re.split(r"(\{[^{}]*\})", message)
    return "⟦" + "".join(p if p.startswith("{") else p.translate(LOOK_ALIKE) for p in parts) + "⟧"


def pseudo_translations() -> gettext.GNUTranslations:
    catalog = Catalog(locale="hi", charset="utf-8")
    for message in read("en"):
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            catalog.add(tuple(message.id), tuple(pseudo(m) for m in message.id))
        else:
            catalog.add(message.id, pseudo(message.id))
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return gettext.GNUTranslations(out)


@pytest.fixture
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    marked = pseudo_translations()
    monkeypatch.setattr(catalogs, "translations", lambda _language: marked)
    catalogs.set_language("hi")
    yield
    catalogs.set_language(None)


def on_screen(pilot: Pilot[None]) -> str:
    """The text of the screen in front as the clerk reads it: labels, messages, hints, and
    an empty field's placeholder (what is typed into a field is the test's own data)."""
    texts: list[str] = []
    for widget in pilot.app.screen.query("*"):
        if not widget.display or not widget.visible:
            continue
        if isinstance(widget, Input):
            if not widget.value:
                texts.append(str(widget.placeholder))
        elif isinstance(widget, Static):
            texts.append(str(widget.render()))
    return "\n".join(texts)


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def english_left(text: str, data: list[str]) -> list[str]:
    for known in sorted(data, key=len, reverse=True):
        text = text.replace(known, " ")
    text = re.sub(rf"\b({KEY_WORDS})\b", " ", text)
    return ENGLISH_WORD.findall(text)


class Seen:
    """Screens looked at, and any English on them."""

    def __init__(self, data: list[str]) -> None:
        self.data = data
        self.english: dict[str, list[str]] = {}
        self.screens: list[str] = []

    def look(self, pilot: Pilot[None], what: str) -> None:
        self.screens.append(what)
        left = english_left(on_screen(pilot), self.data)
        if left:
            self.english[what] = left


DATA = [
    "C1",
    "S1",
    "T-TEST-1",
    "SHEOPUR",
    "Sheopur S.O",
    "Asha Clerk",
    "Ravi Supervisor",
    "EE123456785IN",
    "Meera Sharma",
    "12 Janpath",
    "UPI",
    "OTP",
    "POD",
    "PIN",
    "UTR",
    "GST",
]


async def book_one(pilot: Pilot[None], seen: Seen) -> None:
    station: Station = pilot.app.station  # type: ignore[attr-defined]
    await until(pilot, lambda: station.weight().usable)
    seen.look(pilot, "login")
    await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
    await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
    seen.look(pilot, "day-begin")
    await pilot.press(*"500x4", "enter")
    await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
    seen.look(pilot, "booking, empty")
    for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath"):
        await pilot.press(*value, "enter")
    booking = pilot.app.screen
    assert isinstance(booking, BookingScreen)
    await until(pilot, lambda: "₹" in str(booking.query_one("#side", Static).render()))
    quote = station.price(booking._request(*booking._weight()))
    seen.data += [quote.band.label, *(line.label for line in quote.lines)]
    seen.data += station.place_of("110001").split(", ")
    seen.look(pilot, "booking, quoted")
    await pilot.press("f2")
    await pilot.pause(0.1)
    seen.look(pilot, "booking, basket")
    await pilot.press("f5")
    await until(pilot, lambda: screen_name(pilot) == "PaymentScreen")
    await pilot.press(*"100")
    await pilot.pause(0.1)
    seen.look(pilot, "payment")
    await pilot.press("f4")  # UPI: the QR, the payee, the UTR field
    await until(pilot, lambda: station.pending_upi is not None)
    await pilot.pause(0.3)
    assert station.pending_upi is not None
    seen.data.append(station.pending_upi.reference)
    seen.look(pilot, "payment, UPI")
    await pilot.press("f4")  # back to cash
    await pilot.pause(0.1)
    pay = pilot.app.screen
    await until(pilot, lambda: str(pay.query_one("#tendered", Input).value) == "100")
    await pilot.press("enter")
    await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
    await until(pilot, lambda: "T-TEST-1/" in str(booking.query_one("#message").render()))
    seen.look(pilot, "booking, booked")


async def test_no_english_is_left_on_any_screen(pseudo_locale: None, station: Station) -> None:
    seen = Seen(list(DATA))
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await book_one(pilot, seen)
        await pilot.press("f1")
        await until(pilot, lambda: screen_name(pilot) == "HelpScreen")
        seen.look(pilot, "help")
        await pilot.press("escape", "f12")
        await until(pilot, lambda: screen_name(pilot) == "OperationsScreen")
        seen.look(pilot, "F12 menu")
        await pilot.press("escape", "alt+v")
        await until(pilot, lambda: screen_name(pilot) == "VoidScreen")
        await pilot.press(*"EE123456785IN")
        await until(pilot, lambda: "Meera" in str(app.screen.query_one("#found").render()))
        seen.look(pilot, "void")
        await pilot.press("enter", *"wrong PIN typed", "enter")
        await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
        seen.look(pilot, "approval")
        await pilot.press(*"S1", "enter", *"000000", "enter")
        await until(pilot, lambda: bool(str(app.screen.query_one("#approval-message").render())))
        seen.look(pilot, "approval, refused")
        await pilot.press("escape")
        await until(pilot, lambda: screen_name(pilot) == "VoidScreen")
        await pilot.press("escape", "alt+g")
        await until(pilot, lambda: screen_name(pilot) == "ReprintScreen")
        await until(
            pilot, lambda: "EE123456785IN" in str(app.screen.query_one("#bookings").render())
        )
        seen.look(pilot, "reprint")
        await pilot.press("escape", "alt+t")
        await until(pilot, lambda: screen_name(pilot) == "TrackScreen")
        await pilot.press(*"EE123456785IN", "enter")
        await until(
            pilot, lambda: "EE123456785IN" in str(app.screen.query_one("#timeline").render())
        )
        seen.look(pilot, "track")
        await pilot.press("escape")
        assert station.clerk is not None
        app.push_screen(LockScreen(station, station.clerk))
        await until(pilot, lambda: screen_name(pilot) == "LockScreen")
        seen.look(pilot, "lock")
        await pilot.press(*CLERK_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        await pilot.press("alt+z")
        await until(pilot, lambda: screen_name(pilot) == "DayEndScreen")
        await pilot.press(*"500x4,50x1")
        await until(pilot, lambda: "₹" in str(app.screen.query_one("#cash-lines").render()))
        seen.look(pilot, "day-end")
        await pilot.press("enter", "x", "enter")  # a note: the count differs
        await until(pilot, lambda: screen_name(pilot) == "ApprovalScreen")
        await pilot.press(*"S1", "enter", *SUPERVISOR_PIN, "enter")
        await until(pilot, lambda: getattr(app.screen, "closed", False))
        seen.look(pilot, "day-end, closed")
    assert seen.english == {}, f"English on the screens: {seen.english}"
    assert len(seen.screens) == 18


async def test_no_english_on_the_typed_weight_panel(pseudo_locale: None, tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    station = Station(Counter(tmp_path, Settings(), clock=Clock()))  # the scale is dead
    seen = Seen(list(DATA))
    async with CounterApp(station).run_test(size=(80, 24)) as pilot:
        await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
        await pilot.press(*"500x4", "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        seen.look(pilot, "booking, no scale")
        await pilot.press("alt+w")
        await until(pilot, lambda: screen_name(pilot) == "TypedWeightScreen")
        await pilot.press(*"0", "enter")
        await pilot.pause(0.1)
        seen.look(pilot, "typed weight, refused")
    assert seen.english == {}, f"English on the screens: {seen.english}"


async def test_no_english_when_the_printer_is_out_of_paper(
    pseudo_locale: None, station: Station
) -> None:
    """The printer's faults are the driver's English: the status bar and the message of a
    booking that did not print say them through the catalogs."""
    seen = Seen(list(DATA))
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: station.weight().usable)
        await pilot.press(*"C1", "enter", *CLERK_PIN, "enter")
        await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen")
        await pilot.press(*"500x4", "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        assert station.devices is not None and station.devices.simulators is not None
        station.devices.simulators.toggle_paper()
        station.devices.check_printer()
        app.refresh_status()
        await pilot.pause(0.1)
        top = str(app.screen.query_one("#status", Static).render())
        assert "⟦" in top.split("|")[0], top  # the fault leads the status bar, said marked
        seen.look(pilot, "booking, paper out")
        booking = app.screen
        assert isinstance(booking, BookingScreen)
        for value in ("EE123456785IN", "110001", "Meera Sharma", "12 Janpath"):
            await pilot.press(*value, "enter")
        await until(pilot, lambda: "₹" in str(booking.query_one("#side", Static).render()))
        quote = station.price(booking._request(*booking._weight()))
        seen.data += [quote.band.label, *(line.label for line in quote.lines)]
        seen.data += station.place_of("110001").split(", ")
        await pilot.press("f5")
        await until(pilot, lambda: screen_name(pilot) == "PaymentScreen")
        await pilot.press(*"100", "enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        await until(pilot, lambda: "T-TEST-1/" in str(booking.query_one("#message").render()))
        seen.look(pilot, "booking, booked but not printed")
    assert seen.english == {}, f"English on the screens: {seen.english}"


def test_the_check_sees_a_string_never_wrapped() -> None:
    """The negative control: English that bypassed the catalogs is caught, data is not."""
    assert english_left("⟦Çĺéŕķ⟧ Meera Sharma F5 ⟦ɱóŕé⟧ Clerk id", ["Meera Sharma"]) == [
        "Clerk",
        "id",
    ]
