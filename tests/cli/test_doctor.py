"""`postterm doctor` against a real central process (`postterm central serve`) and simulated
devices on real ptys: a ready counter passes, and each fault fails its own check, for its
own reason, with the others still checked."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from postterm.counter.doctor import CHECK_NAMES, Status, check_clock
from postterm.devices.simulated import CounterSimulators
from postterm.store.journal_store import Journal
from postterm.store.local_state import load_enrolment
from postterm.sync.client import Health
from tests.support.central_counters import (
    book_one,
    clerk_pin,
    enrol_counter,
    open_counter,
    write_settings,
)
from tests.support.live_central import LiveCentral

pytestmark = pytest.mark.timeout(180)

Checks = dict[str, dict[str, Any]]


@dataclass
class Doctored:
    code: int
    checks: Checks
    seconds: float
    stderr: str


def doctor(config: Path, data_dir: Path | None = None) -> Doctored:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    args = [sys.executable, "-m", "postterm", "doctor", "--config", str(config), "--json"]
    if data_dir is not None:
        args += ["--data-dir", str(data_dir)]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    seconds = time.monotonic() - started
    answer = json.loads(done.stdout)
    assert answer["ok"] is (done.returncode == 0)
    assert [c["name"] for c in answer["checks"]] == list(CHECK_NAMES)
    return Doctored(done.returncode, {c["name"]: c for c in answer["checks"]}, seconds, done.stderr)


def statuses(checks: Checks) -> dict[str, str]:
    return {name: check["status"] for name, check in checks.items()}


@dataclass
class ReadyCounter:
    config: Path
    data_dir: Path
    sims: CounterSimulators


@pytest.fixture
def sims() -> Iterator[CounterSimulators]:
    started = CounterSimulators.start(scale_protocol="cas")
    started.set_weight(1250)
    yield started
    started.close()


def ready_counter(central: LiveCentral, folder: Path, sims: CounterSimulators) -> ReadyCounter:
    data_dir = folder / "counter"
    enrol_counter(central, data_dir)
    config = folder / "postterm.toml"
    write_settings(config, central.url, data_dir, sims)
    return ReadyCounter(config, data_dir, sims)


@pytest.fixture
def counter(central: LiveCentral, tmp_path: Path, sims: CounterSimulators) -> ReadyCounter:
    return ready_counter(central, tmp_path, sims)


def test_a_ready_counter_passes_every_check(counter: ReadyCounter) -> None:
    done = doctor(counter.config)
    assert done.code == 0, done.checks
    found = statuses(done.checks)
    # today's Speed Post parcel table is unconfirmed (the 2012 rates carried on): said, not failed
    assert found.pop("tariffs") == "warn"
    assert "UNCONFIRMED speedpost-parcel" in done.checks["tariffs"]["detail"]
    assert found.pop("disk") in ("pass", "warn")
    assert set(found.values()) == {"pass"}, done.checks
    assert "1250 g stable" in done.checks["scale"]["detail"]
    assert "active at the central" in done.checks["enrolment"]["detail"]
    assert "users and tariffs checked with the central" in done.checks["master_data"]["detail"]


def test_a_stopped_central_fails_the_central_check_and_a_hung_one_at_its_timeout(
    tmp_path: Path, sims: CounterSimulators
) -> None:
    own = LiveCentral.on_sqlite(tmp_path / "central")
    try:
        counter = ready_counter(own, tmp_path, sims)
        assert own.server is not None
        os.kill(own.server.process.pid, signal.SIGSTOP)  # accepts connections, never answers
        try:
            hung = doctor(counter.config)
        finally:
            os.kill(own.server.process.pid, signal.SIGCONT)
    finally:
        own.stop()
    assert hung.code == 1
    assert hung.checks["central"]["status"] == "fail"
    assert "did not answer" in hung.checks["central"]["detail"]
    assert hung.seconds < 15  # reported when the timeout ends, not waited for

    stopped = doctor(counter.config)
    assert stopped.code == 1
    central = stopped.checks["central"]
    assert central["status"] == "fail" and "unreachable" in central["detail"]
    assert "start the central" in central["fix"]
    # the rest is still checked: the counter itself is fine
    assert stopped.checks["enrolment"]["status"] == "warn"
    assert stopped.checks["clock"]["status"] == "warn"
    for name in ("journal", "scale", "scanner", "printer", "data_dir", "pending"):
        assert stopped.checks[name]["status"] == "pass", stopped.checks[name]


def test_a_revoked_terminal_fails_the_enrolment_check(
    central: LiveCentral, counter: ReadyCounter
) -> None:
    from postterm.central import admin
    from postterm.central.db import make_engine

    enrolment = load_enrolment(counter.data_dir)
    assert enrolment is not None
    engine = make_engine(central.db_url)
    try:
        admin.revoke_terminal(engine, enrolment.terminal_id)
    finally:
        engine.dispose()
    done = doctor(counter.config)
    assert done.code == 1
    check = done.checks["enrolment"]
    assert check["status"] == "fail" and "revoked" in check["detail"]
    assert f"resume {enrolment.terminal_id}" in check["fix"]
    assert done.checks["central"]["status"] == "pass"


def test_a_clock_ten_minutes_off_the_central_fails_the_clock_check(
    tmp_path: Path, sims: CounterSimulators
) -> None:
    # the central runs ten minutes ahead under libfaketime; the machine's clock is untouched
    skewed = LiveCentral.on_sqlite(
        tmp_path / "central",
        wrapper=("env", "FAKETIME_DONT_FAKE_MONOTONIC=1", "faketime", "-f", "+10m"),
    )
    try:
        counter = ready_counter(skewed, tmp_path, sims)
        done = doctor(counter.config)
    finally:
        skewed.stop()
    assert done.code == 1
    clock = done.checks["clock"]
    assert clock["status"] == "fail", clock
    assert "10 min behind the central" in clock["detail"]
    assert done.checks["central"]["status"] == "pass"
    assert done.checks["enrolment"]["status"] == "pass"


def test_a_tampered_journal_fails_the_journal_check(
    central: LiveCentral, counter: ReadyCounter
) -> None:
    opened = open_counter(counter.data_dir, central)
    try:
        book_one(opened, *clerk_pin(central))
    finally:
        opened.close()
    raw = sqlite3.connect(counter.data_dir / "counter.sqlite")
    entry = bytes(raw.execute("SELECT entry FROM journal WHERE seq = 2").fetchone()[0])
    raw.execute(
        "UPDATE journal SET entry = ? WHERE seq = 2",
        (entry.replace(b'"weight_grams":40', b'"weight_grams":4'),),
    )
    raw.commit()
    raw.close()
    done = doctor(counter.config)
    assert done.code == 1
    check = done.checks["journal"]
    assert check["status"] == "fail" and "BROKEN at seq 2" in check["detail"]
    assert "do not open" in check["fix"]


def test_a_printer_out_of_paper_fails_the_printer_check(counter: ReadyCounter) -> None:
    counter.sims.printer.paper_out()
    done = doctor(counter.config)
    assert done.code == 1
    check = done.checks["printer"]
    assert check["status"] == "fail" and "out of paper" in check["detail"]
    assert check["fix"] == "load a paper roll"
    assert done.checks["scale"]["status"] == "pass"


def test_a_scale_over_capacity_fails_the_scale_check(counter: ReadyCounter) -> None:
    counter.sims.set_weight(40000)
    done = doctor(counter.config)
    assert done.code == 1
    check = done.checks["scale"]
    assert check["status"] == "fail" and "over" in check["detail"]
    assert check["fix"] == "take the load off the scale"
    assert done.checks["printer"]["status"] == "pass"


def test_settings_that_do_not_parse_are_a_failed_check_not_a_usage_error(
    counter: ReadyCounter,
) -> None:
    counter.config.write_text(
        '[devices.scale]\nurl = "/dev/ttyUSB0"\nbaudrate = "fast"\n', encoding="utf-8"
    )
    done = doctor(counter.config, counter.data_dir)
    assert done.code == 1 and done.stderr == ""
    check = done.checks["settings"]
    assert check["status"] == "fail"
    assert f"{counter.config}:3: devices.scale.baudrate" in check["detail"]
    # what does not need the settings is still checked
    assert done.checks["journal"]["status"] == "pass"
    assert done.checks["enrolment"]["status"] == "pass"
    assert "not checked" in done.checks["scale"]["detail"]


def test_a_running_counter_holding_the_journal_is_named_with_its_pid(
    counter: ReadyCounter,
) -> None:
    with Journal(counter.data_dir, write=True):
        done = doctor(counter.config)
    check = done.checks["writer_lock"]
    assert check["status"] == "warn" and f"pid {os.getpid()}" in check["detail"]
    assert done.code == 0


@pytest.mark.parametrize(
    ("behind_s", "status"),
    [
        (3, Status.PASS),
        (-3, Status.PASS),
        (90, Status.WARN),
        (-400, Status.FAIL),
    ],
)
def test_clock_skew_thresholds(behind_s: int, status: Status) -> None:
    now = datetime.now(UTC)
    health = Health("ok", now + timedelta(seconds=behind_s), now, 0.01)
    assert check_clock(health).status is status


def test_master_data_shows_the_migrated_stamps_stock_once_two_supervisors_sign_off(
    central: LiveCentral, tmp_path: Path, sims: CounterSimulators
) -> None:
    from postterm.central import admin
    from postterm.central.db import make_engine
    from postterm.sync.client import CentralClient
    from postterm.sync.enrolment import enrol, pull_master
    from tests.central.exports import office_export

    export = office_export(tmp_path / "export")
    postterm = str(Path(sys.executable).parent / "postterm")
    migrated = subprocess.run(
        [
            postterm,
            "central",
            "admin",
            "migrate",
            str(export.folder),
            "--db",
            central.db_url,
            "--report",
            str(tmp_path / "report.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pins = {p["user_id"]: p["pin"] for p in json.loads(migrated.stdout)["pins"]}
    engine = make_engine(central.db_url)
    try:
        code = admin.create_enrolment_code(engine, office_id=export.so, label="C1").code
    finally:
        engine.dispose()
    data_dir = tmp_path / "counter"
    enrolment = enrol(data_dir, central.url, code)
    with (
        Journal(data_dir, write=True, terminal=enrolment.terminal_id) as journal,
        CentralClient(central.url, (data_dir / "token").read_text()) as client,
    ):
        pull_master(journal.engine, client)
    config = tmp_path / "postterm.toml"
    write_settings(config, central.url, data_dir, sims)

    waiting = doctor(config).checks["master_data"]
    assert waiting["status"] == "warn"
    assert "awaiting sign-off (0 of 2); stamps Rs.500.00" in waiting["detail"]
    assert "balances approve" in waiting["fix"]

    for supervisor in export.supervisors:
        subprocess.run(
            [
                postterm,
                "central",
                "admin",
                "balances",
                "approve",
                export.so,
                "--supervisor",
                supervisor,
                "--pin-stdin",
                "--db",
                central.db_url,
            ],
            input=pins[supervisor] + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    signed = doctor(config).checks["master_data"]
    assert signed["status"] == "pass", signed
    assert "stamps stock Rs.500.00 (balances as of 2025-07-20)" in signed["detail"]


def test_entries_long_unsent_warn_with_the_age_of_the_oldest(
    central: LiveCentral, counter: ReadyCounter
) -> None:
    from postterm.config import Settings
    from postterm.core.business_day import now_in_india
    from postterm.counter.counter import Counter

    two_hours_ago = now_in_india() - timedelta(hours=2)
    with Counter(counter.data_dir, Settings(), clock=lambda: two_hours_ago) as opened:
        clerk_id, pin = clerk_pin(central)
        opened.day_begin(opened.login(clerk_id, pin), 0)
    done = doctor(counter.config)
    check = done.checks["pending"]
    assert check["status"] == "warn"
    assert "1 entry not yet at the central, the oldest 2 h old" in check["detail"]
    assert "postterm sync --once" in check["fix"]
    assert done.code == 0  # a counter may open with entries still to send


def test_a_keyboard_wedge_scanner_is_named_by_its_prefix_key_not_opened_as_a_port() -> None:
    from postterm.config import Settings
    from postterm.config.model import DevicesSettings, ScannerSettings
    from postterm.counter.doctor import check_scanner

    wedge = DevicesSettings(scanner=ScannerSettings(wedge_prefix_key="ctrl+b"))
    checked = check_scanner(Settings(devices=wedge))
    assert checked.status is Status.PASS and "after ctrl+b" in checked.detail, checked
