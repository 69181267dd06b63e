"""Day totals for an office, computed from the journal entries the central holds (never from
a running counter): bookings by service and by payment mode, voids, and per counter."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, select

from postterm.central.auth import CallerDep, EngineDep, same_office
from postterm.central.db import reading
from postterm.central.derivation import booking_of, understood, void_of
from postterm.central.migration.balances import sheet_of
from postterm.central.models import JournalRecord, table
from postterm.central.wire import ID_PATTERN
from postterm.core.journal import JournalFormatError, parse_entry

router = APIRouter(tags=["reports"])


class ServiceTotal(BaseModel):
    articles: int = 0
    total_paise: int = 0


class ModeTotal(BaseModel):
    bookings: int = 0
    total_paise: int = 0
    round_off_paise: int = 0
    collected_paise: int = Field(
        default=0, description="total + round-off: what was actually taken"
    )


class VoidTotal(BaseModel):
    count: int = 0
    articles: int = 0
    total_paise: int = 0
    by_supervisor: dict[str, int] = {}


class CounterTotal(BaseModel):
    entries: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    bookings: int = 0
    articles: int = 0
    total_paise: int = 0
    voids: int = 0
    voided_paise: int = 0
    day_begun: bool = False
    day_ended: bool = False


class StampsStock(BaseModel):
    as_of: str = Field(description="the date of the migrated closing balances")
    stamps: dict[str, int] = Field(description="stamps held, by value in rupees")
    stamps_paise: int
    approved: bool = Field(description="two supervisors have signed the balances off")


class DayReport(BaseModel):
    office_id: str
    business_date: str
    entries: int
    not_understood: int = Field(description="entries kept but not derived (unknown kind or shape)")
    bookings: int
    articles: int
    total_paise: int
    voids: VoidTotal
    net_paise: int = Field(description="bookings total minus voided articles")
    by_service: dict[str, ServiceTotal]
    by_payment_mode: dict[str, ModeTotal]
    by_terminal: dict[str, CounterTotal]
    stamps: StampsStock | None = Field(
        default=None, description="the office's stamps stock from its migrated balances"
    )


def _booked_amounts(conn: Connection, terminal_id: str, seq: int) -> dict[str, int]:
    journal = table(JournalRecord)
    raw = conn.execute(
        select(journal.c.entry_bytes).where(
            journal.c.terminal_id == terminal_id, journal.c.seq == seq
        )
    ).scalar_one_or_none()
    if raw is None:
        return {}
    try:
        booking = booking_of(parse_entry(bytes(raw)))
    except JournalFormatError:
        return {}
    return {a.article_id: a.total_paise for a in booking.articles} if booking else {}


def day_report(engine: Engine, office_id: str, day: date) -> DayReport:
    journal = table(JournalRecord)
    by_service: dict[str, ServiceTotal] = defaultdict(ServiceTotal)
    by_mode: dict[str, ModeTotal] = defaultdict(ModeTotal)
    by_terminal: dict[str, CounterTotal] = defaultdict(CounterTotal)
    voids = VoidTotal()
    supervisors: Counter[str] = Counter()
    entries = not_understood = bookings = articles = total = 0
    with reading(engine) as conn:
        rows = conn.execute(
            select(journal.c.terminal_id, journal.c.seq, journal.c.entry_bytes)
            .where(journal.c.office_id == office_id, journal.c.business_date == day)
            .order_by(journal.c.terminal_id, journal.c.seq)
        ).all()
        for row in rows:
            entries += 1
            counter = by_terminal[row.terminal_id]
            counter.entries += 1
            counter.first_seq = row.seq if counter.first_seq is None else counter.first_seq
            counter.last_seq = row.seq
            entry = parse_entry(bytes(row.entry_bytes))
            if not understood(entry):
                not_understood += 1
                continue
            counter.day_begun |= entry.kind == "day-begin"
            counter.day_ended |= entry.kind == "day-end"
            booking = booking_of(entry)
            if booking is not None:
                bookings += 1
                counter.bookings += 1
                for article in booking.articles:
                    articles += 1
                    total += article.total_paise
                    counter.articles += 1
                    counter.total_paise += article.total_paise
                    by_service[article.service].articles += 1
                    by_service[article.service].total_paise += article.total_paise
                mode = by_mode[booking.payment.mode]
                mode.bookings += 1
                mode.total_paise += booking.payment.total_paise
                mode.round_off_paise += booking.payment.round_off_paise
                mode.collected_paise += (
                    booking.payment.total_paise + booking.payment.round_off_paise
                )
            void = void_of(entry)
            if void is not None:
                amounts = _booked_amounts(conn, row.terminal_id, void.voids_seq)
                voided = sum(amounts.get(article_id, 0) for article_id in void.article_ids)
                voids.count += 1
                voids.articles += len(void.article_ids)
                voids.total_paise += voided
                supervisors[void.supervisor or "(none)"] += 1
                counter.voids += 1
                counter.voided_paise += voided
        sheet = sheet_of(conn, office_id)
    voids.by_supervisor = dict(sorted(supervisors.items()))
    return DayReport(
        office_id=office_id,
        business_date=day.isoformat(),
        entries=entries,
        not_understood=not_understood,
        bookings=bookings,
        articles=articles,
        total_paise=total,
        voids=voids,
        net_paise=total - voids.total_paise,
        by_service=dict(sorted(by_service.items())),
        by_payment_mode=dict(sorted(by_mode.items())),
        by_terminal=dict(sorted(by_terminal.items())),
        stamps=StampsStock(
            as_of=sheet["as_of"],
            stamps=sheet["stamps"],
            stamps_paise=sheet["stamps_paise"],
            approved=sheet["approved"],
        )
        if sheet is not None
        else None,
    )


@router.get("/v1/offices/{office_id}/reports/day/{business_date}", response_model=DayReport)
def get_day_report(
    office_id: Annotated[str, Path(pattern=ID_PATTERN)],
    business_date: date,
    who: CallerDep,
    engine: EngineDep,
) -> DayReport:
    """Day totals of the caller's own office (403 for another office)."""
    same_office(who, office_id, f"the day report of office {office_id}")
    return day_report(engine, office_id, business_date)
