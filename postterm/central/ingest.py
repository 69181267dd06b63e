"""Journal ingest: a terminal's batch of entries, taken idempotently by (terminal, seq).

Per entry, in order:
- seq already held, same bytes  -> `duplicate` (acknowledged again, nothing written);
- seq already held, other bytes -> `conflict`: the bytes are recorded in `journal_conflict`,
  the held entry is never overwritten, the terminal is quarantined and the batch stops;
- seq beyond the next expected  -> `gap`: the batch stops there;
- the next expected seq         -> the bytes must parse as a canonical entry of this terminal
  with this seq, and the hash recomputed from them and the held chain must equal the hash
  sent (when one is sent); then `accepted`, else `rejected` and the batch stops.
Entries after a stop are `skipped`. The reply carries the new acknowledged mark and hash.
`judge` decides each entry's verdict from what is held; `_ingest` carries it out.

A batch runs in one transaction holding the terminal's row lock (PostgreSQL `FOR UPDATE`,
SQLite `BEGIN IMMEDIATE`), so overlapping batches from retries or from two server processes
serialise per terminal; the primary key (terminal, seq) is the last line of defence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter
from sqlalchemy import Connection, Engine, select, update

from postterm.central.auth import Caller, CallerDep, EngineDep
from postterm.central.contacts import contact_for
from postterm.central.db import insert_for, utc_now, writing
from postterm.central.derivation import BasketPayment, booking_of, understood, void_of
from postterm.central.journal_wire import (
    Batch,
    BatchReply,
    DuplicateLabelOut,
    DuplicateUtrOut,
    EntryOutcome,
    SentEntry,
)
from postterm.central.models import (
    Article,
    DuplicateLabel,
    JournalConflict,
    JournalRecord,
    Terminal,
    TrackingEvent,
    table,
)
from postterm.central.refusals import Refused
from postterm.central.utrs import claim
from postterm.core.journal import JournalEntry, JournalFormatError, chain_hash, parse_entry

router = APIRouter(tags=["journal"])


@dataclass
class _Accepted:
    seq: int
    entry: JournalEntry
    raw: bytes
    hash: str
    outcome: EntryOutcome
    labels: list[DuplicateLabelOut] = field(default_factory=list)


def _stop_rest(results: list[EntryOutcome], rest: list[SentEntry], why: str) -> None:
    for sent in rest:
        results.append(EntryOutcome(seq=sent.seq, status="skipped", reason=why))


def ingest(engine: Engine, who: Caller, entries: list[SentEntry]) -> BatchReply:
    return writing(engine, lambda conn: _ingest(conn, who, entries))


def _ingest(conn: Connection, who: Caller, entries: list[SentEntry]) -> BatchReply:
    terminals, journal = table(Terminal), table(JournalRecord)
    me = (
        conn.execute(
            select(terminals).where(terminals.c.terminal_id == who.terminal_id).with_for_update()
        )
        .mappings()
        .one()
    )
    if me["status"] != "active":
        raise Refused(
            401,
            f"terminal {who.terminal_id} has been revoked by an administrator",
            revoked=True,
            contact=contact_for(conn, who.office_id),
        )
    if me["quarantined_at"] is not None:
        raise Refused(
            423, me["quarantine_reason"], quarantined=True, contact=contact_for(conn, who.office_id)
        )
    ack_seq: int = me["ack_seq"]
    ack_hash: str = me["ack_hash"]
    held_seqs = sorted({e.seq for e in entries if e.seq <= ack_seq})
    held: dict[int, tuple[bytes, str]] = {}
    if held_seqs:
        rows = conn.execute(
            select(journal.c.seq, journal.c.entry_bytes, journal.c.hash).where(
                journal.c.terminal_id == who.terminal_id, journal.c.seq.in_(held_seqs)
            )
        )
        held = {row.seq: (bytes(row.entry_bytes), row.hash) for row in rows}
    results: list[EntryOutcome] = []
    accepted: list[_Accepted] = []
    quarantine_reason: str | None = None
    now = utc_now()
    for index, sent in enumerate(entries):
        verdict = judge(sent, who.terminal_id, held, ack_seq, ack_hash)
        outcome = EntryOutcome(
            seq=sent.seq, status=verdict.status, reason=verdict.reason, hash=verdict.hash
        )
        results.append(outcome)
        if verdict.status == "conflict":
            quarantine_reason = _record_conflict(conn, who, sent.seq, verdict, now)
        if verdict.stop is not None:
            _stop_rest(results, entries[index + 1 :], verdict.stop)
            break
        if verdict.status == "accepted" and verdict.entry is not None and verdict.hash:
            accepted.append(_Accepted(sent.seq, verdict.entry, verdict.raw, verdict.hash, outcome))
            held[sent.seq] = (verdict.raw, verdict.hash)
            ack_seq, ack_hash = sent.seq, verdict.hash
    if accepted:
        # executemany: one cached statement, batched by the driver (a multi-VALUES
        # statement built per batch would be compiled afresh every time)
        conn.execute(
            insert_for(conn, journal).on_conflict_do_nothing(),
            [
                {
                    "terminal_id": who.terminal_id,
                    "seq": a.seq,
                    "office_id": who.office_id,
                    "kind": a.entry.kind.replace("\x00", "")[:40],  # an index, not the truth
                    "business_date": a.entry.business_date,
                    "entry_bytes": a.raw,
                    "hash": a.hash,
                    "received_at": now,
                    "derived": understood(a.entry),
                }
                for a in accepted
            ],
        )
        _derive(conn, who, accepted)
    values: dict[str, Any] = {"ack_seq": ack_seq, "ack_hash": ack_hash}
    if quarantine_reason:
        values.update(quarantined_at=now, quarantine_reason=quarantine_reason)
    conn.execute(
        update(terminals).where(terminals.c.terminal_id == who.terminal_id).values(**values)
    )
    return BatchReply(
        terminal_id=who.terminal_id,
        results=results,
        ack_seq=ack_seq,
        ack_hash=ack_hash,
        quarantined=quarantine_reason is not None,
        quarantine_reason=quarantine_reason,
        contact=contact_for(conn, who.office_id) if quarantine_reason else None,
    )


@dataclass(frozen=True)
class Verdict:
    """What the central makes of one sent entry: its status, why, the hash it holds for
    it, and `stop` (why the rest of the batch is skipped) when the batch stops here."""

    status: Literal["accepted", "duplicate", "conflict", "gap", "rejected"]
    reason: str | None = None
    hash: str | None = None
    stop: str | None = None
    raw: bytes = b""
    entry: JournalEntry | None = None


def judge(
    sent: SentEntry,
    terminal_id: str,
    held: Mapping[int, tuple[bytes, str]],
    ack_seq: int,
    ack_hash: str,
) -> Verdict:
    """The verdict on `sent`, given the entries `held` for its seq and the mark so far."""
    stopped = f"batch stopped at seq {sent.seq}"
    try:
        raw = sent.entry.encode("utf-8")
    except UnicodeEncodeError:
        return Verdict("rejected", "entry is not valid UTF-8 text", stop=stopped)
    if sent.seq in held:
        held_bytes, held_hash = held[sent.seq]
        if raw == held_bytes:
            return Verdict("duplicate", hash=held_hash)
        return Verdict(
            "conflict",
            f"seq {sent.seq} is already held with different bytes",
            held_hash,
            stop="terminal quarantined",
            raw=raw,
        )
    if sent.seq <= ack_seq:  # below the mark but not held: the central lost a row
        return Verdict(
            "rejected",
            f"the central does not hold seq {sent.seq} below its mark {ack_seq}",
            stop=stopped,
        )
    if sent.seq > ack_seq + 1:
        return Verdict(
            "gap",
            f"seq {ack_seq + 1} is missing: send from seq {ack_seq + 1}",
            stop=f"batch stopped at the gap before seq {sent.seq}",
        )
    problem, entry = _check(raw, sent, terminal_id)
    digest = chain_hash(ack_hash, raw)
    if problem is None and sent.hash is not None and sent.hash != digest:
        problem = (
            f"hash does not follow the chain: the central computes {digest} from the "
            f"bytes and the hash of seq {ack_seq}"
        )
    if problem is not None or entry is None:
        return Verdict("rejected", problem, stop=stopped)
    return Verdict("accepted", hash=digest, raw=raw, entry=entry)


def _record_conflict(
    conn: Connection, who: Caller, seq: int, verdict: Verdict, now: datetime
) -> str:
    """Keep the other bytes sent for a held seq; the reason the terminal is quarantined."""
    conn.execute(
        insert_for(conn, table(JournalConflict))
        .values(
            terminal_id=who.terminal_id,
            seq=seq,
            bytes_sha256=hashlib.sha256(verdict.raw).hexdigest(),
            office_id=who.office_id,
            entry_bytes=verdict.raw,
            held_hash=verdict.hash,
            received_at=now,
        )
        .on_conflict_do_nothing()
    )
    return (
        f"terminal {who.terminal_id} is quarantined: seq {seq} was sent with "
        f"different bytes from those the central holds (recorded {now:%Y-%m-%d %H:%M} "
        f"UTC); nothing is lost; an administrator must check and run "
        f"`postterm central admin resume {who.terminal_id}`"
    )


def _check(raw: bytes, sent: SentEntry, terminal_id: str) -> tuple[str | None, JournalEntry | None]:
    try:
        entry = parse_entry(raw)
    except JournalFormatError as exc:
        return f"entry bytes are not a journal entry: {exc}", None
    except (ValueError, OverflowError) as exc:
        return f"entry bytes are not a journal entry: {exc}", None
    if entry.seq != sent.seq:
        return f"entry says seq {entry.seq} but was sent as seq {sent.seq}", None
    if entry.terminal != terminal_id:
        return f"entry is for terminal {entry.terminal[:64]!r}, not {terminal_id}", None
    return None, entry


def _derive(conn: Connection, who: Caller, accepted: list[_Accepted]) -> None:
    """Articles, voids, tracking events and duplicate labels from the accepted entries."""
    articles, events = table(Article), table(TrackingEvent)
    rows: list[dict[str, Any]] = []
    first_seq: dict[str, int] = {}
    event_rows: list[dict[str, Any]] = []
    for a in accepted:
        booking = booking_of(a.entry)
        if booking is None:
            continue
        _claim_utr(conn, who, a, booking.payment)
        at = a.entry.created_at.astimezone(UTC)
        for article in booking.articles:
            first_seq.setdefault(article.article_id, a.seq)
            rows.append(
                {
                    "article_id": article.article_id,
                    "office_id": who.office_id,
                    "terminal_id": who.terminal_id,
                    "seq": a.seq,
                    "service": article.service,
                    "to_pin": article.to_pin,
                    "chargeable_grams": article.chargeable_grams,
                    "total_paise": article.total_paise,
                    "business_date": a.entry.business_date,
                    "booked_at": at,
                    "addressee_json": article.addressee_json,
                }
            )
            event_rows.append(
                _event(who, article.article_id, f"{who.terminal_id}:{a.seq}:booked", "booked", a)
            )
    inserted: set[str] = set()
    if rows:
        unique_rows = [r for r in rows if first_seq[r["article_id"]] == r["seq"]]
        unique_rows = list({r["article_id"]: r for r in reversed(unique_rows)}.values())
        result = conn.execute(
            insert_for(conn, articles).on_conflict_do_nothing().returning(articles.c.article_id),
            unique_rows,
        )
        inserted = set(result.scalars())
    by_seq: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_seq.setdefault(row["seq"], []).append(row)
    for a in accepted:
        for row in by_seq.get(a.seq, []):
            if row["article_id"] in inserted and first_seq[row["article_id"]] == a.seq:
                continue
            label = _settle_article(conn, who, row)
            if label is not None:
                a.outcome.duplicate_labels.append(label)
        void = void_of(a.entry)
        if void is not None:
            voided = conn.execute(
                update(articles)
                .where(
                    articles.c.article_id.in_(void.article_ids),
                    articles.c.terminal_id == who.terminal_id,
                    articles.c.seq == void.voids_seq,
                    articles.c.voided_at.is_(None),
                )
                .values(voided_at=a.entry.created_at.astimezone(UTC), void_seq=a.seq)
                .returning(articles.c.article_id)
            )
            for article_id in voided.scalars():
                event_rows.append(
                    _event(who, article_id, f"{who.terminal_id}:{a.seq}:voided", "voided", a)
                )
    if event_rows:
        conn.execute(insert_for(conn, events).on_conflict_do_nothing(), event_rows)


def _claim_utr(conn: Connection, who: Caller, a: _Accepted, payment: BasketPayment) -> None:
    """Key the booking's UTR system-wide; one that already paid another booking is flagged."""
    if payment.mode != "upi" or not payment.utr:
        return
    held = claim(
        conn,
        payment.utr,
        office_id=who.office_id,
        terminal_id=who.terminal_id,
        upi_ref=payment.upi_ref or f"seq-{a.seq}",
        seq=a.seq,
    )
    if held is not None:
        a.outcome.duplicate_utrs.append(
            DuplicateUtrOut(
                utr=held.utr,
                holder_office_id=held.office_id,
                holder_terminal_id=held.terminal_id,
                holder_seq=held.seq,
                reason=held.describe(),
            )
        )


