"""A counter that knows its own storage: an emptied, replaced, restored or foreign journal is
refused before it books or reaches the central, against a real central process over HTTP and
the `postterm` command as a clerk or a technician runs it."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from postterm.store.journal_store import DB_NAME
from tests.support.central_counters import clerk_pin
from tests.support.live_central import LiveCentral
from tests.support.postterm_process import on_counter as cli

pytestmark = pytest.mark.timeout(240)

_serial = iter(range(41_000_000, 42_000_000))


def article_id() -> str:
    from postterm.core.s10 import make

    return make("EE", f"{next(_serial):08d}")


def book_one(central: LiveCentral, data_dir: Path) -> subprocess.CompletedProcess[str]:
    clerk, pin = clerk_pin(central)
    return cli(
        data_dir,
        "book",
        "--clerk",
        clerk,
        "--pin-stdin",
        "--service",
        "speedpost-document",
        "--article",
        article_id(),
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
        "100",
        "--json",
        stdin=pin + "\n",
    )


def day_begin(central: LiveCentral, data_dir: Path) -> subprocess.CompletedProcess[str]:
    clerk, pin = clerk_pin(central)
    return cli(
        data_dir,
        "day",
        "begin",
        "--clerk",
        clerk,
        "--cash",
        "1000",
        "--pin-stdin",
        stdin=pin + "\n",
    )


def enroll(central: LiveCentral, data_dir: Path, code: str) -> subprocess.CompletedProcess[str]:
    return cli(data_dir, "enroll", "--central", central.url, "--code", code, "--json")


def enrolled_counter(
    central: LiveCentral, data_dir: Path, *, bookings: int = 1, synced: bool = True
) -> str:
    """A counter enrolled over HTTP with a day begun and `bookings` booked; its terminal id."""
    done = enroll(central, data_dir, central.new_code(f"S{next(_serial) % 10_000}"))
    assert done.returncode == 0, done.stderr
    assert day_begin(central, data_dir).returncode == 0
    for _ in range(bookings):
        booked = book_one(central, data_dir)
        assert booked.returncode == 0, booked.stderr
    if synced:
        synced_now = cli(data_dir, "sync", "--once", "--json")
        assert synced_now.returncode == 0, synced_now.stderr
        assert json.loads(synced_now.stdout)["pending"] == 0
    return str(json.loads(done.stdout)["terminal_id"])


def terminal_at_central(central: LiveCentral, terminal_id: str) -> dict[str, Any]:
    from postterm.central import admin
    from postterm.central.db import make_engine

    engine = make_engine(central.db_url)
    try:
        return next(t for t in admin.list_terminals(engine) if t["terminal_id"] == terminal_id)
    finally:
        engine.dispose()


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def journal_files(data_dir: Path) -> list[Path]:
    return [data_dir / f"{DB_NAME}{suffix}" for suffix in ("", "-wal", "-shm")]


def empty_the_database(data_dir: Path, how: str) -> None:
    for path in journal_files(data_dir)[1:]:
        path.unlink(missing_ok=True)
    db = data_dir / DB_NAME
    if how == "truncated":
        db.write_bytes(b"")
    elif how == "deleted":
        db.unlink()
    else:  # "recreated": a new, empty counter database where the journal was
        from postterm.store.database import open_engine

        db.unlink()
        open_engine(db).dispose()


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live counter database, as a backup tool makes one."""
    target.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source / DB_NAME)
    dst = sqlite3.connect(target / DB_NAME)
    src.backup(dst)
    src.close()
    dst.close()


def assert_refused_with_recovery(done: subprocess.CompletedProcess[str], *words: str) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    line = one_line(done)
    assert "restore" in line and "enrol" in line, line
    for word in words:
        assert word in line, line
    return line


