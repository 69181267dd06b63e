"""`postterm demo` as a trainer uses it: its directory resumed, and the counter's own
settings (session, devices and keys, `[demo]`) taken as `postterm run` takes them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from postterm.config import Settings
from postterm.config.model import DemoSettings, OfficeSettings, ScannerSettings, SessionSettings
from postterm.config.model import DevicesSettings as Devices
from postterm.counter.station import Station
from postterm.demo.world import DemoWorld
from tests.support.baskets import article, cash_basket

pytestmark = pytest.mark.timeout(120)


def upi_paid_within(station: Station, seconds: float) -> bool:
    request = station.upi_request(12300)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if station.upi_status(request)[0] == "paid":
            return True
        time.sleep(0.3)
    return False


def test_a_demo_directory_is_resumed_with_the_counters_settings(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    first = DemoWorld.start(root, Settings(demo=DemoSettings(upi_auto_pay_s=1)))
    try:
        clerk = first.people()["clerk"]
        counter = first.station.counter
        who = counter.login(clerk["user_id"], clerk["pin"])
        counter.day_begin(who, 200000)
        counter.book(who, cash_basket(article()))
        terminal = counter.terminal
        assert upi_paid_within(first.station, 8)  # the automatic payer, after 1 s
    finally:
        first.station.close()
        first.close()

    settings = Settings(
        office=OfficeSettings(pin="110001", name="Somewhere Else"),  # the demo's office wins
        session=SessionSettings(idle_lock_s=7),
        devices=Devices(scanner=ScannerSettings(url="ignored", wedge_prefix_key="ctrl+b")),
        demo=DemoSettings(upi_auto_pay_s=0),
    )
    again = DemoWorld.start(root, settings)
    try:
        counter = again.station.counter
        assert counter.terminal == terminal  # the same counter, not a new enrolment
        assert counter.day_is_open() and len(counter.todays_bookings()) == 1
        assert counter.settings.session.idle_lock_s == 7
        scanner = counter.settings.devices.scanner
        assert scanner is not None and scanner.wedge_prefix_key == "ctrl+b"
        assert (counter.settings.office.pin, counter.settings.office.name) == (
            "476337",
            "Sheopur S.O",
        )
        assert not upi_paid_within(again.station, 2.5)  # 0: no automatic payer
    finally:
        again.station.close()
        again.close()


def test_a_directory_that_is_no_demo_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "postterm", "demo", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "holds files but no demo" in done.stderr
