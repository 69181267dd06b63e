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

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

SCHEMA_VERSION = 3


def _v1(connection: Connection) -> None:
    """The first schema: the journal and the key/value meta table."""
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "business_date TEXT NOT NULL, entry BLOB NOT NULL, hash TEXT NOT NULL, "
        "basket_key TEXT UNIQUE)"
    )
    connection.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_journal_business_date ON journal (business_date)"
    )
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
    )


def _v2(connection: Connection) -> None:
    """Read models and sync bookkeeping; the article index is filled from the journal."""
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS article_index (article_id TEXT NOT NULL, seq INTEGER NOT NULL,"
        " voided_by INTEGER, PRIMARY KEY (article_id, seq))"
    )
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS master_data (name TEXT PRIMARY KEY, version TEXT NOT NULL, "
        "body BLOB NOT NULL)"
    )
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS sync_state (id INTEGER PRIMARY KEY, acked_seq INTEGER NOT NULL,"
        " acked_hash TEXT NOT NULL, last_success_at TEXT, last_error TEXT, quarantined TEXT)"
    )
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS central_notice (id INTEGER PRIMARY KEY, seq INTEGER, "
        "kind TEXT NOT NULL, article_id TEXT, detail TEXT NOT NULL, seen_at TEXT NOT NULL)"
    )
    from postterm.store.read_models import rebuild_article_index

    rebuild_article_index(connection)


def _v3(connection: Connection) -> None:
    """Wrong-PIN counts and locks per user, so a lockout survives a restart."""
    connection.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS login_failure (user_id TEXT PRIMARY KEY, "
        "failures INTEGER NOT NULL, locked_until TEXT)"
    )


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3}


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def open_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the counter database at `path`, created and upgraded when writable."""
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"no counter database at {path}")
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    if not read_only:
        upgrade(engine)
    return engine


def schema_version(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())


def upgrade(engine: Engine, target: int = SCHEMA_VERSION) -> None:
    """Apply each missing migration in its own transaction, up to `target`."""
    current = schema_version(engine)
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"counter database is schema {current}, newer than this postterm ({SCHEMA_VERSION})"
        )
    for version in range(current + 1, target + 1):
        with engine.begin() as connection:
            MIGRATIONS[version](connection)
            connection.exec_driver_sql(f"PRAGMA user_version = {version}")
