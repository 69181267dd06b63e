"""An article's story: the central's event timeline when it answers (any office's article),
else what this counter's own journal knows, marked as local only."""

from __future__ import annotations

from dataclasses import dataclass

from postterm.core import s10
from postterm.core.booking import BookingRefused
from postterm.core.entries import Booking, Void, entry_of
from postterm.core.journal import parse_entry
from postterm.i18n.catalogs import N_
from postterm.i18n.said import Said, said_of
from postterm.store.journal_store import Journal
from postterm.sync.client import CentralClient, CentralError

# what the clerk reads for an event and for where a timeline came from (the journal and the
# central keep the English words; one the central adds later shows as it is)
EVENT_NAMES = {
    "booked": N_("booked"),
    "voided": N_("voided"),
    "bagged": N_("bagged"),
    "dispatched": N_("dispatched"),
    "received": N_("received"),
    "out-for-delivery": N_("out-for-delivery"),
    "delivered": N_("delivered"),
}
SOURCE_NAMES = {"central": N_("central"), "local only": N_("local only")}


@dataclass(frozen=True)
class TrackingEvent:
    event: str
    office: str
    at: str


@dataclass(frozen=True)
class Timeline:
    article_id: str
    events: tuple[TrackingEvent, ...]
    source: str  # "central" or "local only"
    note: str = ""


def local_timeline(journal: Journal, article_id: str, office: str) -> tuple[TrackingEvent, ...]:
    events: list[TrackingEvent] = []
    booked_seqs: set[int] = set()
    for stored in journal.entries():
        entry = parse_entry(stored.entry)
        typed = entry_of(entry)
        if isinstance(typed, Booking) and article_id in typed.article_ids:
            booked_seqs.add(entry.seq)
            events.append(TrackingEvent("booked", office, entry.created_at.isoformat()))
        if isinstance(typed, Void) and typed.voids_seq in booked_seqs:
            events.append(TrackingEvent("voided", office, entry.created_at.isoformat()))
    return tuple(events)


def track(journal: Journal, client: CentralClient | None, text: str, office: str) -> Timeline:
    try:
        article_id = str(s10.parse(text))
    except s10.S10Error as exc:
        raise BookingRefused("article", said_of(exc)) from None
    note: str = Said("no central configured")
    if client is not None:
        try:
            answer = client.get(f"/v1/tracking/{article_id}")
            events = tuple(
                TrackingEvent(
                    str(e["event"]),
                    str(e.get("office_name") or e.get("office_id") or ""),
                    str(e["at"]),
                )
                for e in answer.get("events", [])
            )
            return Timeline(article_id, events, "central")
        except CentralError as exc:
            note = exc.reason
    return Timeline(article_id, local_timeline(journal, article_id, office), "local only", note)


def booked_at_central(client: CentralClient, article_id: str) -> str | None:
    """ "EE...IN is already booked at OFFICE on DATE (last: EVENT at OFFICE)" when the
    central's timeline shows a booking not voided since; None when not, or no answer."""
    from datetime import datetime

    from postterm.core.business_day import INDIA

    try:
        answer = client.get(f"/v1/tracking/{article_id}")
        events = [
            (
                str(e["event"]),
                str(e.get("office_name") or e.get("office_id") or ""),
                datetime.fromisoformat(str(e["at"])),
            )
            for e in answer.get("events", [])
        ]
    except (CentralError, KeyError, TypeError, ValueError):
        return None
    booked = [n for n, (event, _, _) in enumerate(events) if event == "booked"]
    if not booked or any(event == "voided" for event, _, _ in events[booked[-1] :]):
        return None
    _, office, at = events[booked[-1]]
    last, last_office, _ = events[-1]
    since = "" if last == "booked" else f" (last: {last} at {last_office})"
    return (
        f"{article_id} is already booked at {office} on "
        f"{at.astimezone(INDIA).date().isoformat()}{since}: use a new label"
    )
