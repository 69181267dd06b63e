"""The counter's devices opened from settings, in the demo's simulated mode (real ptys)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from postterm.config.model import DevicesSettings, PrinterSettings, ScaleSettings
from postterm.devices.counter_devices import CounterDevices
from postterm.devices.sample_receipt import sample_booking_receipt
from tests.support.slow import slow

pytestmark = pytest.mark.timeout(30)


def eventually(check: object, timeout_s: float = 3.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.02)
    pytest.fail("not reached in time")


@pytest.fixture
@slow
def demo(tmp_path: Path) -> Iterator[CounterDevices]:
    settings = DevicesSettings(
        simulated=True,
        scale=ScaleSettings(url="/dev/unused", protocol="sics", capacity_grams=20000),
        printer=PrinterSettings(url="/dev/unused", drawer_on_ms=60, drawer_off_ms=240),
    )
    devices = CounterDevices.open(settings, printed_to=tmp_path / "printed.txt")
    yield devices
    devices.close()


def test_a_weight_put_on_the_simulated_scale_becomes_usable(demo: CounterDevices) -> None:
    assert demo.simulators is not None
    demo.simulators.set_weight(1250)
    eventually(lambda: demo.weight().usable and demo.weight().grams == 1250)
    view = demo.weight()
    assert (view.grams, view.stable, view.note) == (1250, True, "stable")
    assert demo.simulators.toggle_motion() is True
    eventually(lambda: not demo.weight().usable)
    assert demo.weight().note == "in motion"


def test_over_the_configured_capacity_is_not_usable_and_says_why(demo: CounterDevices) -> None:
    assert demo.simulators is not None
    demo.simulators.set_weight(25000)
    eventually(lambda: "capacity" in demo.weight().note)
    assert not demo.weight().usable
    scale_line = next(line for line in demo.device_lines() if line.name == "scale")
    assert scale_line.state == "fault" and not scale_line.ok


def test_a_scan_reaches_the_counter(demo: CounterDevices) -> None:
    assert demo.simulators is not None
    eventually(lambda: any(line.name == "scanner" and line.ok for line in demo.device_lines()))
    demo.simulators.scan("EE123456785IN")
    assert demo.wait_scan(2) == "EE123456785IN"


def test_a_receipt_prints_with_the_drawer_kick_and_paper_out_is_reported(
    demo: CounterDevices, tmp_path: Path
) -> None:
    assert demo.simulators is not None
    result = demo.print_receipt(sample_booking_receipt(), kick_drawer=True)
    assert result.printed
    printed = (tmp_path / "printed.txt").read_text(encoding="utf-8")
    assert "[CODE128: EE123456785IN]" in printed
    assert "[DRAWER pin 0: 60 ms on, 240 ms off]" in printed
    assert demo.simulators.toggle_paper() is True
    result = demo.print_receipt(sample_booking_receipt())
    assert not result.printed and result.status.reason == "the printer is out of paper"
    printer_line = next(line for line in demo.device_lines() if line.name == "printer")
    assert (printer_line.state, printer_line.ok) == ("fault", False)


def test_devices_not_configured_answer_plainly() -> None:
    devices = CounterDevices.open(DevicesSettings())
    try:
        assert devices.weight().note == "no scale"
        assert devices.wait_scan(0.01) is None
        assert devices.device_lines() == []
        assert not devices.print_receipt(sample_booking_receipt()).printed
    finally:
        devices.close()


@pytest.mark.parametrize("url", [None, "keyboard:"])
def test_a_keyboard_wedge_scanner_opens_no_serial_link(url: str | None) -> None:
    from postterm.config.model import ScannerSettings

    devices = CounterDevices.open(
        DevicesSettings(scanner=ScannerSettings(url=url, wedge_prefix_key="ctrl+b"))
    )
    try:
        assert devices.scanner is None
        assert devices.device_lines() == []  # nothing to watch, nothing "not connected"
    finally:
        devices.close()
