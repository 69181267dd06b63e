"""The basket a clerk is filling, kept on disk at every change (in the `meta` table, one
row per clerk), so a dropped link or a killed session leaves it for the clerk's next
log-in. A row also says how far settling went: `open`, `settling`, or `booked` with the
receipt's seq and whether it printed."""

from __future__ import annotations

import json
from typing import Any

from postterm.store.database import Database

_PREFIX = "basket-draft:"


def save_draft(engine: Database, clerk: str, record: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_PREFIX + clerk, json.dumps(record, sort_keys=True)),
        )


def load_draft(engine: Database, clerk: str) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute("SELECT value FROM meta WHERE key = ?", (_PREFIX + clerk,)).first()
    if row is None:
        return None
    try:
        record = json.loads(row[0])
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def clear_draft(engine: Database, clerk: str) -> None:
    with engine.begin() as connection:
        connection.execute("DELETE FROM meta WHERE key = ?", (_PREFIX + clerk,))
