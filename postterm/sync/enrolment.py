"""Enrolling this counter with the central, and pulling the master data it works from.

The device key is made once and kept in the data directory, so asking the central again
with the same code after a lost reply returns the same enrolment instead of an error.

A data directory holds one terminal's journal: enrolment refuses a directory whose journal
already holds entries (before it spends the code), and gives the journal it makes or takes
an identity kept in both the journal and the enrolment, so a journal emptied or replaced
later is told apart from the one this terminal books on.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from postterm.store.database import Database
from postterm.store.journal_store import DB_NAME, Journal, JournalUnusable
from postterm.store.local_state import (
    CENTRAL_MARK_FILE,
    DamagedMaster,
    Enrolment,
    load_master,
    mark_master_checked,
    save_enrolment,
    save_master,
)
from postterm.sync.client import CentralClient

DEVICE_KEY_FILE = "device_key"
MASTER_DOCUMENTS = {"office": "/v1/master/office", "tariffs": "/v1/master/tariffs"}


def device_key(data_dir: Path) -> str:
    """This counter's secret device key, made on first use, readable by its owner only."""
    path = data_dir / DEVICE_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


class EnrolRefused(ValueError):
    """This data directory cannot be enrolled; the message says why and what to do."""


def held_journal(data_dir: Path) -> tuple[int, str] | None:
    """(entries, terminal) of a journal in `data_dir` that holds entries, else None."""
    path = data_dir / DB_NAME
    if not path.exists() or path.stat().st_size == 0:
        return None
    import sqlite3

    try:
        with Journal(data_dir, write=False, enrolling=True) as journal:
            count, terminal = journal.entry_count_and_terminal()
    except sqlite3.DatabaseError as exc:
        raise EnrolRefused(
            f"--data-dir: {path} is not a readable counter database ({exc}): "
            "enrol into an empty --data-dir"
        ) from None
    return (count, terminal or "?") if count else None


def enrol(data_dir: Path, central_url: str, code: str, *, timeout_s: float = 10.0) -> Enrolment:
    """Exchange `code` for this counter's identity and token, make (or take, while it holds
    no entries) the journal, and keep all three; EnrolRefused for a directory that holds a
    terminal's journal already."""
    held = held_journal(data_dir)
    if held is not None:
        count, terminal = held
        raise EnrolRefused(
            f"--data-dir: {data_dir} holds the journal of terminal {terminal} ({count} "
            "entries) and a data directory holds one terminal's journal: enrol into an empty "
            "--data-dir (this one stays terminal " + terminal + "'s)"
        )
    with CentralClient(central_url, timeout_s=timeout_s) as client:
        reply = client.enrol(code, device_key(data_dir))
    terminal_id = str(reply["terminal_id"])
    journal_id = secrets.token_hex(16)
    try:
        with Journal(data_dir, write=True, terminal=terminal_id, enrolling=True) as journal:
            journal.claim(terminal_id, journal_id)
    except JournalUnusable as exc:  # entries appeared since we looked
        raise EnrolRefused(f"--data-dir: {exc.reason}: enrol into an empty --data-dir") from None
    enrolment = Enrolment(
        terminal_id=terminal_id,
        office_id=str(reply["office_id"]),
        office_name=str(reply["office_name"]),
        central_url=central_url,
        journal_id=journal_id,
    )
    mark = data_dir / CENTRAL_MARK_FILE
    mark.unlink(missing_ok=True)  # an earlier terminal's: this one starts at the central's 0
    save_enrolment(data_dir, enrolment, str(reply["token"]))
    return enrolment


def pull_master(engine: Database, client: CentralClient) -> dict[str, bool]:
    """Pull each master document unless unchanged (304); True where it changed."""
    changed = {}
    for name, path in MASTER_DOCUMENTS.items():
        try:
            held = load_master(engine, name)
        except DamagedMaster:  # pulled afresh below, which mends it
            held = None
        pulled = client.pull(path, held[0] if held else None)
        changed[name] = not pulled.unchanged
        now = datetime.now(UTC)
        if not pulled.unchanged:
            save_master(engine, name, pulled.etag or "", pulled.body)
            if name == "office":
                save_master(engine, "users", pulled.etag or "", pulled.body.get("users", []))
        mark_master_checked(engine, name, now)
        if name == "office":
            mark_master_checked(engine, "users", now)
    return changed
