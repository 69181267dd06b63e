"""Writing many rows fast and idempotently: `INSERT ... ON CONFLICT DO NOTHING`, telling which
keys were written (another writer may have won a key).

PostgreSQL: the rows are COPYed into a temporary table and inserted from it in one statement
(a 1,000-row VALUES statement with 12,000 parameters costs the server more to parse and plan
than to run). SQLite: executemany, which is local and fast already.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table

from postterm.central.db import insert_for

COPY_FROM = 200  # rows; fewer go the plain way


def insert_new(
    conn: Connection, target: Table, rows: list[dict[str, Any]], key: str | None = None
) -> set[Any]:
    """Insert `rows` (all with the same columns), skipping those whose primary key exists;
    the `key` values of the rows written (empty when `key` is None)."""
    if not rows:
        return set()
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        return _copy_insert(conn, target, rows, key)
    statement = insert_for(conn, target).on_conflict_do_nothing()
    if key is None:
        conn.execute(statement, rows)
        return set()
    return set(conn.execute(statement.returning(target.c[key]), rows).scalars())


def _copy_insert(
    conn: Connection, target: Table, rows: list[dict[str, Any]], key: str | None
) -> set[Any]:
    columns = list(rows[0])
    for column in columns:
        if column not in target.c:
            raise ValueError(f"{target.name} has no column {column}")
    names = ", ".join(f'"{c}"' for c in columns)
    staging = f"migrating_{target.name}"
    conn.exec_driver_sql(
        f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" '
        f'(LIKE "{target.name}" INCLUDING DEFAULTS) ON COMMIT DROP'
    )
    conn.exec_driver_sql(f'TRUNCATE "{staging}"')
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{staging}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
    returning = f' RETURNING "{key}"' if key else ""
    result = conn.exec_driver_sql(
        f'INSERT INTO "{target.name}" ({names}) SELECT {names} FROM "{staging}" '
        f"ON CONFLICT DO NOTHING{returning}"
    )
    return set(result.scalars()) if key else set()
