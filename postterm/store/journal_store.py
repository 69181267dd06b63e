"""The counter's journal in its database: append (only), read, verify.

There is no update or delete path for entries. `append` reads the last entry, makes the
next seq and hash, and inserts the entry together with its read-model rows in one
transaction; the transaction is the booking.

A journal knows whether it may be added to (`unusable`, checked when opened for writing):
its chain must hold (recomputed from the bytes at open, a few microseconds an entry; each
append then checks the last entry again, so an edit made meanwhile is caught too), it must
be the journal its enrolment made (`journal_id` in its `meta` table), and it must reach the
mark the central acknowledged (remembered beside the database, and in it). A journal that
is missing, someone else's, behind the central or broken refuses every append and says
how to recover, rather than start again at seq 1 and collide with what the central holds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from sqlite3 import IntegrityError
from typing import Any, Literal

from postterm.core.entries import read
from postterm.core.journal import (
    GENESIS_HASH,
    ChainBreak,
    JournalEntry,
    chain_hash,
    verify_chain,
)
from postterm.store.database import Connection, Database, open_engine
from postterm.store.local_state import (
    Enrolment,
    load_central_mark,
    load_enrolment,
    load_sync_state,
)
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


RECOVER = (
    "restore the counter database from a backup, or enrol this counter as a new "
    "terminal into an empty data directory (postterm enroll --data-dir NEW)"
)
Trouble = Literal["missing", "foreign", "behind", "broken"]


class JournalUnusable(Exception):
    """Nothing may be appended to this journal; the message says why and how to recover.

    `trouble`: missing (the database is gone or empty), foreign (not the journal this
    terminal was enrolled with), behind (it does not reach what the central holds), broken
    (its chain does not verify at `seq`)."""

    def __init__(self, trouble: Trouble, reason: str, seq: int | None = None) -> None:
        super().__init__(reason)
        self.trouble: Trouble = trouble
        self.reason = reason
        self.seq = seq


def missing_journal(data_dir: Path, enrolment: Enrolment | None) -> JournalUnusable | None:
    """The enrolment made a journal here, and it is gone (no file, or an empty one)."""
    path = data_dir / DB_NAME
    if enrolment is None or enrolment.journal_id is None:
        return None
    if path.exists() and path.stat().st_size > 0:
        return None
    return JournalUnusable(
        "missing",
        f"the journal of terminal {enrolment.terminal_id} is missing ({path} is gone or "
        f"empty), so nothing is booked on it: {RECOVER}",
    )


def chain_tip(connection: Connection) -> tuple[int, str] | ChainBreak:
    """The last (seq, hash) after checking every hash against the bytes and the previous
    hash (not re-parsing entries: `verify` does that), or where the chain breaks."""
    prev, expected = GENESIS_HASH, 1
    for seq, raw, stored in connection.execute("SELECT seq, entry, hash FROM journal ORDER BY seq"):
        if seq != expected:
            return ChainBreak(expected, f"seq {expected} is missing (found {seq})")
        if chain_hash(prev, bytes(raw)) != stored:
            return ChainBreak(seq, "hash does not match the entry's bytes and the chain")
        prev, expected = str(stored), expected + 1
    return expected - 1, prev


class DuplicateBasket(Exception):
    """A basket key already booked; carries the seq that holds it."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"basket already booked as seq {seq}")
        self.seq = seq


