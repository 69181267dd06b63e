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

A batch runs in one transaction holding the terminal's row lock (PostgreSQL `FOR UPDATE`,
SQLite `BEGIN IMMEDIATE`), so overlapping batches from retries or from two server processes
serialise per terminal; the primary key (terminal, seq) is the last line of defence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Connection, Engine, select, update

from postterm.central.auth import Caller, CallerDep, EngineDep, same_office
from postterm.central.contacts import contact_for
from postterm.central.db import insert_for, reading, utc_now, writing
from postterm.central.derivation import BasketPayment, booking_of, understood, void_of
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
from postterm.central.wire import ID_PATTERN, MAX_BIGINT, Seq
from postterm.core.journal import JournalEntry, JournalFormatError, chain_hash, parse_entry

router = APIRouter(tags=["journal"])
MAX_BATCH = 500


class SentEntry(BaseModel):
    seq: Seq
    entry: Annotated[
        str,
        StringConstraints(min_length=2, max_length=64_000),
        Field(description="the entry's canonical JSON bytes, as UTF-8 text"),
    ]
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        default=None, description="the chain hash the terminal computed (checked if sent)"
    )


class Batch(BaseModel):
    entries: Annotated[list[SentEntry], Field(min_length=1, max_length=MAX_BATCH)]


class DuplicateLabelOut(BaseModel):
    article_id: str
    booking_office_id: str
    holder_office_id: str
    holder_terminal_id: str
    holder_seq: int


class DuplicateUtrOut(BaseModel):
    utr: str
    holder_office_id: str
    holder_terminal_id: str
    holder_seq: int | None
    reason: str


class EntryOutcome(BaseModel):
    seq: int
    status: str = Field(description="accepted | duplicate | conflict | gap | rejected | skipped")
    reason: str | None = None
    hash: str | None = None
    duplicate_labels: list[DuplicateLabelOut] = []
    duplicate_utrs: list[DuplicateUtrOut] = Field(
        default=[], description="UTRs of this booking that already paid another booking"
    )


class BatchReply(BaseModel):
    terminal_id: str
    results: list[EntryOutcome]
    ack_seq: int
    ack_hash: str
    quarantined: bool
    quarantine_reason: str | None = None
    contact: str | None = Field(
        default=None, description="whom to ask, when the terminal is quarantined"
    )


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
        try:
            raw = sent.entry.encode("utf-8")
        except UnicodeEncodeError:
            results.append(
                EntryOutcome(
                    seq=sent.seq, status="rejected", reason="entry is not valid UTF-8 text"
                )
            )
            _stop_rest(results, entries[index + 1 :], f"batch stopped at seq {sent.seq}")
            break
        if sent.seq in held:
            held_bytes, held_hash = held[sent.seq]
            if raw == held_bytes:
                results.append(EntryOutcome(seq=sent.seq, status="duplicate", hash=held_hash))
                continue
            conn.execute(
                insert_for(conn, table(JournalConflict))
                .values(
                    terminal_id=who.terminal_id,
                    seq=sent.seq,
                    bytes_sha256=hashlib.sha256(raw).hexdigest(),
                    office_id=who.office_id,
                    entry_bytes=raw,
                    held_hash=held_hash,
                    received_at=now,
                )
                .on_conflict_do_nothing()
            )
            quarantine_reason = (
                f"terminal {who.terminal_id} is quarantined: seq {sent.seq} was sent with "
                f"different bytes from those the central holds (recorded {now:%Y-%m-%d %H:%M} "
                f"UTC); nothing is lost; an administrator must check and run "
                f"`postterm central admin resume {who.terminal_id}`"
            )
            results.append(
                EntryOutcome(
                    seq=sent.seq,
                    status="conflict",
                    reason=f"seq {sent.seq} is already held with different bytes",
                    hash=held_hash,
                )
            )
            _stop_rest(results, entries[index + 1 :], "terminal quarantined")
            break
        if sent.seq <= ack_seq:  # below the mark but not held: the central lost a row
            results.append(
                EntryOutcome(
                    seq=sent.seq,
                    status="rejected",
                    reason=f"the central does not hold seq {sent.seq} below its mark {ack_seq}",
                )
            )
            _stop_rest(results, entries[index + 1 :], f"batch stopped at seq {sent.seq}")
            break
        if sent.seq > ack_seq + 1:
            results.append(
                EntryOutcome(
                    seq=sent.seq,
                    status="gap",
                    reason=f"seq {ack_seq + 1} is missing: send from seq {ack_seq + 1}",
                )
            )
            _stop_rest(
                results, entries[index + 1 :], f"batch stopped at the gap before seq {sent.seq}"
            )
            break
        problem, entry = _check(raw, sent, who.terminal_id)
        digest = chain_hash(ack_hash, raw)
        if problem is None and sent.hash is not None and sent.hash != digest:
            problem = (
                f"hash does not follow the chain: the central computes {digest} from the "
                f"bytes and the hash of seq {ack_seq}"
            )
        if problem is not None or entry is None:
            results.append(EntryOutcome(seq=sent.seq, status="rejected", reason=problem))
            _stop_rest(results, entries[index + 1 :], f"batch stopped at seq {sent.seq}")
            break
        outcome = EntryOutcome(seq=sent.seq, status="accepted", hash=digest)
        results.append(outcome)
        accepted.append(_Accepted(sent.seq, entry, raw, digest, outcome))
        held[sent.seq] = (raw, digest)
        ack_seq, ack_hash = sent.seq, digest
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


