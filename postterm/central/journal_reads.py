"""What the central holds of a terminal's journal, read back: the acknowledged mark, the
entries themselves (as their exact bytes), and the duplicate labels an office is party to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import Engine, select

from postterm.central.auth import CallerDep, EngineDep, same_office
from postterm.central.db import reading
from postterm.central.journal_wire import (
    DuplicateLabelOut,
    DuplicateLabels,
    HeldEntries,
    HeldEntry,
    Mark,
)
from postterm.central.models import DuplicateLabel, JournalRecord, Terminal, table
from postterm.central.refusals import Refused
from postterm.central.wire import ID_PATTERN, MAX_BIGINT

router = APIRouter(tags=["journal"])


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
