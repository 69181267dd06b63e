"""The central's tables. Every row carries its office or terminal (or article id) in its key,
so the database can be sharded by office; every id is made by a terminal or an administrator,
never by a global sequence a counter must wait for.

Times are stored in UTC (`as_utc` restores the zone SQLite drops); money is integer paise.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    false,
)
from sqlmodel import Field, SQLModel

from postterm.core.journal import GENESIS_HASH


def _when(*, nullable: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class Office(SQLModel, table=True):
    """A post office: head, sub or branch office, or a hub / delivery office."""

    __tablename__ = "office"
    office_id: str = Field(primary_key=True, max_length=40)
    pin: str = Field(max_length=6)
    name: str = Field(max_length=120)
    office_type: str = Field(max_length=12)
    gstin: str | None = Field(default=None, max_length=15)
    upi_vpa: str | None = Field(default=None, max_length=255)  # where its UPI payments go
    upi_payee: str | None = Field(default=None, max_length=40)  # the name payers see
    contact: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=_when())
    updated_at: datetime = Field(sa_column=_when())


class Terminal(SQLModel, table=True):
    """An enrolled counter (or a hub's scanner). `ack_seq`/`ack_hash` is the acknowledged mark:
    the highest seq held gap-free and its chain hash."""

    __tablename__ = "terminal"
    terminal_id: str = Field(primary_key=True, max_length=64)
    office_id: str = Field(index=True, max_length=40)
    label: str = Field(max_length=40)
    token_sha256: str = Field(unique=True, max_length=64)
    status: str = Field(max_length=12)  # active | revoked
    enrolled_at: datetime = Field(sa_column=_when())
    revoked_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    quarantined_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    quarantine_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    ack_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    ack_hash: str = Field(default=GENESIS_HASH, max_length=64)


class EnrolmentCode(SQLModel, table=True):
    """A one-time code for one counter of one office; only its SHA-256 is kept.

    Once used, it remembers the device that used it and the token wrapped with a key only
    that device (holding the code and its own device key) can rebuild, so a lost reply can be
    asked for again and yields the same enrolment."""

    __tablename__ = "enrolment_code"
    code_sha256: str = Field(primary_key=True, max_length=64)
    office_id: str = Field(index=True, max_length=40)
    label: str = Field(max_length=40)
    created_at: datetime = Field(sa_column=_when())
    expires_at: datetime = Field(sa_column=_when())
    used_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    terminal_id: str | None = Field(default=None, max_length=64)
    device_key_sha256: str | None = Field(default=None, max_length=64)
    token_wrapped: str | None = Field(default=None, max_length=64)


class CentralUser(SQLModel, table=True):
    """A clerk or supervisor of one office; the PIN is kept only as an argon2id hash."""

    __tablename__ = "central_user"
    user_id: str = Field(primary_key=True, max_length=48)
    office_id: str = Field(index=True, max_length=40)
    name: str = Field(max_length=120)
    role: str = Field(max_length=12)  # clerk | supervisor
    pin_hash: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(sa_column=_when())
    updated_at: datetime = Field(sa_column=_when())
    mobile: str | None = Field(default=None, max_length=15)
    # a one-time PIN (a migrated user): the user must set their own at the first log-in
    must_change_pin: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    failed_pins: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0")
    )
    locked_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    # the language the user's screens speak after log-in ("hi", "en"); None: the counter's own
    language: str | None = Field(default=None, max_length=8)


class UserAudit(SQLModel, table=True):
    """What was done to a user's record and by whom (a terminal or an administrator)."""

    __tablename__ = "user_audit"
    user_id: str = Field(primary_key=True, max_length=48)
    audit_id: str = Field(primary_key=True, max_length=40)
    office_id: str = Field(max_length=40)
    at: datetime = Field(sa_column=_when())
    action: str = Field(max_length=40)
    actor: str = Field(max_length=80)
    detail: str = Field(sa_column=Column(Text, nullable=False))


class JournalRecord(SQLModel, table=True):
    """One replicated journal entry: the exact bytes received and the chain hash they give."""

    __tablename__ = "journal_entry"
    __table_args__ = (Index("ix_journal_entry_office_day", "office_id", "business_date"),)
    terminal_id: str = Field(primary_key=True, max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    office_id: str = Field(max_length=40)
    kind: str = Field(max_length=40)
    business_date: date = Field(sa_column=Column(Date, nullable=False))
    entry_bytes: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    hash: str = Field(max_length=64)
    received_at: datetime = Field(sa_column=_when())
    derived: bool = True  # False: kept, but its kind or payload is not understood here


class JournalConflict(SQLModel, table=True):
    """Different bytes sent for a seq already held: recorded, never written over the original."""

    __tablename__ = "journal_conflict"
    terminal_id: str = Field(primary_key=True, max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    bytes_sha256: str = Field(primary_key=True, max_length=64)
    office_id: str = Field(max_length=40)
    entry_bytes: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    held_hash: str = Field(max_length=64)
    received_at: datetime = Field(sa_column=_when())


MIGRATED_TERMINAL = "migration"  # the "terminal" of articles brought from the old system
MIGRATED_SEQ = 0  # never a journal seq (those start at 1)


class Article(SQLModel, table=True):
    """One row per article id in the whole system: the booking that holds the label.

    `source` is `journal` (booked at a counter: terminal and seq of the booking entry) or
    `migration` (booked in the old system and brought across: terminal `migration`, seq 0),
    so the duplicate-label check treats both alike."""

    __tablename__ = "article"
    article_id: str = Field(primary_key=True, max_length=13)
    office_id: str = Field(max_length=40)
    terminal_id: str = Field(max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    source: str = Field(
        default="journal",
        sa_column=Column(String(12), nullable=False, server_default="journal"),
    )
    service: str = Field(max_length=40)
    to_pin: str = Field(max_length=6)
    chargeable_grams: int = Field(sa_column=Column(BigInteger, nullable=False))
    total_paise: int = Field(sa_column=Column(BigInteger, nullable=False))
    business_date: date = Field(sa_column=Column(Date, nullable=False))
    booked_at: datetime = Field(sa_column=_when())
    addressee_json: str = Field(sa_column=Column(Text, nullable=False))
    voided_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    void_seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class DuplicateLabel(SQLModel, table=True):
    """An article id booked by a second terminal. One row per office that must see it (the
    booking office and the office holding the label), so each reads its own rows."""

    __tablename__ = "duplicate_label"
    office_id: str = Field(primary_key=True, max_length=40)
    article_id: str = Field(primary_key=True, max_length=13)
    terminal_id: str = Field(primary_key=True, max_length=64)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    booking_office_id: str = Field(max_length=40)
    holder_office_id: str = Field(max_length=40)
    holder_terminal_id: str = Field(max_length=64)
    holder_seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    detected_at: datetime = Field(sa_column=_when())


class TrackingEvent(SQLModel, table=True):
    """What happened to an article, where and when. No personal data."""

    __tablename__ = "tracking_event"
    article_id: str = Field(primary_key=True, max_length=13)
    event_id: str = Field(primary_key=True, max_length=100)
    event: str = Field(max_length=24)
    office_id: str = Field(max_length=40)
    office_name: str = Field(max_length=120)
    terminal_id: str = Field(max_length=64)
    at: datetime = Field(sa_column=_when())
    recorded_at: datetime = Field(sa_column=_when())


class Payment(SQLModel, table=True):
    """A UPI reference made by a counter, its amount, and whether the provider says it is paid."""

    __tablename__ = "payment"
    upi_ref: str = Field(primary_key=True, max_length=35)
    office_id: str = Field(max_length=40)
    terminal_id: str = Field(max_length=64)
    amount_paise: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(max_length=12)  # pending | paid | failed
    utr: str | None = Field(default=None, max_length=35)
    registered_at: datetime = Field(sa_column=_when())
    paid_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


class UtrUse(SQLModel, table=True):
    """One row per UPI UTR in the whole system: the booking (or payment) it paid. A UTR is
    unique across the payment network, so it pays one booking anywhere."""

    __tablename__ = "utr_use"
    utr: str = Field(primary_key=True, max_length=35)
    office_id: str = Field(max_length=40)
    terminal_id: str = Field(max_length=64)
    upi_ref: str = Field(max_length=35)
    seq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    recorded_at: datetime = Field(sa_column=_when())


class CentralSetting(SQLModel, table=True):
    """Server-wide settings every worker reads from the database (e.g. the UPI callback key)."""

    __tablename__ = "central_setting"
    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(sa_column=Column(Text, nullable=False))


class MigratedRow(SQLModel, table=True):
    """A row brought across from an old system's export, as it was read (after the column
    map): a second run of the same export finds it unchanged, a different row is a conflict."""

    __tablename__ = "migrated_row"
    source_file: str = Field(primary_key=True, max_length=40)
    row_key: str = Field(primary_key=True, max_length=80)
    office_id: str = Field(index=True, max_length=40)
    row_sha256: str = Field(max_length=64)
    row_json: str = Field(sa_column=Column(Text, nullable=False))
    imported_at: datetime = Field(sa_column=_when())


class BalanceSheet(SQLModel, table=True):
    """An office's closing balances from the old system: effective once two different
    supervisors of the office approve; the cash then goes to the first counter that begins a
    day (`cash_terminal_id`)."""

    __tablename__ = "balance_sheet"
    office_id: str = Field(primary_key=True, max_length=40)
    as_of: date = Field(sa_column=Column(Date, nullable=False))
    imported_at: datetime = Field(sa_column=_when())
    approved_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))
    cash_terminal_id: str | None = Field(default=None, max_length=64)
    cash_taken_at: datetime | None = Field(default=None, sa_column=_when(nullable=True))


class OpeningBalance(SQLModel, table=True):
    """One line of an office's balance sheet: `cash:500` notes or `stamps:5` stamps."""

    __tablename__ = "opening_balance"
    office_id: str = Field(primary_key=True, max_length=40)
    item: str = Field(primary_key=True, max_length=20)
    quantity: int = Field(sa_column=Column(BigInteger, nullable=False))


class BalanceApproval(SQLModel, table=True):
    """A supervisor's sign-off of an office's balance sheet (one per supervisor)."""

    __tablename__ = "balance_approval"
    office_id: str = Field(primary_key=True, max_length=40)
    supervisor_id: str = Field(primary_key=True, max_length=48)
    approved_at: datetime = Field(sa_column=_when())


def table(model: type[SQLModel]) -> Table:
    """The Core table of a model, for bulk and upsert statements."""
    return cast(Table, model.__table__)  # type: ignore[attr-defined]
