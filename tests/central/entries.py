"""Journal entries as a counter writes them (payloads built through `core/entries.py`),
chained, for feeding the central."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from postterm.core import s10
from postterm.core.journal import GENESIS_HASH, JournalEntry, chain_hash
from tests.support.journal_entries import booking_payload

IST = timezone(timedelta(hours=5, minutes=30))
DAY = date(2026, 8, 9)


def article_id(serial: int, indicator: str = "EE") -> str:
    return s10.make(indicator, f"{serial:08d}")


@dataclass
class CounterJournal:
    """A counter's journal in memory: append entries, hand out wire batches."""

    terminal: str
    clerk: str = "476337-SO-01"
    records: list[tuple[int, bytes, str]] = field(default_factory=list)

    @property
    def last_hash(self) -> str:
        return self.records[-1][2] if self.records else GENESIS_HASH

    def append(self, kind: str, payload: dict[str, Any], *, v: int = 1, day: date = DAY) -> int:
        seq = len(self.records) + 1
        entry = JournalEntry(
            terminal=self.terminal,
            seq=seq,
            kind=kind,
            created_at=datetime(day.year, day.month, day.day, 10, 0, tzinfo=IST)
            + timedelta(seconds=seq),
            business_date=day,
            clerk=self.clerk,
            payload=payload,
            v=v,
        )
        raw = entry.to_bytes()
        self.records.append((seq, raw, chain_hash(self.last_hash, raw)))
        return seq

    def book(self, ids: list[str], **kwargs: Any) -> int:
        return self.append("booking", booking_payload(ids, **kwargs))

    def wire(self, first: int = 1, last: int | None = None) -> dict[str, Any]:
        chosen = [r for r in self.records if r[0] >= first and (last is None or r[0] <= last)]
        return {"entries": [{"seq": s, "entry": raw.decode(), "hash": h} for s, raw, h in chosen]}
