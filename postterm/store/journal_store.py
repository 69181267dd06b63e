"""The counter's journal in its database: append (only), read, verify.

There is no update or delete path for entries. `append` reads the last entry, makes the
next seq and hash, and inserts the entry together with its read-model rows in one
transaction; the transaction is the booking.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from sqlite3 import IntegrityError
from typing import Any

from postterm.core.journal import (
    GENESIS_HASH,
    ChainBreak,
    JournalEntry,
    chain_hash,
    verify_chain,
)
from postterm.store.database import Connection, Database, open_engine
from postterm.store.read_models import (
    article_index_matches_journal,
    index_rows,
    rebuild_article_index,
    voided_seq,
)
from postterm.store.writer_lock import WriterLock

DB_NAME = "counter.sqlite"


@dataclass(frozen=True)
class StoredEntry:
    seq: int
    kind: str
    entry: bytes
    hash: str
    basket_key: str | None = None


def _stored(row: Any) -> StoredEntry:
    return StoredEntry(int(row[0]), str(row[1]), bytes(row[2]), str(row[3]), row[4])


class DuplicateBasket(Exception):
    """A basket key already booked; carries the seq that holds it."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"basket already booked as seq {seq}")
        self.seq = seq


class Journal:
    """One counter's journal. Open for writing (takes the writer lock) or read-only; a
    counter `session` takes the lock over from its own account's older session."""

    def __init__(self, data_dir: Path, *, write: bool, terminal: str = "",
                 wait_s: float = 2.0, session: bool = False) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.terminal = terminal
        self._lock = WriterLock(data_dir / f"{DB_NAME}.lock")
        if write:
            self._lock.acquire(wait_s, session=session)
        try:
            self.engine: Database = open_engine(self.path, read_only=not write)
            if write:
                self._check_read_models()
        except BaseException:
            self._lock.release()
            raise
        self.writable = write

    def close(self) -> None:
        self.engine.dispose()
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _check_read_models(self) -> None:
        with self.engine.begin() as connection:
            if not article_index_matches_journal(connection):
                rebuild_article_index(connection)

    # -- writing --------------------------------------------------------------------------

    def append(
        self,
        *,
        kind: str,
        clerk: str,
        business_date: date,
        created_at: datetime,
        payload: Mapping[str, Any],
        basket_key: str | None = None,
        version: int = 1,
    ) -> StoredEntry:
        """Append one entry in one transaction; DuplicateBasket if the key is booked."""
        if not self.writable:
            raise PermissionError("journal opened read-only")
        try:
            with self.engine.begin() as connection:
                if basket_key is not None:
                    held = self._seq_of_basket(connection, basket_key)
                    if held is not None:
                        raise DuplicateBasket(held)
                last = connection.execute(
                    "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
                ).first()
                seq = int(last[0]) + 1 if last else 1
                prev = str(last[1]) if last else GENESIS_HASH
                entry = JournalEntry(
                    terminal=self.terminal, seq=seq, kind=kind, created_at=created_at,
                    business_date=business_date, clerk=clerk, payload=dict(payload), v=version,
                )
                raw = entry.to_bytes()
                digest = chain_hash(prev, raw)
                connection.execute(
                    "INSERT INTO journal (seq, kind, business_date, entry, hash, basket_key) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (seq, kind, business_date.isoformat(), raw, digest, basket_key),
                )
                for article_id, booked_seq in index_rows(seq, kind, payload):
                    connection.execute(
                        "INSERT INTO article_index (article_id, seq) VALUES (?, ?)",
                        (article_id, booked_seq),
                    )
                target = voided_seq(kind, payload)
                if target is not None:
                    connection.execute(
                        "UPDATE article_index SET voided_by = ? WHERE seq = ?", (seq, target)
                    )
        except IntegrityError:
            if basket_key is not None:
                with self.engine.connect() as connection:
                    held = self._seq_of_basket(connection, basket_key)
                if held is not None:
                    raise DuplicateBasket(held) from None
            raise
        return StoredEntry(seq, kind, raw, digest, basket_key)

    # -- reading --------------------------------------------------------------------------

    @staticmethod
    def _seq_of_basket(connection: Connection, basket_key: str) -> int | None:
        row = connection.execute(
            "SELECT seq FROM journal WHERE basket_key = ?", (basket_key,)
        ).first()
        return int(row[0]) if row else None

    def seq_of_basket(self, basket_key: str) -> int | None:
        with self.engine.connect() as connection:
            return self._seq_of_basket(connection, basket_key)

    def last(self) -> StoredEntry | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                "SELECT seq, kind, entry, hash, basket_key FROM journal ORDER BY seq DESC LIMIT 1"
            ).first()
        return _stored(row) if row else None

    def get(self, seq: int) -> StoredEntry | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                "SELECT seq, kind, entry, hash, basket_key FROM journal WHERE seq = ?", (seq,)
            ).first()
        return _stored(row) if row else None

    def entries(self, after: int = 0, limit: int | None = None,
                business_date: date | None = None) -> Iterator[StoredEntry]:
        sql = "SELECT seq, kind, entry, hash, basket_key FROM journal WHERE seq > ?"
        params: list[Any] = [after]
        if business_date is not None:
            sql += " AND business_date = ?"
            params.append(business_date.isoformat())
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(sql, tuple(params)).fetchall()
        for row in rows:
            yield _stored(row)

    def last_of_kinds(self, business_date: date, kinds: tuple[str, ...]) -> str | None:
        """The kind of the latest entry of `business_date` among `kinds`, if any."""
        marks = ", ".join("?" for _ in kinds)
        with self.engine.connect() as connection:
            row = connection.execute(
                f"SELECT kind FROM journal WHERE business_date = ? AND kind IN ({marks}) "
                "ORDER BY seq DESC LIMIT 1",
                (business_date.isoformat(), *kinds),
            ).first()
        return str(row[0]) if row else None

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute("SELECT COUNT(*) FROM journal").scalar_one())

    def holder_of(self, article_id: str) -> int | None:
        """The seq of the live (not voided) booking of `article_id`, if any."""
        with self.engine.connect() as connection:
            row = connection.execute(
                "SELECT seq FROM article_index WHERE article_id = ? AND voided_by IS NULL",
                (article_id,),
            ).first()
        return int(row[0]) if row else None

    def damage(self) -> str | None:
        """What is damaged outside the hash chain, None when everything reads: the file's
        pages (SQLite's quick_check) and the cached master documents."""
        from postterm.store.local_state import damaged_masters

        with self.engine.connect() as connection:
            found = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        if found != ["ok"]:
            return f"database pages: {found[0]}" + (
                f" (and {len(found) - 1} more)" if len(found) > 1 else "")
        masters = damaged_masters(self.engine)
        if masters:
            return (f"cached {', '.join(masters)} no longer read(s) as JSON: pull again with "
                    "postterm sync --once")
        return None

    def verify(self, acked_seq: int = 0, acked_hash: str = GENESIS_HASH) -> ChainBreak | None:
        """The first broken seq, checking the chain and the central's acknowledged hash."""
        records = ((e.seq, e.entry, e.hash) for e in self.entries())
        broken = verify_chain(records)
        if broken is not None:
            return broken
        if acked_seq > 0:
            held = self.get(acked_seq)
            if held is None:
                return ChainBreak(acked_seq, "the central acknowledged this seq but it is gone")
            if held.hash != acked_hash:
                return ChainBreak(
                    acked_seq,
                    "chain differs from the hash the central acknowledged: rewritten at or before",
                )
        return None
