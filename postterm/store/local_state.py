"""The counter's own small state beside the journal: its enrolment, cached master data,
and what the central has acknowledged. None of this is booking data; the journal is."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from postterm.store.database import Database, DatabaseFault

ENROLMENT_FILE = "enrolment.json"
TOKEN_FILE = "token"
CENTRAL_MARK_FILE = "central_mark.json"


@dataclass(frozen=True)
class Enrolment:
    terminal_id: str
    office_id: str
    office_name: str
    central_url: str
    # the identity written into the journal made at enrolment; None for enrolments made
    # before journals had one (then only the central's mark can tell a journal is behind)
    journal_id: str | None = None


def save_enrolment(data_dir: Path, enrolment: Enrolment, token: str) -> None:
    """Keep the terminal's identity, and its token readable by its owner only."""
    data_dir.mkdir(parents=True, exist_ok=True)
    token_path = data_dir / TOKEN_FILE
    fd = os.open(token_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token)
    os.chmod(token_path, 0o600)
    temporary = data_dir / f"{ENROLMENT_FILE}.tmp"
    temporary.write_text(json.dumps(enrolment.__dict__, indent=2), encoding="utf-8")
    os.replace(temporary, data_dir / ENROLMENT_FILE)


def load_enrolment(data_dir: Path) -> Enrolment | None:
    path = data_dir / ENROLMENT_FILE
    if not path.exists():
        return None
    return Enrolment(**json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class CentralMark:
    """How far the central holds a terminal's journal, as it last said: kept beside the
    database, not in it, so a counter whose database was emptied or replaced still knows."""

    terminal_id: str
    seq: int
    hash: str
    heard_at: str


def save_central_mark(data_dir: Path, terminal_id: str, seq: int, digest: str) -> None:
    """Remember the central's acknowledged mark (written only when it moves)."""
    held = load_central_mark(data_dir, terminal_id)
    if held is not None and (held.seq, held.hash) == (seq, digest):
        return
    mark = CentralMark(terminal_id, seq, digest, datetime.now(UTC).isoformat())
    temporary = data_dir / f"{CENTRAL_MARK_FILE}.tmp"
    temporary.write_text(json.dumps(mark.__dict__, indent=2), encoding="utf-8")
    os.replace(temporary, data_dir / CENTRAL_MARK_FILE)


def load_central_mark(data_dir: Path, terminal_id: str) -> CentralMark | None:
    """The central's last word on `terminal_id`'s mark (None if never heard or unreadable)."""
    try:
        record = json.loads((data_dir / CENTRAL_MARK_FILE).read_text(encoding="utf-8"))
        mark = CentralMark(
            str(record["terminal_id"]),
            int(record["seq"]),
            str(record["hash"]),
            str(record["heard_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return mark if mark.terminal_id == terminal_id else None


def load_token(data_dir: Path) -> str | None:
    path = data_dir / TOKEN_FILE
    return path.read_text(encoding="ascii").strip() if path.exists() else None


def save_master(engine: Database, name: str, version: str, body: Any) -> None:
    raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    with engine.begin() as connection:
        connection.execute(
            "INSERT INTO master_data (name, version, body) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET version = excluded.version, body = excluded.body",
            (name, version, raw),
        )


class DamagedMaster(DatabaseFault):
    """A cached master document that no longer reads as JSON; pulling it again mends it."""


def load_master(engine: Database, name: str) -> tuple[str, Any] | None:
    """The cached master document `name` (its version and body), None if never pulled;
    DamagedMaster if its bytes were damaged on disk."""
    with engine.connect() as connection:
        row = connection.execute(
            "SELECT version, body FROM master_data WHERE name = ?", (name,)
        ).first()
    if row is None:
        return None
    try:
        return str(row[0]), json.loads(bytes(row[1]))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are both ValueErrors
        raise DamagedMaster(
            f"counter database {engine.path}: the cached {name} list is damaged ({exc}): "
            "pull it again from the central with postterm sync --once"
        ) from None


def damaged_masters(engine: Database) -> list[str]:
    """The names of cached master documents whose bytes no longer read as JSON."""
    with engine.connect() as connection:
        names = [str(row[0]) for row in connection.execute("SELECT name FROM master_data")]
    damaged = []
    for name in names:
        try:
            load_master(engine, name)
        except DamagedMaster:
            damaged.append(name)
    return damaged


def mark_master_checked(engine: Database, name: str, at: datetime) -> None:
    """Remember when `name` was last confirmed current with the central (pulled or 304)."""
    with engine.begin() as connection:
        connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (f"master_checked_at:{name}", at.isoformat()),
        )


def master_checked_at(engine: Database, name: str) -> datetime | None:
    """When `name` was last confirmed current with the central (None: never recorded)."""
    with engine.connect() as connection:
        row = connection.execute(
            "SELECT value FROM meta WHERE key = ?", (f"master_checked_at:{name}",)
        ).first()
    return datetime.fromisoformat(str(row[0])) if row else None


@dataclass(frozen=True)
class SyncState:
    acked_seq: int
    acked_hash: str
    last_success_at: str | None
    last_error: str | None
    quarantined: str | None
    revoked: str | None = None  # the central's word that this terminal is revoked
    contact: str | None = None  # whom the central says to ask about it

    def refusal(self) -> str | None:
        """One line saying the central revoked or quarantined this counter and whom to ask,
        or None while it trusts it."""
        if self.revoked:
            what = f"this counter was revoked by the central ({self.revoked})"
        elif self.quarantined:
            what = f"this counter is quarantined by the central ({self.quarantined})"
        else:
            return None
        return f"{what}; ask {self.contact or 'your divisional office'}"


_SYNC_FIELDS = (
    "acked_seq",
    "acked_hash",
    "last_success_at",
    "last_error",
    "quarantined",
    "revoked",
    "contact",
)


def load_sync_state(engine: Database) -> SyncState:
    with engine.connect() as connection:
        row = connection.execute(
            f"SELECT {', '.join(_SYNC_FIELDS)} FROM sync_state WHERE id = 1"
        ).first()
    if row is None:
        return SyncState(0, "0" * 64, None, None, None)
    return SyncState(int(row[0]), str(row[1]), *row[2:])


def save_sync_state(engine: Database, **changes: Any) -> SyncState:
    """Update some fields of the sync state (acked mark, last error, quarantine...)."""
    current = load_sync_state(engine).__dict__ | changes
    with engine.begin() as connection:
        connection.execute(
            f"INSERT INTO sync_state (id, {', '.join(_SYNC_FIELDS)}) "
            f"VALUES (1, {', '.join('?' for _ in _SYNC_FIELDS)}) ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in _SYNC_FIELDS),
            tuple(current[name] for name in _SYNC_FIELDS),
        )
    return SyncState(**current)


REFUSAL_KEY = "sync_refusal"


@dataclass(frozen=True)
class Refusal:
    """The central refusing the same push again and again: what, how often, since when."""

    reason: str
    times: int
    since: str
    last_at: str


def note_refusal(engine: Database, reason: str) -> tuple[int, str]:
    """Count one more refusal of the push (a new reason starts the count again); returns
    how many times and since when (ISO UTC)."""
    now = datetime.now(UTC).isoformat()
    held = load_refusal(engine)
    if held is not None and held.reason == reason:
        refusal = Refusal(reason, held.times + 1, held.since, now)
    else:
        refusal = Refusal(reason, 1, now, now)
    with engine.begin() as connection:
        connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (REFUSAL_KEY, json.dumps(refusal.__dict__)),
        )
    return refusal.times, refusal.since


def load_refusal(engine: Database) -> Refusal | None:
    with engine.connect() as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (REFUSAL_KEY,)).first()
    if row is None:
        return None
    try:
        return Refusal(**json.loads(str(row[0])))
    except (ValueError, TypeError):
        return None


def clear_refusal(engine: Database) -> None:
    """The central took a push: the refusals are over."""
    if load_refusal(engine) is None:
        return
    with engine.begin() as connection:
        connection.execute("DELETE FROM meta WHERE key = ?", (REFUSAL_KEY,))


def add_notice(
    engine: Database, kind: str, detail: str, seq: int | None = None, article_id: str | None = None
) -> None:
    """Remember something the central reported (a conflict, a duplicate label)."""
    with engine.begin() as connection:
        exists = connection.execute(
            "SELECT 1 FROM central_notice WHERE kind = ? AND seq IS ? AND article_id IS ? "
            "AND detail = ?",
            (kind, seq, article_id, detail),
        ).first()
        if exists is None:
            connection.execute(
                "INSERT INTO central_notice (seq, kind, article_id, detail, seen_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (seq, kind, article_id, detail, datetime.now(UTC).isoformat()),
            )


def notices(engine: Database) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(
            "SELECT seq, kind, article_id, detail, seen_at FROM central_notice ORDER BY id"
        ).fetchall()
    return [
        dict(zip(("seq", "kind", "article_id", "detail", "seen_at"), r, strict=True)) for r in rows
    ]
