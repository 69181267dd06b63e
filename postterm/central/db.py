"""The central's database connection: one engine per process, short write transactions.

SQLite (the default, one file) and PostgreSQL (production) behave alike here:
- SQLite runs in WAL mode with a busy timeout; a write transaction starts with
  `BEGIN IMMEDIATE`, so two worker processes queue for the write lock instead of failing
  half-way through a batch.
- PostgreSQL write paths lock the one row they serialise on (`SELECT ... FOR UPDATE`) and rely
  on primary keys and `ON CONFLICT DO NOTHING` for idempotency; a deadlock or serialization
  failure is retried a few times, since every write here is safe to repeat.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, OperationalError

DB_ENV = "POSTTERM_CENTRAL_DB"
T = TypeVar("T")


def default_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("postterm", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'central.sqlite3'}"


def url_from_env() -> str:
    return os.environ.get(DB_ENV) or default_url()


def make_engine(url: str) -> Engine:
    """An engine for `url`, tuned for the dialect."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def is_sqlite(conn_or_engine: Connection | Engine) -> bool:
    return conn_or_engine.dialect.name == "sqlite"


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction."""
    with engine.connect() as conn, conn.begin():
        yield conn


def writing(engine: Engine, work: Callable[[Connection], T], *, attempts: int = 5) -> T:
    """Run `work(conn)` in one write transaction, retried on deadlock or lock timeout.

    `work` must be safe to repeat: everything the central writes is keyed by ids made by
    terminals and inserted idempotently, so a retry never duplicates a row.
    """
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as conn:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    return work(conn)
        except (OperationalError, DBAPIError) as exc:
            if attempt == attempts or not _retryable(exc):
                raise
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    if code in {"40001", "40P01", "55P03"}:  # serialization failure, deadlock, lock timeout
        return True
    return "database is locked" in str(exc.orig)


def insert_for(conn: Connection, table: Table) -> sqlite.Insert | postgresql.Insert:
    """The dialect's INSERT, which offers `on_conflict_do_nothing()`."""
    if is_sqlite(conn):
        return sqlite.insert(table)
    return postgresql.insert(table)


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
