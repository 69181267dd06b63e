"""What goes over the wire for a terminal's journal: the batch a terminal sends, the
central's verdict per entry, its acknowledged mark, and the entries and duplicate labels it
holds. The ingest transaction is in `ingest.py`, the read endpoints in `journal_reads.py`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from postterm.central.wire import Seq

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


class Mark(BaseModel):
    terminal_id: str
    ack_seq: int
    ack_hash: str
    quarantined: bool
    quarantine_reason: str | None = None


class HeldEntry(BaseModel):
    seq: int
    entry: str
    hash: str


class HeldEntries(BaseModel):
    terminal_id: str
    entries: list[HeldEntry]


class DuplicateLabels(BaseModel):
    office_id: str
    labels: list[DuplicateLabelOut]
