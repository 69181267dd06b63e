"""Tracking: what happened to an article, by its id. No names or addresses here, so any
enrolled terminal may read it (as the public can track an article by its number).

`booked` and `voided` come from counters' journals; hubs and delivery offices add the other
events with their own tokens. Each event has an id made by the terminal that records it, so
sending it again is harmless.

An added event must fit the article's route: the article must be booked here (a valid S10 id
the central holds), the event dated no earlier than the booking and no more than
`FUTURE_SLACK` ahead of the central's clock, and the caller's office must have a part in it:
the booking office and hubs (office type HUB) bag and dispatch; offices with the destination
PIN, and hubs, receive, take out for delivery and deliver.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import AfterValidator, BaseModel, Field, StringConstraints
from sqlalchemy import Connection, select

from postterm.central.auth import Caller, CallerDep, EngineDep, same_office
from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.models import Article, TrackingEvent, table
from postterm.central.refusals import Refused
from postterm.central.wire import ARTICLE_ID_PATTERN, STORABLE
from postterm.core.s10 import reason_invalid

router = APIRouter(tags=["tracking"])

ADDED_EVENTS = ("bagged", "dispatched", "received", "out-for-delivery", "delivered")
ORIGIN_EVENTS = frozenset({"bagged", "dispatched"})
DESTINATION_EVENTS = frozenset({"received", "out-for-delivery", "delivered"})
HUB = "HUB"
FUTURE_SLACK = timedelta(minutes=5)
ArticleIdPath = Annotated[
    str,
    Path(pattern=ARTICLE_ID_PATTERN, description="UPU S10 article id, e.g. EE123456785IN"),
]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a timezone offset, e.g. 2026-08-09T10:15:00+05:30")
    if not 2000 <= value.year <= 2999:
        raise ValueError("must be a plausible date")
    return value


class EventIn(BaseModel):
    event_id: Annotated[
        str,
        StringConstraints(min_length=1, max_length=100),
        STORABLE,
        Field(description="an id the terminal makes for this event; resending is harmless"),
    ]
    event: Annotated[str, Field(description=" | ".join(ADDED_EVENTS))]
    at: Annotated[datetime, AfterValidator(_aware)]


class EventOut(BaseModel):
    event: str
    office_id: str
    office_name: str
    at: str


class Tracking(BaseModel):
    article_id: str
    events: list[EventOut]


def events_of(conn: Connection, article_id: str) -> list[EventOut]:
    events = table(TrackingEvent)
    rows = conn.execute(
        select(events.c.event, events.c.office_id, events.c.office_name, events.c.at)
        .where(events.c.article_id == article_id)
        .order_by(events.c.at, events.c.recorded_at)
    ).all()
    return [
        EventOut(
            event=r.event,
            office_id=r.office_id,
            office_name=r.office_name,
            at=as_utc(r.at).isoformat(),
        )
        for r in rows
    ]


@router.get("/v1/tracking/{article_id}", response_model=Tracking)
def get_tracking(article_id: ArticleIdPath, who: CallerDep, engine: EngineDep) -> Tracking:
    """The events of an article, oldest first; 404 when nothing is known of it."""
    with reading(engine) as conn:
        found = events_of(conn, article_id)
    if not found:
        raise Refused(404, f"nothing is known of article {article_id} yet")
    return Tracking(article_id=article_id, events=found)


@router.post("/v1/tracking/{article_id}/events", response_model=Tracking, status_code=201)
def add_event(
    article_id: ArticleIdPath, body: EventIn, who: CallerDep, engine: EngineDep
) -> Tracking:
    """Record an event at the caller's office (a hub bagging, a delivery office delivering)."""
    if body.event not in ADDED_EVENTS:
        raise Refused(
            422,
            f"event must be one of {', '.join(ADDED_EVENTS)}; booked and voided come from journals",
        )
    invalid = reason_invalid(article_id)
    if invalid is not None:
        raise Refused(422, f"article_id {article_id} is not a valid S10 id: {invalid}")
    with reading(engine) as conn:
        booked = _booking_of(conn, article_id)
    if booked is None:
        raise Refused(404, f"article {article_id} has not been booked: no events can be added")
    _check_fits_route(who, article_id, body, booked)
    row = {
        "article_id": article_id,
        "event_id": f"{who.terminal_id}:{body.event_id}",
        "event": body.event,
        "office_id": who.office_id,
        "office_name": who.office_name,
        "terminal_id": who.terminal_id,
        "at": body.at.astimezone(UTC),
        "recorded_at": utc_now(),
    }

    def work(conn: Connection) -> list[EventOut]:
        conn.execute(insert_for(conn, table(TrackingEvent)).values(row).on_conflict_do_nothing())
        return events_of(conn, article_id)

    return Tracking(article_id=article_id, events=writing(engine, work))


