"""Faults of the machine under the counter's verbs: a locked, damaged, full or read-only
database is one line naming the file and what to do, exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.enrolled import CLERK_PIN, enrol_on_disk
from tests.support.postterm_process import on_counter as run
from tests.support.postterm_process import one_line

DB = "counter.sqlite"


def day_begin(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run(
        data_dir,
        "day",
        "begin",
        "--clerk",
        "C1",
        "--cash",
        "100",
        "--pin-stdin",
        stdin=CLERK_PIN + "\n",
    )


# -- another process holds the write lock ---------------------------------------------------

HOLDER = """
import sqlite3, sys, time
raw = sqlite3.connect(sys.argv[1], isolation_level=None)
raw.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(60)
"""


def test_a_database_locked_by_another_program_is_one_line_exit_1(tmp_path: Path) -> None:
    enrol_on_disk(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / DB)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = day_begin(tmp_path)  # waits out SQLite's busy timeout (5 s), then refuses
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    line = one_line(done)
    assert "locked by another program" in line and str(tmp_path / DB) in line
    assert day_begin(tmp_path).returncode == 0  # nothing was left half-done


# -- a damaged database ---------------------------------------------------------------------


def _flip_byte_inside(path: Path, marker: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(marker) + len(marker) + 2
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _damage(data_dir: Path, how: str) -> None:
    db = data_dir / DB
    if how == "zero-byte":
        db.write_bytes(b"")
    elif how == "truncated":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    elif how == "flipped in the users list":
        _flip_byte_inside(db, b"Asha Cl")
    elif how == "flipped in a journal entry":
        _flip_byte_inside(db, b'"opening_cash_paise":')


@pytest.mark.parametrize(
    "how", ["zero-byte", "truncated", "flipped in the users list", "flipped in a journal entry"]
)
def test_a_damaged_database_is_reported_by_verify_and_refused_by_verbs(
    tmp_path: Path, how: str
) -> None:
    enrol_on_disk(tmp_path)
    assert day_begin(tmp_path).returncode == 0
    import sqlite3

    raw = sqlite3.connect(tmp_path / DB)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every byte in the main file
    raw.close()
    _damage(tmp_path, how)

    verified = run(tmp_path, "journal", "verify", "--json")
    assert verified.returncode == 1, verified.stdout + verified.stderr
    assert "Traceback" not in verified.stderr and "internal error" not in verified.stderr
    if verified.stderr:  # the file could not be read at all: one line saying so
        assert "damaged" in one_line(verified) or "empty" in one_line(verified)
    else:  # it could be read: the answer names what is damaged
        answer = json.loads(verified.stdout)
        assert answer["ok"] is False and ("damaged" in answer or "seq" in answer)

    for args in (
        ["day", "end", "--clerk", "C1", "--counted", "100x1", "--supervisor", "C1", "--pin-stdin"],
        ["journal", "export"],
        ["status"],
    ):
        done = run(tmp_path, *args, stdin=f"{CLERK_PIN}\n{CLERK_PIN}\n")
        if how == "flipped in the users list" and args[0] != "day":
            assert done.returncode == 0, done.stderr  # these never read the users list
            continue
        if how == "flipped in a journal entry" and args[0] == "status":
            continue  # status counts entries without reading them
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        line = one_line(done)
        # a flipped entry no longer matches its hash: the writer names the broken seq
        assert "damaged" in line or "empty (0 bytes)" in line or "chain is broken at seq" in line, (
            line
        )


def test_a_damaged_users_list_is_mended_by_pulling_it_again(tmp_path: Path) -> None:
    from postterm.store.database import open_engine
    from postterm.store.local_state import DamagedMaster, load_master
    from postterm.sync.client import Pulled
    from postterm.sync.enrolment import pull_master

    enrol_on_disk(tmp_path)
    _flip_byte_inside(tmp_path / DB, b"Asha Cl")
    engine = open_engine(tmp_path / DB)
    with pytest.raises(DamagedMaster, match="users list is damaged"):
        load_master(engine, "users")

    class Central:  # answers every pull with a fresh document, as the central does
        def pull(self, path: str, etag: str | None) -> Pulled:
            return Pulled("v2", {"users": [{"user_id": "C1"}]}, False)

    pull_master(engine, Central())  # type: ignore[arg-type]
    held = load_master(engine, "users")
    assert held is not None and held[1] == [{"user_id": "C1"}]
    engine.dispose()


# -- a full or read-only disk (a small tmpfs; root ignores permission bits) ------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> None:
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    assert shutil.disk_usage(disk).free == 0


@pytest.mark.parametrize("lock_file_written", [False, True])
def test_a_full_disk_is_one_line_exit_1(small_disk: Path, lock_file_written: bool) -> None:
    counter = small_disk / "counter"
    enrol_on_disk(counter)
    if lock_file_written:  # the lock file keeps its block, so SQLite meets the full disk
        (counter / f"{DB}.lock").write_text("x" * 200)
    _fill(small_disk)
    done = day_begin(counter)
    assert done.returncode == 1
    line = one_line(done)
    assert "disk full" in line and str(counter) in line, line
    (small_disk / "filler").unlink()
    assert day_begin(counter).returncode == 0


def test_a_read_only_data_directory_is_one_line_exit_1(small_disk: Path) -> None:
    counter = small_disk / "counter"
    enrol_on_disk(counter)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for args in (
        ["day", "begin", "--clerk", "C1", "--cash", "1", "--pin-stdin"],
        ["journal", "verify"],
        ["status"],
    ):
        done = run(counter, *args, stdin=CLERK_PIN + "\n")
        assert done.returncode == 1, (args, done.stderr)
        line = one_line(done)
        assert "read-only" in line and str(counter) in line, line


# -- a data directory that is a file (what the user typed: exit 2) ---------------------------


def test_a_data_directory_that_is_a_file_is_named(tmp_path: Path) -> None:
    a_file = tmp_path / "counter"
    a_file.write_text("not a directory")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTTERM_")}
    for extra, args in (
        (
            {"POSTTERM_DATA__DIR": str(a_file)},
            ["enroll", "--central", "http://127.0.0.1:9", "--code", "X"],
        ),
        (
            {"POSTTERM_DATA__DIR": str(a_file / "inside")},
            ["enroll", "--central", "http://127.0.0.1:9", "--code", "X"],
        ),
        ({"POSTTERM_DATA__DIR": str(a_file)}, ["journal", "verify"]),
        ({}, ["journal", "verify", "--data-dir", str(a_file / "inside")]),
        (
            {},
            [
                "day",
                "begin",
                "--clerk",
                "C1",
                "--cash",
                "1",
                "--pin-stdin",
                "--data-dir",
                str(a_file / "inside"),
            ],
        ),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "postterm", *args],
            input=CLERK_PIN + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            env=env | extra,
        )
        assert done.returncode == 2, (args, done.stderr)
        line = one_line(done)
        assert "data directory" in line and str(a_file) in line and "is a file" in line, line