class Journal:
    """One counter's journal. Open for writing (takes the writer lock) or read-only; a
    counter `session` takes the lock over from its own account's older session."""

    def __init__(
        self,
        data_dir: Path,
        *,
        write: bool,
        terminal: str = "",
        wait_s: float = 2.0,
        enrolling: bool = False,
        session: bool = False,
    ) -> None:
        """Open the journal in `data_dir`. Opened for writing, it is checked (`unusable`);
        a journal its enrolment made that is gone raises JournalUnusable rather than being
        made anew. `enrolling`: enrolment is making or taking this journal (no checks)."""
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.terminal = terminal
        self.enrolment = None if enrolling else load_enrolment(data_dir)
        self.unusable: JournalUnusable | None = None
        self._tip: tuple[int, str] | None = None
        self._lock = WriterLock(data_dir / f"{DB_NAME}.lock")
        if write:
            self._lock.acquire(wait_s, session=session)
        try:
            missing = missing_journal(data_dir, self.enrolment)
            if missing is not None:
                raise missing
            self.engine: Database = open_engine(self.path, read_only=not write)
            if write:
                self.unusable = self.problem()
                if self.unusable is None or self.unusable.trouble != "broken":
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

    # -- what it may be used for ---------------------------------------------------------

    def journal_id(self) -> str | None:
        """The identity enrolment wrote into this journal (None: made before identities)."""
        with self.engine.connect() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = 'journal_id'").first()
        return str(row[0]) if row else None

    def claim(self, terminal_id: str, journal_id: str) -> None:
        """Make this journal `terminal_id`'s (enrolment): only while it holds no other
        terminal's entries; sync bookkeeping of an earlier terminal here is dropped."""
        with self.engine.begin() as connection:
            count = int(connection.execute("SELECT COUNT(*) FROM journal").scalar_one())
            if count:
                first = connection.execute("SELECT entry FROM journal ORDER BY seq LIMIT 1").first()
                held_by = entry_terminal(bytes(first[0]))
                if held_by != terminal_id:
                    raise JournalUnusable(
                        "foreign",
                        f"{self.data_dir} holds the journal of terminal {held_by} "
                        f"({count} entries)",
                    )
            before = connection.execute("SELECT value FROM meta WHERE key = 'terminal_id'").first()
            if before is None or str(before[0]) != terminal_id:
                connection.execute("DELETE FROM sync_state")
                connection.execute("DELETE FROM central_notice")
            for key, value in (("terminal_id", terminal_id), ("journal_id", journal_id)):
                connection.execute(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def problem(self, *, full: bool = False) -> JournalUnusable | None:
        """Why nothing may be appended, or None: the chain (`full`: every entry re-parsed as
        `verify` does; else hashes only), the identity enrolment gave it, and the marks the
        central acknowledged."""
        with self.engine.connect() as connection:
            tip = chain_tip(connection)
        if full and not isinstance(tip, ChainBreak):
            tip = self.verify() or tip
        if isinstance(tip, ChainBreak):
            return JournalUnusable(
                "broken",
                f"the journal's chain is broken at seq {tip.seq} ({tip.reason}); "
                f"nothing more is added to it: {RECOVER}",
                tip.seq,
            )
        self._tip = tip
        enrolment = self.enrolment
        if (
            enrolment is not None
            and enrolment.journal_id is not None
            and self.journal_id() != enrolment.journal_id
        ):
            return JournalUnusable(
                "foreign",
                f"{self.path} is not the journal terminal "
                f"{enrolment.terminal_id} was enrolled with (it was made anew or comes "
                f"from elsewhere): {RECOVER}",
            )
        marks: list[tuple[int, str]] = []
        state = load_sync_state(self.engine)
        if state.acked_seq > 0:
            marks.append((state.acked_seq, state.acked_hash))
        if enrolment is not None:
            heard = load_central_mark(self.data_dir, enrolment.terminal_id)
            if heard is not None and heard.seq > 0:
                marks.append((heard.seq, heard.hash))
        for seq, digest in sorted(marks, reverse=True):
            found = self.behind(seq, digest)
            if found is not None:
                return found
        return None

    def behind(self, seq: int, digest: str) -> JournalUnusable | None:
        """The central holds this terminal's journal up to `seq` with hash `digest`: None if
        this journal reaches it with the same hash, else why not."""
        if seq <= 0:
            return None
        who = self.enrolment.terminal_id if self.enrolment else self.terminal
        last = self.last()
        ends = last.seq if last else 0
        if ends < seq:
            return JournalUnusable(
                "behind",
                f"the journal ends at seq {ends} but the central holds terminal "
                f"{who}'s entries up to seq {seq}: {RECOVER}",
                seq,
            )
        held = self.get(seq)
        if held is None or held.hash != digest:
            return JournalUnusable(
                "behind",
                f"the journal differs at seq {seq} from what the central holds for "
                f"terminal {who}: {RECOVER}",
                seq,
            )
        return None

    def refuse(self, why: JournalUnusable) -> None:
        """From now on nothing is appended (the replicator learnt the journal is behind)."""
        self.unusable = why

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
        if self.unusable is not None:
            refused = self.unusable
            raise JournalUnusable(refused.trouble, refused.reason, refused.seq)
        try:
            with self.engine.begin() as connection:
                if basket_key is not None:
                    held = self._seq_of_basket(connection, basket_key)
                    if held is not None:
                        raise DuplicateBasket(held)
                seq, prev = self._checked_tip(connection)
                entry = JournalEntry(
                    terminal=self.terminal,
                    seq=seq,
                    kind=kind,
                    created_at=created_at,
                    business_date=business_date,
                    clerk=clerk,
                    payload=dict(payload),
                    v=version,
                )
                raw = entry.to_bytes()
                digest = chain_hash(prev, raw)
                connection.execute(
                    "INSERT INTO journal (seq, kind, business_date, entry, hash, basket_key) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (seq, kind, business_date.isoformat(), raw, digest, basket_key),
                )
                typed = read(kind, version, payload)
                for article_id, booked_seq in index_rows(seq, typed):
                    connection.execute(
                        "INSERT INTO article_index (article_id, seq) VALUES (?, ?)",
                        (article_id, booked_seq),
                    )
                target = voided_seq(typed)
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
        self._tip = (seq, digest)
        return StoredEntry(seq, kind, raw, digest, basket_key)

    def _checked_tip(self, connection: Connection) -> tuple[int, str]:
        """The next seq and the hash it chains from, after checking the last entry against
        its bytes and the one before it; if the journal changed since this writer last
        looked, the whole chain again. JournalUnusable (naming the seq) when it fails."""
        rows = connection.execute(
            "SELECT seq, entry, hash FROM journal ORDER BY seq DESC LIMIT 2"
        ).fetchall()
        if not rows:
            tip: tuple[int, str] | ChainBreak = (0, GENESIS_HASH)
        else:
            seq, raw, stored = int(rows[0][0]), bytes(rows[0][1]), str(rows[0][2])
            before = str(rows[1][2]) if len(rows) > 1 else GENESIS_HASH
            tip = (seq, stored)
            gap = len(rows) > 1 and int(rows[1][0]) != seq - 1
            if gap or chain_hash(before, raw) != stored:
                tip = ChainBreak(seq, "hash does not match the entry's bytes and the chain")
            elif self._tip is not None and tip != self._tip:
                tip = chain_tip(connection)
        if isinstance(tip, ChainBreak):
            self.unusable = JournalUnusable(
                "broken",
                f"the journal's chain is broken at seq {tip.seq} ({tip.reason}); "
                f"nothing more is added to it: {RECOVER}",
                tip.seq,
            )
            raise JournalUnusable(self.unusable.trouble, self.unusable.reason, tip.seq)
        return tip[0] + 1, tip[1]

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

    def entries(
        self,
        after: int = 0,
        limit: int | None = None,
        business_date: date | None = None,
        kind: str | None = None,
    ) -> Iterator[StoredEntry]:
        sql = "SELECT seq, kind, entry, hash, basket_key FROM journal WHERE seq > ?"
        params: list[Any] = [after]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
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
                f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            )
        masters = damaged_masters(self.engine)
        if masters:
            return (
                f"cached {', '.join(masters)} no longer read(s) as JSON: pull again with "
                "postterm sync --once"
            )
        return None

    def entry_count_and_terminal(self) -> tuple[int, str | None]:
        """How many entries, and the terminal the first one names."""
        with self.engine.connect() as connection:
            count = int(connection.execute("SELECT COUNT(*) FROM journal").scalar_one())
            first = connection.execute("SELECT entry FROM journal ORDER BY seq LIMIT 1").first()
        return count, entry_terminal(bytes(first[0])) if first else None

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


def entry_terminal(raw: bytes) -> str:
    """The terminal an entry's bytes name ("?" if they name none)."""
    import json

    try:
        value = json.loads(raw.decode("utf-8")).get("terminal")
    except (ValueError, AttributeError):
        return "?"
    return str(value) if isinstance(value, str) and value else "?"
