"""Opening the counter's database: WAL, durable commits, and schema upgrades in place.

Durability: `synchronous=FULL` in WAL mode. With NORMAL, a commit in WAL mode is not synced
until the next checkpoint, so a power cut can lose the last bookings after the screen said
"booked"; FULL syncs the WAL on every commit, which costs one fsync per booking (a few ms)
and is the price of "committed = booked". Writers take the database lock at BEGIN
(`BEGIN IMMEDIATE`), so two writers never interleave a read of the last seq with an append.

Schema versions live in `PRAGMA user_version`; each step in `MIGRATIONS` upgrades one
version inside one transaction, so an older database is upgraded on open without loss.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 5.0


class DatabaseFault(RuntimeError):
    """The counter database cannot be used now: locked, full, read-only or damaged.

    A fault of the machine, not of what was typed; the message is the one line a person
    reads, naming the file and what to do; `short` says the cause in a few words, for a
    screen line that has no room for the path.
    """

    def __init__(self, reason: str, short: str = "the counter database cannot be used") -> None:
        super().__init__(reason)
        self.short = short


def _disk_is_full(folder: Path) -> bool:
    """Less room left than SQLite needs for one more page of WAL and shared memory."""
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def _on_read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def fault_of(path: Path, exc: sqlite3.Error) -> DatabaseFault:
    """One line for an SQLite failure on the counter database at `path`."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    detail = str(exc)
    folder = path.parent
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in detail:
        short = "the counter database is busy"
        reason = (
            f"counter database {path} is locked by another program (waited "
            f"{BUSY_TIMEOUT_S:g} s): close it (sqlite3, a backup, another postterm), "
            "then try again"
        )
    elif name.startswith("SQLITE_READONLY") or (
        name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")) and _on_read_only_disk(folder)
    ):
        short = "the data directory is read-only"
        reason = (
            f"data directory {folder} is read-only ({detail}); SQLite writes its -wal "
            "and -shm files beside the database even to read it: make it writable "
            "(remount the disk), or copy it to a writable disk and give --data-dir"
        )
    elif name.startswith("SQLITE_FULL") or (
        name.startswith("SQLITE_IOERR") and _disk_is_full(folder)
    ):
        short = "the disk is full"
        reason = (
            f"disk full: cannot write the counter database {path}: free space on that "
            "disk, then try again (nothing was written)"
        )
    elif name.startswith("SQLITE_CANTOPEN"):
        short = "the counter database cannot be opened"
        reason = (
            f"cannot open the counter database {path} ({detail}): check that the data "
            "directory exists and is writable"
        )
    elif name.startswith("SQLITE_IOERR"):
        short = "a disk error"
        reason = (
            f"disk error on the counter database {path} ({detail}): check the disk, then try again"
        )
    else:
        short = "the counter database is damaged"
        reason = (
            f"counter database {path} is damaged ({detail}): restore it from a backup; "
            "postterm journal verify says what it can still read"
        )
    return DatabaseFault(reason, short)


class Result:
    """What a statement returned: rows, or the first row, or the one value."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def first(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def scalar_one(self) -> Any:
        row = self._cursor.fetchone()
        if row is None:
            raise LookupError("the statement returned no row")
        return row[0]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)


class Connection:
    """One thread's connection to the counter database."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Result:
        return Result(self.raw.execute(sql, params))


