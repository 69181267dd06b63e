"""Going live against a real central process over HTTP: an office migrated from the old
system's export, its migrated users setting their own PIN at the first log-in, the migrated
cash expected at the first counter's day-begin (and at no other), and a scan of a migrated
article told at once that it is already booked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from postterm.central import admin, users
from postterm.central.db import make_engine
from postterm.central.models import CentralUser, table
from postterm.config import Settings
from postterm.core.journal import parse_entry
from postterm.core.s10 import make
from postterm.counter.clerks import LoginRefused, NewPinNeeded
from postterm.counter.counter import Counter
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_enrolment, load_token, save_enrolment
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol, pull_master
from tests.central.exports import Export, office_export
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(180)
NEW_PIN = "428193"


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    return subprocess.run(
        [sys.executable, "-m", "postterm", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )


@dataclass
class Migrated:
    export: Export
    pins: dict[str, str]


@pytest.fixture
def migrated(central: LiveCentral, tmp_path: Path) -> Migrated:
    """An office brought across with `central admin migrate`, balances not yet approved."""
    export = office_export(tmp_path / "export", articles=2)
    done = cli(
        "central",
        "admin",
        "migrate",
        str(export.folder),
        "--db",
        central.db_url,
        "--report",
        str(tmp_path / "report.json"),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return Migrated(export, {p["user_id"]: p["pin"] for p in report["pins"]})


def counter_of(central: LiveCentral, migrated: Migrated, folder: Path, label: str) -> Path:
    engine = make_engine(central.db_url)
    try:
        code = admin.create_enrolment_code(engine, office_id=migrated.export.so, label=label).code
    finally:
        engine.dispose()
    enrolment = enrol(folder, central.url, code)
    with (
        Journal(folder, write=True, terminal=enrolment.terminal_id) as journal,
        CentralClient(central.url, load_token(folder)) as client,
    ):
        pull_master(journal.engine, client)
    return folder


def approve_balances(central: LiveCentral, migrated: Migrated) -> None:
    for supervisor in migrated.export.supervisors:
        done = cli(
            "central",
            "admin",
            "balances",
            "approve",
            migrated.export.so,
            "--supervisor",
            supervisor,
            "--pin-stdin",
            "--db",
            central.db_url,
            stdin=migrated.pins[supervisor] + "\n",
        )
        assert done.returncode == 0, done.stderr


def test_a_migrated_clerk_sets_their_own_pin_at_the_first_log_in(
    central: LiveCentral, migrated: Migrated, tmp_path: Path
) -> None:
    clerk = migrated.export.clerk
    one_time = migrated.pins[clerk]
    a = counter_of(central, migrated, tmp_path / "a", "A")
    b = counter_of(central, migrated, tmp_path / "b", "B")  # pulled the one-time PIN's hash
    with Counter(a, Settings()) as counter:
        with pytest.raises(NewPinNeeded, match="first log-in: choose your own PIN"):
            counter.login(clerk, one_time)
        with pytest.raises(LoginRefused, match="the two entries differ"):
            counter.login(clerk, one_time, new_pin=(NEW_PIN, "428194"))
        with pytest.raises(LoginRefused, match="new PIN: PIN must be 6 to 12 digits"):
            counter.login(clerk, one_time, new_pin=("1234", "1234"))
        assert counter.login(clerk, one_time, new_pin=(NEW_PIN, NEW_PIN)).id == clerk
        assert counter.login(clerk, NEW_PIN).id == clerk  # no new PIN asked again
        with pytest.raises(LoginRefused, match="wrong clerk id or PIN"):
            counter.login(clerk, one_time)

    engine = make_engine(central.db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(table(CentralUser)).where(table(CentralUser).c.user_id == clerk)
            ).one()
        assert row.must_change_pin is False
        [change] = [h for h in users.history(engine, clerk) if h["action"] == "own-pin"]
        assert change["actor"] == load_enrolment(a).terminal_id  # type: ignore[union-attr]
        assert "first log-in" in change["detail"]
        assert NEW_PIN not in change["detail"] and one_time not in change["detail"]
    finally:
        engine.dispose()

    # counter B still holds the one-time PIN's hash: it fetches the new one before judging
    with Counter(b, Settings()) as counter:
        with pytest.raises(LoginRefused, match="wrong clerk id or PIN"):
            counter.login(clerk, one_time)
        assert counter.login(clerk, NEW_PIN).id == clerk


def test_a_first_log_in_offline_is_refused_in_one_line(
    central: LiveCentral, migrated: Migrated, tmp_path: Path
) -> None:
    folder = counter_of(central, migrated, tmp_path / "c", "C")
    enrolment = load_enrolment(folder)
    assert enrolment is not None
    token = load_token(folder)
    assert token is not None
    save_enrolment(
        folder,
        enrolment.__class__(**{**enrolment.__dict__, "central_url": "http://127.0.0.1:9"}),
        token,
    )
    supervisor = migrated.export.supervisors[0]
    with Counter(folder, Settings()) as counter, pytest.raises(LoginRefused) as refused:
        counter.login(supervisor, migrated.pins[supervisor], new_pin=(NEW_PIN, NEW_PIN))
    assert str(refused.value) == (
        f"{supervisor}: a first log-in sets a new PIN and needs the "
        "central: connect this counter to the central and try again"
    )
    assert "\n" not in str(refused.value)


def test_the_first_counter_to_begin_a_day_expects_the_migrated_cash_and_no_other(
    central: LiveCentral, migrated: Migrated, tmp_path: Path
) -> None:
    first = counter_of(central, migrated, tmp_path / "first", "F")
    second = counter_of(central, migrated, tmp_path / "second", "S")
    clerk, supervisor = migrated.export.clerk, migrated.export.supervisors[0]
    refused = cli(
        "day",
        "begin",
        "--clerk",
        clerk,
        "--counted",
        "500x4",
        "--pin-stdin",
        "--data-dir",
        str(first),
        stdin=migrated.pins[clerk] + "\n",
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith(f"postterm login --clerk {clerk} --new-pin")
    set_pin = cli(
        "login",
        "--clerk",
        clerk,
        "--new-pin",
        "--pin-stdin",
        "--data-dir",
        str(first),
        stdin=f"{migrated.pins[clerk]}\n{NEW_PIN}\n{NEW_PIN}\n",
    )
    assert set_pin.returncode == 0, set_pin.stderr
    assert "own PIN set at the central" in set_pin.stdout
    # before two supervisors sign the balances off, nothing is expected (nor taken)
    with Counter(second, Settings()) as counter:
        assert counter.migrated_cash() is None
    approve_balances(central, migrated)

    begun = cli(
        "day",
        "begin",
        "--clerk",
        clerk,
        "--counted",
        "500x4,10x2",
        "--pin-stdin",
        "--data-dir",
        str(first),
        stdin=NEW_PIN + "\n",
    )
    assert begun.returncode == 0, begun.stderr
    assert (
        "expected ₹2,030.00 (migrated cash of 2025-07-20: 500x4,10x3), counted "
        "₹2,020.00, difference -₹10.00"
    ) in begun.stdout

    article = migrated.export.articles[1]  # a migrated article, booked again from a script
    booked = cli(
        "book",
        "--clerk",
        clerk,
        "--pin-stdin",
        "--service",
        "speedpost-document",
        "--article",
        article,
        "--weight",
        "40",
        "--to",
        "110001",
        "--name",
        "Meera",
        "--address",
        "12 Janpath",
        "--pay",
        "cash",
        "--tendered",
        "200",
        "--json",
        "--data-dir",
        str(first),
        stdin=NEW_PIN + "\n",
    )
    assert booked.returncode == 0, booked.stderr
    assert f"warning: {article} is already booked at " in booked.stderr
    assert json.loads(booked.stdout)["already_booked"].startswith(f"{article} is already booked")

    with Counter(second, Settings()) as counter:  # the office's cash went to the first
        sup = counter.login(supervisor, migrated.pins[supervisor], new_pin=(NEW_PIN, NEW_PIN))
        stored = counter.day_begin(sup, 500_000, "500x10")
        assert parse_entry(stored.entry).payload["migrated_cash"]["expected_paise"] == 0
    with Counter(first, Settings()) as counter:  # and the first expects it only once
        [opened] = [parse_entry(s.entry) for s in counter.journal.entries(kind="day-begin")]
        assert opened.v == 2
        assert opened.payload["migrated_cash"] == {
            "expected_paise": 203_000,
            "counted": "500x4,10x3",
            "as_of": "2025-07-20",
            "terminal_id": load_enrolment(first).terminal_id,
        }  # type: ignore[union-attr]
        assert counter.migrated_cash() is None
        # once booked here, the id is this counter's journal's to judge, not the central's
        assert counter.booked_elsewhere(article) is None
        today = counter.today().isoformat()
    # the office's stamps stock, from the same balances, in the office's day report
    report = httpx.get(
        f"{central.url}/v1/offices/{migrated.export.so}/reports/day/{today}",
        headers={"Authorization": f"Bearer {load_token(first)}"},
        timeout=10,
    )
    assert report.status_code == 200, report.text
    assert report.json()["stamps"] == {
        "as_of": "2025-07-20",
        "stamps": {"5": 100},
        "stamps_paise": 50_000,
        "approved": True,
    }


def test_a_scanned_migrated_article_is_told_already_booked_at_once(
    central: LiveCentral, migrated: Migrated, tmp_path: Path
) -> None:
    folder = counter_of(central, migrated, tmp_path / "d", "D")
    article = migrated.export.articles[0]
    with Counter(folder, Settings()) as counter:
        told = counter.booked_elsewhere(article)
        assert told is not None
        assert told.startswith(f"{article} is already booked at ")
        assert "on 2025-07-21 (last: dispatched at Morena H.O): use a new label" in told
        assert counter.booked_elsewhere(make("EE", "99999999")) is None  # unknown there

    central.stop()  # offline: nothing is said, and at once
    try:
        with Counter(folder, Settings()) as counter:
            started = time.monotonic()
            assert counter.booked_elsewhere(article) is None
            assert time.monotonic() - started < 3.5
    finally:
        central.start()
