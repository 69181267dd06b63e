"""Views derived from the journal: which article ids are held, and by which booking.

The article index is a cache written in the same transaction as each entry; on open it is
compared with a rebuild from the journal, and rebuilt when they differ. Totals (cash
expected, the day's bookings) are always computed from entries, never kept as counters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from postterm.core.entries import Booking, Entry, Void, entry_of
from postterm.core.journal import parse_entry
from postterm.store.database import Connection


def index_rows(seq: int, entry: Entry) -> list[tuple[str, int]]:
    """The article ids an entry books: (article_id, seq) pairs."""
    if not isinstance(entry, Booking):
        return []
    return [(article_id, seq) for article_id in entry.article_ids]


def voided_seq(entry: Entry) -> int | None:
    """The booking seq a void entry releases."""
    return entry.voids_seq if isinstance(entry, Void) else None


def _derive(rows: Iterable[tuple[int, bytes]]) -> dict[tuple[str, int], int | None]:
    index: dict[tuple[str, int], int | None] = {}
    for seq, raw in rows:
        entry = entry_of(parse_entry(raw))
        for key in index_rows(seq, entry):
            index[key] = None
        target = voided_seq(entry)
        if target is not None:
            for key in [k for k in index if k[1] == target]:
                index[key] = seq
    return index


def _journal_rows(connection: Connection) -> Iterator[tuple[int, bytes]]:
    result = connection.execute("SELECT seq, entry FROM journal ORDER BY seq")
    for seq, raw in result:
        yield int(seq), bytes(raw)


def rebuild_article_index(connection: Connection) -> None:
    connection.execute("DELETE FROM article_index")
    for (article_id, seq), voided_by in _derive(_journal_rows(connection)).items():
        connection.execute(
            "INSERT INTO article_index (article_id, seq, voided_by) VALUES (?, ?, ?)",
            (article_id, seq, voided_by),
        )


def article_index_matches_journal(connection: Connection) -> bool:
    stored = {
        (str(a), int(s)): (int(v) if v is not None else None)
        for a, s, v in connection.execute("SELECT article_id, seq, voided_by FROM article_index")
    }
    return stored == _derive(_journal_rows(connection))
