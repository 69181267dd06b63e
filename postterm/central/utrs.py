"""UPI UTRs, keyed system-wide: a UTR is unique across the payment network, so it pays one
booking anywhere.

A UTR is held by the payment that first used it: its terminal and UPI reference (the `tr`
the counter put in the QR), and the journal seq of the booking once it arrives. Three ways
in, all through `claim`:

- a counter asks before it books with a UTR the clerk typed (`POST /v1/utrs`): a UTR held by
  another payment is refused (409), so the clerk can ask the customer again;
- the provider's callback settles a payment with its UTR (payments.py);
- journal ingest, for bookings made while the central could not be asked: a UTR held by
  another payment is kept in the bytes as booked, and flagged back to the counter
  (`duplicate_utrs` in the batch reply), which shows it on its Z report.

The same terminal may move a UTR it holds for a payment not yet booked (no seq) to another
reference: a clerk retrying a refused booking with the same UTR gets a new reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import Connection, select, update

from postterm.central.auth import CallerDep, EngineDep
from postterm.central.db import insert_for, utc_now, writing
from postterm.central.models import UtrUse, table
from postterm.central.refusals import Refused

router = APIRouter(tags=["payments"])

UTR_PATTERN = r"^[A-Za-z0-9]{6,35}$"
UPI_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.-]{3,34}$"


@dataclass(frozen=True)
class Holder:
    """The payment that holds a UTR."""

    utr: str
    office_id: str
    terminal_id: str
    upi_ref: str
    seq: int | None

    def describe(self) -> str:
        where = f"receipt {self.terminal_id}/{self.seq}" if self.seq else f"UPI {self.upi_ref}"
        return f"UTR {self.utr} already paid another booking ({where}, office {self.office_id})"


def _holder(conn: Connection, utr: str) -> Holder | None:
    uses = table(UtrUse)
    row = conn.execute(select(uses).where(uses.c.utr == utr).with_for_update()).mappings().first()
    if row is None:
        return None
    return Holder(row["utr"], row["office_id"], row["terminal_id"], row["upi_ref"], row["seq"])


def claim(
    conn: Connection,
    utr: str,
    *,
    office_id: str,
    terminal_id: str,
    upi_ref: str,
    seq: int | None = None,
) -> Holder | None:
    """Hold `utr` for this payment; None when it is (now) this payment's, else the payment
    that holds it."""
    uses = table(UtrUse)
    conn.execute(
        insert_for(conn, uses)
        .values(
            utr=utr,
            office_id=office_id,
            terminal_id=terminal_id,
            upi_ref=upi_ref,
            seq=seq,
            recorded_at=utc_now(),
        )
        .on_conflict_do_nothing()
    )
    held = _holder(conn, utr)
    assert held is not None
    # this terminal's own payment, or one it holds but has not booked (a retry)
    mine = held.terminal_id == terminal_id and (held.upi_ref == upi_ref or held.seq is None)
    if not mine:
        return held
    changes: dict[str, Any] = {}
    if held.upi_ref != upi_ref:
        changes["upi_ref"] = upi_ref
    if seq is not None and held.seq is None:
        changes["seq"] = seq
    if changes:
        conn.execute(update(uses).where(uses.c.utr == utr).values(**changes))
    return None


class UtrClaim(BaseModel):
    utr: Annotated[str, StringConstraints(pattern=UTR_PATTERN)]
    upi_ref: Annotated[
        str,
        StringConstraints(pattern=UPI_REF_PATTERN),
        Field(description="the reference of the payment the UTR pays"),
    ]


class UtrHeld(BaseModel):
    utr: str
    upi_ref: str
    office_id: str
    terminal_id: str


@router.post("/v1/utrs", response_model=UtrHeld)
def claim_utr(body: UtrClaim, who: CallerDep, engine: EngineDep) -> UtrHeld:
    """Hold a UTR for a payment of this terminal before booking with it; 409 when the UTR
    already paid another booking (anywhere). Asking again for the same payment is harmless."""

    def work(conn: Connection) -> Holder | None:
        return claim(
            conn,
            body.utr,
            office_id=who.office_id,
            terminal_id=who.terminal_id,
            upi_ref=body.upi_ref,
        )

    held = writing(engine, work)
    if held is not None:
        raise Refused(409, held.describe(), holder_office_id=held.office_id)
    return UtrHeld(
        utr=body.utr, upi_ref=body.upi_ref, office_id=who.office_id, terminal_id=who.terminal_id
    )