class Database:
    """The counter database file, one connection per thread, transactions made explicit.

    The standard library's sqlite3 rather than SQLAlchemy: the store writes its SQL by hand
    (append-only journal, `BEGIN IMMEDIATE`, PRAGMAs), and SQLAlchemy's import alone cost
    half of the counter's one-second start-up budget.
    """

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _raw(self) -> sqlite3.Connection:
        raw: sqlite3.Connection | None = getattr(self._local, "raw", None)
        if raw is None:
            uri = f"file:{self.path}?mode=ro" if self.read_only else f"file:{self.path}"
            try:
                raw = sqlite3.connect(
                    uri,
                    uri=True,
                    isolation_level=None,
                    timeout=BUSY_TIMEOUT_S,
                    check_same_thread=False,
                )
            except sqlite3.Error as exc:
                raise fault_of(self.path, exc) from exc  # the log keeps the cause
            try:
                if not self.read_only:
                    raw.execute("PRAGMA journal_mode=WAL")
                raw.execute("PRAGMA synchronous=FULL")
                raw.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
                raw.execute("PRAGMA foreign_keys=ON")
            except sqlite3.Error as exc:
                raw.close()
                raise fault_of(self.path, exc) from exc  # the log keeps the cause
            self._local.raw = raw
            with self._lock:
                self._opened.append(raw)
        return raw

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: writers take the database lock at BEGIN (IMMEDIATE).

        SQLite failures other than a broken constraint leave as one `DatabaseFault` line
        (locked, full, read-only, damaged); the transaction is rolled back.
        """
        raw = self._raw()
        try:
            raw.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
            try:
                yield Connection(raw)
            except BaseException:
                if raw.in_transaction:
                    with suppress(sqlite3.Error):
                        raw.execute("ROLLBACK")
                raise
            try:
                raw.execute("COMMIT")
            except sqlite3.Error:
                if raw.in_transaction:
                    with suppress(sqlite3.Error):
                        raw.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise fault_of(self.path, exc) from exc  # the log keeps the cause

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """Reads outside a transaction (each statement sees a committed state)."""
        try:
            yield Connection(self._raw())
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise fault_of(self.path, exc) from exc  # the log keeps the cause

    def dispose(self) -> None:
        with self._lock:
            for raw in self._opened:
                raw.close()
            self._opened.clear()
        self._local = threading.local()


def _v1(connection: Connection) -> None:
    """The first schema: the journal and the key/value meta table."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "business_date TEXT NOT NULL, entry BLOB NOT NULL, hash TEXT NOT NULL, "
        "basket_key TEXT UNIQUE)"
    )
    connection.execute(
        "CREATE INDEX IF NOT EXISTS ix_journal_business_date ON journal (business_date)"
    )
    connection.execute(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    )


def _v2(connection: Connection) -> None:
    """Read models and sync bookkeeping; the article index is filled from the journal."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS article_index (article_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " voided_by INTEGER, PRIMARY KEY (article_id, seq))"
    )
    connection.execute(
        "CREATE TABLE IF NOT EXISTS master_data (name TEXT PRIMARY KEY, version TEXT NOT NULL, "
        "body BLOB NOT NULL)"
    )
    connection.execute(
        "CREATE TABLE IF NOT EXISTS sync_state (id INTEGER PRIMARY KEY, acked_seq INTEGER NOT NULL,"
        " acked_hash TEXT NOT NULL, last_success_at TEXT, last_error TEXT, quarantined TEXT)"
    )
    connection.execute(
        "CREATE TABLE IF NOT EXISTS central_notice (id INTEGER PRIMARY KEY, seq INTEGER, "
        "kind TEXT NOT NULL, article_id TEXT, detail TEXT NOT NULL, seen_at TEXT NOT NULL)"
    )
    from postterm.store.read_models import rebuild_article_index

    rebuild_article_index(connection)


def _v3(connection: Connection) -> None:
    """Wrong-PIN counts and locks per user, so a lockout survives a restart."""
    connection.execute(
        "CREATE TABLE IF NOT EXISTS login_failure (user_id TEXT PRIMARY KEY, "
        "failures INTEGER NOT NULL, locked_until TEXT)"
    )


def _v4(connection: Connection) -> None:
    """What the central said about this terminal: revoked (the reason), and whom to ask."""
    connection.execute("ALTER TABLE sync_state ADD COLUMN revoked TEXT")
    connection.execute("ALTER TABLE sync_state ADD COLUMN contact TEXT")


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4}


def open_engine(path: Path, *, read_only: bool = False) -> Database:
    """The counter database at `path`, created and upgraded when writable.

    An existing file of 0 bytes is refused rather than made into a new, empty journal:
    SQLite never leaves one behind once the schema is written, so it is a truncated copy.
    """
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no counter database at {path}")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.stat().st_size == 0:
        raise DatabaseFault(
            f"counter database {path} is empty (0 bytes), so its journal is "
            "lost: restore it from a backup"
        )
    database = Database(path, read_only=read_only)
    if read_only:
        if schema_version(database) == 0:
            database.dispose()
            raise DatabaseFault(
                f"counter database {path} holds no journal (not a postterm "
                "database, or damaged): restore it from a backup"
            )
    else:
        try:
            upgrade(database)
        except BaseException:
            database.dispose()
            raise
    return database


def schema_version(engine: Database) -> int:
    with engine.connect() as connection:
        return int(connection.execute("PRAGMA user_version").scalar_one())


def upgrade(engine: Database, target: int = SCHEMA_VERSION) -> None:
    """Apply each missing migration in its own transaction, up to `target`."""
    current = schema_version(engine)
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"counter database is schema {current}, newer than this postterm ({SCHEMA_VERSION})"
        )
    for version in range(current + 1, target + 1):
        with engine.begin() as connection:
            MIGRATIONS[version](connection)
            connection.execute(f"PRAGMA user_version = {version}")