def _booking_of(conn: Connection, article_id: str) -> Any:
    articles = table(Article)
    return (
        conn.execute(
            select(articles.c.office_id, articles.c.to_pin, articles.c.booked_at).where(
                articles.c.article_id == article_id
            )
        )
        .mappings()
        .first()
    )


def _check_fits_route(who: Caller, article_id: str, body: EventIn, booked: Any) -> None:
    """Refuse an event dated outside the article's life or from an office off its route."""
    at = body.at.astimezone(UTC)
    booked_at = as_utc(booked["booked_at"])
    if at > utc_now() + FUTURE_SLACK:
        raise Refused(
            422, f"at: {body.at.isoformat()} is in the future (more than 5 minutes ahead)"
        )
    if at < booked_at:
        raise Refused(
            422,
            f"at: {body.at.isoformat()} is before article {article_id} was booked "
            f"({booked_at.isoformat()})",
        )
    if who.office_type == HUB:
        return
    if body.event in ORIGIN_EVENTS and who.office_id != booked["office_id"]:
        raise Refused(
            403,
            f"office {who.office_id} may not record {body.event} for {article_id}: only the "
            f"booking office {booked['office_id']} and hubs bag and dispatch it",
        )
    if body.event in DESTINATION_EVENTS and who.office_pin != booked["to_pin"]:
        raise Refused(
            403,
            f"office {who.office_id} (PIN {who.office_pin}) may not record {body.event} for "
            f"{article_id}: only offices of its destination PIN {booked['to_pin']} and hubs may",
        )


class BookedArticle(BaseModel):
    article_id: str
    office_id: str
    terminal_id: str
    seq: int
    service: str
    to_pin: str
    chargeable_grams: int
    total_paise: int
    business_date: str
    booked_at: str
    addressee: dict[str, Any]
    voided: bool


@router.get("/v1/articles/{article_id}", response_model=BookedArticle)
def get_article(article_id: ArticleIdPath, who: CallerDep, engine: EngineDep) -> BookedArticle:
    """The booking of an article, with the addressee: only for the office that booked it."""
    articles = table(Article)
    with reading(engine) as conn:
        row = (
            conn.execute(select(articles).where(articles.c.article_id == article_id))
            .mappings()
            .first()
        )
    if row is None:
        raise Refused(404, f"article {article_id} has not been booked")
    same_office(who, row["office_id"], f"the booking of article {article_id}")
    return BookedArticle(
        article_id=row["article_id"],
        office_id=row["office_id"],
        terminal_id=row["terminal_id"],
        seq=row["seq"],
        service=row["service"],
        to_pin=row["to_pin"],
        chargeable_grams=row["chargeable_grams"],
        total_paise=row["total_paise"],
        business_date=row["business_date"].isoformat(),
        booked_at=as_utc(row["booked_at"]).isoformat(),
        addressee=json.loads(row["addressee_json"]),
        voided=row["voided_at"] is not None,
    )