def _event(who: Caller, article_id: str, event_id: str, event: str, a: _Accepted) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "event_id": event_id,
        "event": event,
        "office_id": who.office_id,
        "office_name": who.office_name,
        "terminal_id": who.terminal_id,
        "at": a.entry.created_at.astimezone(UTC),
        "recorded_at": utc_now(),
    }


def _settle_article(conn: Connection, who: Caller, row: dict[str, Any]) -> DuplicateLabelOut | None:
    """An article id someone already holds: take it over if that booking was voided, else
    flag a duplicate label for both offices."""
    articles = table(Article)
    holder = (
        conn.execute(
            select(articles).where(articles.c.article_id == row["article_id"]).with_for_update()
        )
        .mappings()
        .one()
    )
    if holder["terminal_id"] == who.terminal_id and holder["seq"] == row["seq"]:
        return None
    if holder["voided_at"] is not None:
        conn.execute(
            update(articles)
            .where(articles.c.article_id == row["article_id"])
            .values(**row, voided_at=None, void_seq=None)
        )
        return None
    now = utc_now()
    flags = [
        {
            "office_id": office_id,
            "article_id": row["article_id"],
            "terminal_id": who.terminal_id,
            "seq": row["seq"],
            "booking_office_id": who.office_id,
            "holder_office_id": holder["office_id"],
            "holder_terminal_id": holder["terminal_id"],
            "holder_seq": holder["seq"],
            "detected_at": now,
        }
        for office_id in sorted({who.office_id, holder["office_id"]})
    ]
    conn.execute(insert_for(conn, table(DuplicateLabel)).on_conflict_do_nothing(), flags)
    return DuplicateLabelOut(
        article_id=row["article_id"],
        booking_office_id=who.office_id,
        holder_office_id=holder["office_id"],
        holder_terminal_id=holder["terminal_id"],
        holder_seq=holder["seq"],
    )


@router.post(
    "/v1/journal",
    response_model=BatchReply,
    responses={423: {"description": "the terminal is quarantined after a conflict"}},
)
def post_batch(batch: Batch, who: CallerDep, engine: EngineDep) -> BatchReply:
    """Replicate a batch of this terminal's journal entries (seq ascending, from the mark + 1)."""
    return ingest(engine, who, batch.entries)
