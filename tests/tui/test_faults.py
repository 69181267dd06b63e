"""Faults never close the counter: an unexpected exception in a background task says one
line, writes its traceback to <data-dir>/postterm.log, and leaves the app, the clerk's
session and the basket as they were; nothing a clerk does in any order leaves the screen
stuck."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from postterm.demo.world import DemoWorld
from tests.tui.conftest import (
    app_for,
    fill_article,
    log_in_and_open_day,
    message,
    open_payment,
    screen_name,
    type_text,
    until,
)

pytestmark = [pytest.mark.timeout(180), pytest.mark.anyio]

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


@contextmanager
def database_held(path: Path) -> Iterator[None]:
    """Another process holds the write lock on the counter's journal until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)


def bookings(world: DemoWorld) -> list[dict[str, object]]:
    return [b.booking.to_payload() for b in world.station.counter.todays_bookings()]


async def test_a_database_held_by_another_process_while_settling(world: DemoWorld) -> None:
    app = app_for(world)
    journal = world.station.counter.journal
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await type_text(pilot, "100")
        with database_held(journal.path):  # longer than the busy timeout (5 s)
            await pilot.press("enter")
            await until(pilot, lambda: "settle failed" in message(pilot), timeout=30)
            line = message(pilot)
            assert "database is busy" in line and "nothing changed" in line
            assert screen_name(pilot) == "PaymentScreen"  # the app and the basket are there
            assert world.station.clerk is not None
            assert [a.request.article_id for a in app.screen.draft.articles] == [  # type: ignore[attr-defined]
                "EE123456785IN"
            ]
            assert bookings(world) == []
        log = (journal.data_dir / "postterm.log").read_text()
        assert "settle failed" in log and "OperationalError: database is locked" in log
        await pilot.press("enter")  # the cause is gone: settle again
        await until(pilot, lambda: "BOOKED receipt" in message(pilot), timeout=30)
        await pilot.press("f5")  # and nothing was left behind to book again
        await until(pilot, lambda: "basket: is empty" in message(pilot))
    assert len(bookings(world)) == 1


async def test_a_upi_payment_confirmed_while_the_simulator_panel_is_open(
    world: DemoWorld,
) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: world.station.pending_upi is not None)
        await pilot.press("f9")
        await until(pilot, lambda: screen_name(pilot) == "SimulatorScreen")
        await pilot.press("f8")  # the customer pays, as the trainer's panel makes them
        await until(pilot, lambda: len(bookings(world)) == 1, timeout=30)
        await pilot.pause(1.0)
        await pilot.press("escape")  # the panel closes: the counter is at the next customer
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen", timeout=15)
        await until(pilot, lambda: "BOOKED receipt" in message(pilot))
        await fill_article(pilot, "EE473124829IN")
        await open_payment(pilot)
        await type_text(pilot, "100")
        await pilot.press("enter")
        await until(pilot, lambda: "BOOKED receipt" in message(pilot), timeout=30)
    assert len(bookings(world)) == 2


def test_the_fault_log_keeps_tracebacks_and_rotates(tmp_path: Path) -> None:
    import logging.handlers
    import sqlite3

    from postterm.tui.fault_log import (
        LOG_BYTES,
        close_fault_log,
        open_fault_log,
        report_fault,
    )

    handler = open_fault_log(tmp_path)
    try:
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        try:
            raise OSError(5, "Input/output error")
        except OSError as exc:
            line = report_fault("print", exc)
        assert line == (
            "print failed: device or file error (Input/output error); nothing changed, try again"
        )
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError as exc:
            assert "the counter database is busy" in report_fault("settle", exc)
        for _ in range(LOG_BYTES // 1000 + 10):
            try:
                raise ValueError("x" * 800)
            except ValueError as exc:
                assert "unreadable answer" in report_fault("UPI check", exc)
    finally:
        close_fault_log(handler)
    logs = sorted(p.name for p in tmp_path.iterdir())
    assert logs[:2] == ["postterm.log", "postterm.log.1"]
    text = "".join(p.read_text() for p in tmp_path.iterdir())
    assert "Traceback" in text and "OSError: [Errno 5] Input/output error" in text
