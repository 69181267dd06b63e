"""Wrong-PIN counts per user and the time a locked user may try again (kept on disk)."""

from __future__ import annotations

from datetime import datetime

from postterm.store.database import Database


def locked_until(engine: Database, user_id: str) -> datetime | None:
    with engine.connect() as connection:
        row = connection.execute(
            "SELECT locked_until FROM login_failure WHERE user_id = ?", (user_id,)
        ).first()
    return datetime.fromisoformat(row[0]) if row and row[0] else None


def record_failure(engine: Database, user_id: str, *, limit: int, lock_until: datetime) -> int:
    """Count one wrong PIN; lock the user at `limit` failures. Returns the count."""
    with engine.begin() as connection:
        row = connection.execute(
            "SELECT failures FROM login_failure WHERE user_id = ?", (user_id,)
        ).first()
        failures = (int(row[0]) if row else 0) + 1
        locked = lock_until.isoformat() if failures >= limit else None
        connection.execute(
            "INSERT INTO login_failure (user_id, failures, locked_until) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, "
            "locked_until = excluded.locked_until",
            (user_id, 0 if locked else failures, locked),
        )
    return failures


def clear_failures(engine: Database, user_id: str) -> None:
    with engine.begin() as connection:
        connection.execute("DELETE FROM login_failure WHERE user_id = ?", (user_id,))
