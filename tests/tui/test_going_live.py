"""Going live on the counter's screen (80x24, keys only): a migrated clerk's first log-in asks
for their own PIN twice, the day-begin shows the office's migrated cash as expected against
the count, and a scanned migrated article is said to be booked already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from textual.widgets import Input, Static

from postterm.central import users
from postterm.central.db import make_engine
from postterm.central.migration.balances import approve
from postterm.central.models import CentralUser, table
from postterm.demo.world import DemoWorld
from postterm.sync.enrolment import pull_master
from postterm.tui.widgets.message_line import MessageLine
from tests.central.exports import ARTICLES, BALANCES, USERS, serials, write
from tests.tui.conftest import app_for, screen_name, type_text, until

pytestmark = [pytest.mark.timeout(180), pytest.mark.anyio]


def migrate_into_demo_office(world: DemoWorld, folder: Path) -> tuple[dict[str, str], str]:
    """The old system's users, one undelivered article and closing balances of the demo's
    office, migrated and the balances approved; the one-time PINs and the article id."""
    office = str(world.seed["office"]["office_id"])
    folder.mkdir()
    write(
        folder / "users.csv",
        USERS,
        [
            f"{office}-M1,{office},आशा वर्मा,clerk,",
            f"{office}-M2,{office},Ramesh Gupta,supervisor,",
            f"{office}-M3,{office},Meena Devi,postmaster,",
        ],
    )
    [article] = serials(1)
    write(
        folder / "articles.csv",
        ARTICLES,
        [
            f"{article},speedpost-parcel,2025-07-21T10:15:00+05:30,{office},110001,1200,123.90,"
            f"bagged,2025-07-21T18:00:00+05:30,{office}"
        ],
    )
    write(
        folder / "balances.csv",
        BALANCES,
        [f"{office},2025-07-20,cash:500,4", f"{office},2025-07-20,cash:10,3"],
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "postterm",
            "central",
            "admin",
            "migrate",
            str(folder),
            "--db",
            world.central.db_url,
            "--json",
            "--report",
            str(folder / "report.json"),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pins = {p["user_id"]: p["pin"] for p in json.loads(done.stdout)["pins"]}
    engine = make_engine(world.central.db_url)
    try:
        for supervisor in (f"{office}-M2", f"{office}-M3"):
            approve(engine, office, supervisor, pins[supervisor])
    finally:
        engine.dispose()
    assert world.station.client is not None
    pull_master(world.station.counter.journal.engine, world.station.client)
    return pins, article


async def test_first_log_in_new_pin_then_migrated_cash_then_a_migrated_scan(
    world: DemoWorld, tmp_path: Path
) -> None:
    pins, article = migrate_into_demo_office(world, tmp_path / "export")
    clerk = next(user for user in pins if user.endswith("-M1"))
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: screen_name(pilot) == "LoginScreen", timeout=30)
        line = app.screen.query_one(MessageLine)
        await type_text(pilot, clerk)
        await pilot.press("enter")
        await type_text(pilot, pins[clerk])
        await pilot.press("enter")
        new_pin = app.screen.query_one("#new-pin", Input)
        await until(pilot, lambda: new_pin.has_focus, timeout=30)
        assert "first log-in: choose your own PIN" in str(line.content)
        assert screen_name(pilot) == "LoginScreen"

        await type_text(pilot, "735914")
        await pilot.press("enter")
        await type_text(pilot, "735915")
        await pilot.press("enter")
        await until(pilot, lambda: "the two entries differ" in str(line.content), timeout=30)
        assert new_pin.has_focus and new_pin.value == ""

        await type_text(pilot, "735914")
        await pilot.press("enter")
        await type_text(pilot, "735914")
        await pilot.press("enter")
        await until(pilot, lambda: screen_name(pilot) == "DayBeginScreen", timeout=30)

        expected = app.screen.query_one("#expected", Static)
        await until(pilot, lambda: "Expected ₹2,030.00" in str(expected.content), timeout=30)
        assert "migrated cash of 2025-07-20: 500x4,10x3" in str(expected.content)
        await type_text(pilot, "500x4,10x2")
        assert "Counted  ₹2,020.00, difference -₹10.00" in str(expected.content)
        await pilot.press("enter")
        await until(pilot, lambda: screen_name(pilot) == "BookingScreen", timeout=30)

        app.screen.query_one("#article", Input).focus()
        await type_text(pilot, article)
        await pilot.press("enter")
        booking_line = app.screen.query_one(MessageLine)
        await until(pilot, lambda: "is already booked" in str(booking_line.content), timeout=30)
        assert f"{article} is already booked at " in str(booking_line.content)

    engine = make_engine(world.central.db_url)
    try:
        assert users.state_of(_row(engine, clerk)).must_change_pin is False
        assert [h["action"] for h in users.history(engine, clerk)] == ["own-pin"]
    finally:
        engine.dispose()


def _row(engine: Engine, user_id: str) -> Any:
    with engine.connect() as conn:
        return (
            conn.execute(select(table(CentralUser)).where(table(CentralUser).c.user_id == user_id))
            .mappings()
            .one()
        )
