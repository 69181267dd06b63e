"""Enrolling this counter with the central, and pulling the master data it works from.

The device key is made once and kept in the data directory, so asking the central again
with the same code after a lost reply returns the same enrolment instead of an error.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from postterm.store.database import Database
from postterm.store.local_state import (
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


def enrol(data_dir: Path, central_url: str, code: str, *, timeout_s: float = 10.0) -> Enrolment:
    """Exchange `code` for this counter's identity and token, and keep both."""
    with CentralClient(central_url, timeout_s=timeout_s) as client:
        reply = client.enrol(code, device_key(data_dir))
    enrolment = Enrolment(
        terminal_id=str(reply["terminal_id"]),
        office_id=str(reply["office_id"]),
        office_name=str(reply["office_name"]),
        central_url=central_url,
    )
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
