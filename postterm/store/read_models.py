"""Views derived from the journal: which article ids are held, the day's bookings, cash.

The article index is a cache written in the same transaction as each entry; on open it is
compared with a rebuild from the journal, and rebuilt when they differ. Totals (cash
expected, the day's bookings) are always computed from entries, never kept as counters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core.journal import parse_entry
from postterm.store.database import Connection


def index_rows(seq: int, kind: str, payload: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The article ids an entry books: (article_id, seq) pairs."""
    if kind != "booking":
        return []
    return [(str(a["article_id"]), seq) for a in payload.get("articles", [])]


def voided_seq(kind: str, payload: Mapping[str, Any]) -> int | None:
    """The booking seq a void entry releases."""
    if kind != "void":
        return None
    value = payload.get("voids_seq")
    return value if isinstance(value, int) else None


def _derive(rows: Iterable[tuple[int, bytes]]) -> dict[tuple[str, int], int | None]:
    index: dict[tuple[str, int], int | None] = {}
    for seq, raw in rows:
        entry = parse_entry(raw)
        for key in index_rows(seq, entry.kind, entry.payload):
            index[key] = None
        target = voided_seq(entry.kind, entry.payload)
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
        for a, s, v in connection.execute(
            "SELECT article_id, seq, voided_by FROM article_index"
        )
    }
    return stored == _derive(_journal_rows(connection))


@dataclass(frozen=True)
class DayFigures:
    """What the journal says about one business day at this counter."""

    business_date: str
    opened: bool
    closed: bool
    bookings: int
    articles: int
    voids: int
    opening_cash_paise: int
    cash_taken_paise: int
    cash_voided_paise: int
    upi_taken_paise: int
    round_off_paise: int

    @property
    def cash_expected_paise(self) -> int:
        return self.opening_cash_paise + self.cash_taken_paise - self.cash_voided_paise


def day_figures(
    entries: Iterable[tuple[int, str, Mapping[str, Any]]], business_date: str
) -> DayFigures:
    """Fold one day's `(seq, kind, payload)` entries into its figures."""
    opened = closed = False
    bookings = articles = voids = 0
    opening = cash = cash_voided = upi = round_off = 0
    cash_by_seq: dict[int, int] = {}
    for seq, kind, payload in entries:
        if kind == "day-begin":
            opened, closed = True, False
            opening += int(payload.get("opening_cash_paise", 0))
        elif kind == "day-end":
            closed = True
        elif kind == "booking":
            bookings += 1
            articles += len(payload.get("articles", []))
            payment = payload.get("payment", {})
            if payment.get("mode") == "cash":
                cash += int(payment.get("due_paise", 0))
                cash_by_seq[seq] = int(payment.get("due_paise", 0))
                round_off += int(payment.get("round_off_paise", 0))
            else:
                upi += int(payment.get("total_paise", 0))
        elif kind == "void":
            voids += 1
            target = voided_seq(kind, payload)
            if target is not None:
                cash_voided += cash_by_seq.get(target, 0)
    return DayFigures(business_date, opened, closed, bookings, articles, voids, opening, cash,
                      cash_voided, upi, round_off)


def decode_payload(raw: bytes) -> tuple[str, dict[str, Any]]:
    """(kind, payload) of entry bytes, without the full parse (read models only)."""
    obj = json.loads(raw)
    return str(obj["kind"]), dict(obj["payload"])