@pytest.mark.parametrize("how", ["truncated", "deleted", "recreated"])
def test_an_emptied_database_refuses_to_book_and_never_quarantines(
    central: LiveCentral, tmp_path: Path, how: str
) -> None:
    terminal = enrolled_counter(central, tmp_path)
    empty_the_database(tmp_path, how)

    # sync first, as a counter's background sync would: it must not bring back a journal
    assert_refused_with_recovery(cli(tmp_path, "sync", "--once"), terminal)
    assert_refused_with_recovery(day_begin(central, tmp_path), terminal)
    assert_refused_with_recovery(book_one(central, tmp_path), terminal)

    verified = cli(tmp_path, "journal", "verify", "--json")
    assert verified.returncode == 1, verified.stdout
    answer = json.loads(verified.stdout)
    assert answer["ok"] is False and "restore" in answer["reason"]

    assert cli(tmp_path, "sync", "--once").returncode == 1
    held = terminal_at_central(central, terminal)
    assert held["quarantined"] is False and held["ack_seq"] == 2

    status = cli(tmp_path, "status", "--json")
    assert "restore" in str(json.loads(status.stdout)["journal_problem"])


def test_a_database_restored_from_an_older_copy_is_behind_the_central(
    central: LiveCentral, tmp_path: Path
) -> None:
    counter, backup = tmp_path / "counter", tmp_path / "backup"
    terminal = enrolled_counter(central, counter, bookings=1)
    copy_database(counter, backup)
    for _ in range(2):
        assert book_one(central, counter).returncode == 0
    assert cli(counter, "sync", "--once").returncode == 0  # the central holds seq 1..4
    for path in journal_files(counter):
        path.unlink(missing_ok=True)
    shutil.copy(backup / DB_NAME, counter / DB_NAME)  # the older copy, seq 1..2

    line = assert_refused_with_recovery(book_one(central, counter), "4")
    assert "behind" in line or "central holds" in line
    verified = cli(counter, "journal", "verify", "--json")
    assert verified.returncode == 1 and json.loads(verified.stdout)["seq"] == 4

    synced = cli(counter, "sync", "--once")
    assert synced.returncode == 1
    held = terminal_at_central(central, terminal)
    assert held["quarantined"] is False and held["ack_seq"] == 4


def test_the_central_mark_catches_an_emptied_database_nothing_local_remembers(
    central: LiveCentral, tmp_path: Path
) -> None:
    # An enrolment made before the journal had an identity, and no local trace of the mark:
    # only the central knows how far this terminal's journal went.
    terminal = enrolled_counter(central, tmp_path)
    enrolment_file = tmp_path / "enrolment.json"
    record = json.loads(enrolment_file.read_text(encoding="utf-8"))
    record.pop("journal_id", None)
    enrolment_file.write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "central_mark.json").unlink(missing_ok=True)
    empty_the_database(tmp_path, "deleted")

    synced = cli(tmp_path, "sync", "--once", "--json")
    assert synced.returncode == 1
    assert "2" in json.loads(synced.stdout)["error"]
    held = terminal_at_central(central, terminal)
    assert held["quarantined"] is False and held["ack_seq"] == 2

    assert_refused_with_recovery(day_begin(central, tmp_path), "2")
    verified = cli(tmp_path, "journal", "verify", "--json")
    assert verified.returncode == 1 and json.loads(verified.stdout)["ok"] is False


def test_enroll_refuses_a_directory_holding_another_terminals_journal(
    central: LiveCentral, tmp_path: Path
) -> None:
    from postterm.central import admin
    from postterm.central.db import make_engine

    sheopur = tmp_path / "sheopur"
    terminal = enrolled_counter(central, sheopur, bookings=1, synced=False)
    engine = make_engine(central.db_url)
    try:
        office = admin.create_office(
            engine,
            pin="110001",
            name="New Delhi GPO",
            office_type="HO",
            office_id=f"110001-HO-{tmp_path.name[-6:]}",
        )
        code = admin.create_enrolment_code(engine, office_id=office.office_id, label="D1").code
    finally:
        engine.dispose()
    before = (sheopur / "enrolment.json").read_text(encoding="utf-8")

    refused = enroll(central, sheopur, code)
    assert refused.returncode == 2
    line = json.loads(refused.stdout)["error"]
    assert terminal in line and "journal" in line and "--data-dir" in line
    assert (sheopur / "enrolment.json").read_text(encoding="utf-8") == before

    # the code was not used up: it enrols an empty data directory
    delhi = tmp_path / "delhi"
    assert enroll(central, delhi, code).returncode == 0


def journal_posts(central: LiveCentral, terminal_id: str) -> int:
    assert central.log_path is not None
    count = 0
    for line in central.log_path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if (record.get("method"), record.get("path"), record.get("terminal")) == (
            "POST",
            "/v1/journal",
            terminal_id,
        ):
            count += 1
    return count


