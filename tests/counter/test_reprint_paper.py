"""Reprints on a real (simulated, pty) printer: a voided booking's copy says VOID above the
amounts, and a copy the printer failed to print does not use up the free copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from postterm.config.model import DevicesSettings, PrinterSettings
from postterm.core.booking import BookingRefused
from postterm.counter.counter import Counter
from postterm.counter.station import Station
from postterm.devices.counter_devices import CounterDevices
from tests.support.baskets import article, cash_basket
from tests.support.enrolled import CLERK_PIN, SUPERVISOR_PIN

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def station(tmp_path: Path, counter: Counter) -> Iterator[Station]:
    devices = CounterDevices.open(
        DevicesSettings(simulated=True, printer=PrinterSettings(url="/dev/unused")),
        printed_to=tmp_path / "printed.txt",
    )
    station = Station(counter, devices=devices)
    station.login("C1", CLERK_PIN)
    station.day_begin(0)
    station.settle(cash_basket(article(), tendered_rupees=100, key="a"))
    yield station
    devices.close()


def last_paper(tmp_path: Path) -> list[str]:
    printed = (tmp_path / "printed.txt").read_text(encoding="utf-8")
    return printed.rsplit("INDIA POST", 1)[1].splitlines()


def test_a_voided_booking_reprints_marked_void_above_the_amounts(
    station: Station, tmp_path: Path
) -> None:
    supervisor = station.counter.approve("S1", SUPERVISOR_PIN)
    station.void("EE123456785IN", "wrong address", supervisor)
    _, outcome = station.reprint("EE123456785IN")
    assert outcome.printed, outcome.reason
    paper = last_paper(tmp_path)
    void = next(i for i, line in enumerate(paper) if "VOID" in line)
    total = next(i for i, line in enumerate(paper) if line.startswith("Total"))
    assert void < total, paper
    assert any(line.startswith("Voided by") and "T-TEST-1/3" in line for line in paper), paper
    assert not any(line.startswith("PAID") for line in paper), paper


def test_a_reprint_the_printer_failed_keeps_the_free_copy(station: Station, tmp_path: Path) -> None:
    devices = station.devices
    assert devices is not None and devices.simulators is not None
    assert devices.simulators.toggle_paper() is True  # out of paper
    _, failed = station.reprint("EE123456785IN")
    assert not failed.printed and "paper" in failed.reason
    assert devices.simulators.toggle_paper() is False
    _, outcome = station.reprint("EE123456785IN")  # still the free copy: no supervisor
    assert outcome.printed, outcome.reason
    assert "SPEED POST BOOKING - DUPLICATE 1" in "\n".join(last_paper(tmp_path))
    with pytest.raises(BookingRefused, match="needs a supervisor"):
        station.reprint("EE123456785IN")
    attempts = [e.payload for e in station.counter.day_entries() if e.kind == "reprint"]
    assert [(a["copy"], a["issued"]) for a in attempts] == [(1, False), (1, True)]
    assert "paper" in attempts[0]["fault"]