class Mark(BaseModel):
    terminal_id: str
    ack_seq: int
    ack_hash: str
    quarantined: bool
    quarantine_reason: str | None = None


def mark_of(engine: Engine, terminal_id: str) -> Mark:
    terminals = table(Terminal)
    with reading(engine) as conn:
        row = (
            conn.execute(select(terminals).where(terminals.c.terminal_id == terminal_id))
            .mappings()
            .first()
        )
    if row is None:
        raise Refused(404, f"no terminal {terminal_id!r}")
    return Mark(
        terminal_id=terminal_id,
        ack_seq=row["ack_seq"],
        ack_hash=row["ack_hash"],
        quarantined=row["quarantined_at"] is not None,
        quarantine_reason=row["quarantine_reason"],
    )


@router.get("/v1/journal/mark", response_model=Mark)
def get_mark(who: CallerDep, engine: EngineDep) -> Mark:
    """This terminal's acknowledged mark: the highest seq the central holds and its hash."""
    return mark_of(engine, who.terminal_id)


class HeldEntry(BaseModel):
    seq: int
    entry: str
    hash: str


class HeldEntries(BaseModel):
    terminal_id: str
    entries: list[HeldEntry]


@router.get("/v1/terminals/{terminal_id}/journal", response_model=HeldEntries)
def get_journal(
    terminal_id: Annotated[str, Path(pattern=ID_PATTERN)],
    who: CallerDep,
    engine: EngineDep,
    after: Annotated[int, Query(ge=0, le=MAX_BIGINT)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HeldEntries:
    """Entries the central holds for a terminal of the caller's office, after seq `after`."""
    terminals, journal = table(Terminal), table(JournalRecord)
    with reading(engine) as conn:
        office = conn.execute(
            select(terminals.c.office_id).where(terminals.c.terminal_id == terminal_id)
        ).scalar_one_or_none()
        if office is None:
            raise Refused(404, f"no terminal {terminal_id!r}")
        same_office(who, office, f"the journal of terminal {terminal_id}")
        rows = conn.execute(
            select(journal.c.seq, journal.c.entry_bytes, journal.c.hash)
            .where(journal.c.terminal_id == terminal_id, journal.c.seq > after)
            .order_by(journal.c.seq)
            .limit(limit)
        ).all()
    return HeldEntries(
        terminal_id=terminal_id,
        entries=[
            HeldEntry(seq=r.seq, entry=bytes(r.entry_bytes).decode("utf-8"), hash=r.hash)
            for r in rows
        ],
    )


class DuplicateLabels(BaseModel):
    office_id: str
    labels: list[DuplicateLabelOut]


@router.get("/v1/duplicate-labels", response_model=DuplicateLabels)
def get_duplicate_labels(who: CallerDep, engine: EngineDep) -> DuplicateLabels:
    """Article ids booked twice where this office booked or holds the label (no personal data)."""
    flags = table(DuplicateLabel)
    with reading(engine) as conn:
        rows = conn.execute(
            select(flags).where(flags.c.office_id == who.office_id).order_by(flags.c.detected_at)
        ).mappings()
        labels = [
            DuplicateLabelOut(
                article_id=r["article_id"],
                booking_office_id=r["booking_office_id"],
                holder_office_id=r["holder_office_id"],
                holder_terminal_id=r["holder_terminal_id"],
                holder_seq=r["holder_seq"],
            )
            for r in rows
        ]
    return DuplicateLabels(office_id=who.office_id, labels=labels)