def foreign_counter(central: LiveCentral, tmp_path: Path) -> tuple[Path, str]:
    """A data directory holding terminal A's unsynced journal but terminal B's identity, as a
    directory enrolled before enrol checked what it holds; B's terminal id."""
    held = tmp_path / "held"
    enrolled_counter(central, held, bookings=2, synced=False)
    other = tmp_path / "other"
    done = enroll(central, other, central.new_code(f"F{next(_serial) % 10_000}"))
    assert done.returncode == 0
    record = json.loads((other / "enrolment.json").read_text(encoding="utf-8"))
    record.pop("journal_id", None)
    (held / "enrolment.json").write_text(json.dumps(record), encoding="utf-8")
    shutil.copy(other / "token", held / "token")
    (held / "central_mark.json").unlink(missing_ok=True)
    return held, str(record["terminal_id"])


def test_sync_once_ends_when_the_central_refuses_the_journal(
    central: LiveCentral, tmp_path: Path
) -> None:
    folder, terminal = foreign_counter(central, tmp_path)
    started = time.monotonic()
    first = cli(folder, "sync", "--once", "--json", timeout_s=30)
    assert time.monotonic() - started < 30
    assert first.returncode == 1
    error = json.loads(first.stdout)["error"]
    assert "refused" in error and "seq 1" in error
    assert journal_posts(central, terminal) <= 2

    assert cli(folder, "sync", "--once", timeout_s=30).returncode == 1
    status = json.loads(cli(folder, "status", "--json").stdout)
    assert status["refused"]["times"] == 2 and "seq 1" in status["refused"]["reason"]
    assert "seq 1" in status["last_error"]
    text = cli(folder, "status").stdout
    assert "refused 2 times" in text


def test_a_refusal_that_repeats_is_backed_off_in_the_background(
    central: LiveCentral, tmp_path: Path
) -> None:
    from postterm.store.journal_store import Journal
    from postterm.store.local_state import load_token
    from postterm.sync.client import CentralClient
    from postterm.sync.replicator import Replicator

    folder, terminal = foreign_counter(central, tmp_path)
    before = journal_posts(central, terminal)
    with (
        Journal(folder, write=True, terminal=terminal) as journal,
        CentralClient(central.url, load_token(folder)) as client,
    ):
        replicator = Replicator(journal, client, base_delay_s=0.2, max_delay_s=1.0)
        replicator.start(pull_master_data=False)
        time.sleep(3.0)
        replicator.stop()
        status = replicator.status()
    posts = journal_posts(central, terminal) - before
    assert 1 <= posts <= 12, posts
    assert status.last_error is not None and "seq 1" in status.last_error


def test_a_counter_that_learns_it_is_behind_while_running_stops_booking(
    central: LiveCentral, tmp_path: Path
) -> None:
    from postterm.config import Settings
    from postterm.counter.counter import Counter, StorageRefused
    from postterm.store.local_state import load_token
    from postterm.sync.client import CentralClient, CentralError
    from postterm.sync.enrolment import pull_master
    from postterm.sync.replicator import Replicator
    from tests.support.central_counters import book_one as book_in_process

    enrolled_counter(central, tmp_path)
    enrolment_file = tmp_path / "enrolment.json"
    record = json.loads(enrolment_file.read_text(encoding="utf-8"))
    record.pop("journal_id", None)
    enrolment_file.write_text(json.dumps(record), encoding="utf-8")
    (tmp_path / "central_mark.json").unlink(missing_ok=True)
    empty_the_database(tmp_path, "deleted")

    clerk_id, pin = clerk_pin(central)
    with (
        Counter(tmp_path, Settings()) as counter,
        CentralClient(central.url, load_token(tmp_path)) as client,
    ):
        pull_master(counter.journal.engine, client)  # the background sync's first step
        replicator = Replicator(counter.journal, client)
        with pytest.raises(CentralError) as stopped:
            replicator.push_until_done()
        assert "seq 2" in stopped.value.reason and not stopped.value.transient
        with pytest.raises(StorageRefused) as refused:
            counter.day_begin(counter.login(clerk_id, pin), 0)
        assert "restore" in refused.value.reason
        with pytest.raises(StorageRefused):
            book_in_process(counter, clerk_id, pin)
        assert counter.journal.count() == 0
