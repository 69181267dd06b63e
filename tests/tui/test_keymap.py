"""Keys as data: `[keys]` rebinds any binding by its id, refuses what cannot work in one
line naming the setting, and the hints, F1 help and the F12 menu follow the keys in force."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input

from postterm.config import Settings
from postterm.config.model import DevicesSettings
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from postterm.tui.app import CounterApp
from postterm.tui.keymap import Keymap, KeymapRefused, key_problem
from postterm.tui.widgets.key_hints import KeyHints
from tests.support.clock import Clock
from tests.support.enrolled import enrol_on_disk
from tests.tui.conftest import message, screen_name, until
from tests.tui.test_snapshots import logged_in

pytestmark = pytest.mark.timeout(60)


def refusal(rebound: dict[str, str]) -> str:
    with pytest.raises(KeymapRefused) as caught:
        Keymap.from_settings(rebound)
    line = str(caught.value)
    assert "\n" not in line
    return line


def test_a_value_lists_several_keys_and_keeps_the_alt_key_unless_it_drops_it() -> None:
    keys = Keymap.from_settings({"booking.pay": "f5,ctrl+p"}).keys
    assert keys["booking.pay"] == ("f5", "ctrl+p", "alt+p")
    assert Keymap.from_settings({"booking.pay": "ctrl+p,-alt+p"}).keys["booking.pay"] == ("ctrl+p",)
    assert Keymap.from_settings({"booking.pay": "f5,alt+y"}).keys["booking.pay"] == ("f5", "alt+y")
    assert Keymap.from_settings({}).keys["booking.pay"] == ("f5", "alt+p")


def test_bad_key_names_unknown_ids_and_clashes_are_refused_naming_the_setting() -> None:
    assert refusal({"booking.pay": "f55"}).startswith("keys.booking.pay: 'f55' is not a key")
    assert refusal({"booking.pay": "hyper+p"}).startswith("keys.booking.pay: 'hyper+p'")
    assert refusal({"booking.track": "alt+f"}).startswith(
        "keys.booking.track: 'alt+f' arrives from a terminal as ctrl+right"
    )
    assert refusal({"booking.pya": "f5"}).startswith("keys.booking.pya: no binding has")
    # two bindings of the booking screen
    line = refusal({"booking.pay": "f2"})
    assert line.startswith("keys.booking.pay: f2 is given to both booking.pay and booking.add")
    # the booking screen's and the app's own (Textual would drop one silently)
    line = refusal({"booking.add": "f10"})
    assert "keys.booking.add: f10" in line and "booking.add" in line and "app.logout" in line
    # a panel hides the app's keys but Ctrl+Q: F1 there clashes with nothing, Ctrl+Q does
    Keymap.from_settings({"approval.cancel": "f1"})
    assert "app.quit" in refusal({"approval.cancel": "ctrl+q"})
    # keys of screens never shown together may repeat
    Keymap.from_settings({"void.back": "f3"})


@given(st.text(max_size=12))
def test_key_names_are_judged_without_crashing(text: str) -> None:
    problem = key_problem(text)
    assert problem is None or repr(text) in problem


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    enrol_on_disk(tmp_path)
    # F9 moves from the demo's simulators to Void; Pay takes Ctrl+P in place of F5
    settings = Settings(
        devices=DevicesSettings(simulated=True),
        keys={"booking.pay": "ctrl+p", "app.simulator": "ctrl+s", "booking.void": "f9"},
    )
    devices = CounterDevices.open(settings.devices, printed_to=tmp_path / "printed.txt")
    assert devices.simulators is not None
    devices.simulators.set_weight(250)
    yield Station(Counter(tmp_path, settings, clock=Clock()), devices=devices)


@pytest.mark.anyio
async def test_a_rebinding_shows_in_hints_help_and_menu_and_alt_keys_reach_past_fields(
    station: Station,
) -> None:
    app = CounterApp(station)
    async with app.run_test(size=(80, 24)) as pilot:
        await logged_in(pilot)
        hints = str(app.screen.query_one(KeyHints).content)
        assert "Ctrl+P pay" in hints and "F5 pay" not in hints
        await pilot.press("f1")
        await until(pilot, lambda: screen_name(pilot) == "HelpScreen")
        help_text = str(app.screen.query_one("#help").content)
        assert "Ctrl+P / Alt+P" in help_text and "F9 / Alt+V" in help_text
        await pilot.press("escape")
        await pilot.press("f12")
        await until(pilot, lambda: screen_name(pilot) == "OperationsScreen")
        assert "F9 / Alt+V" in str(app.screen.query_one("#panel").content)
        await pilot.press("escape")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen")
        # the article field has the focus: an Alt key nothing takes types nothing, and
        # Alt+P (kept beside Ctrl+P) reaches Pay: refused, the basket is empty
        article = app.screen.query_one("#article", Input)
        assert article.has_focus
        await pilot.press("alt+q")
        assert article.value == ""
        await pilot.press("f5")  # no longer Pay
        assert screen_name(pilot) == "BookingScreen" and "basket" not in message(pilot)
        await pilot.press("alt+p")
        assert article.value == "" and message(pilot) == "basket: is empty: add an article first"
        # the app's own Alt key reaches it from a field too
        await pilot.press("alt+h")
        await until(pilot, lambda: screen_name(pilot) == "HelpScreen")


def test_postterm_run_refuses_a_clash_in_one_line_before_opening_anything(tmp_path: Path) -> None:
    config = tmp_path / "postterm.toml"
    config.write_text('[keys]\n"booking.clear" = "f5"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "postterm",
            "run",
            "--config",
            str(config),
            "--data-dir",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "postterm: keys.booking.clear: f5 is given to both booking.clear and booking.pay, "
        "which are active on one screen: give each its own key"
    ], done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "none").exists()
