"""Enrolment: a terminal exchanges a one-time code for its terminal id and bearer token.

The terminal sends the code and a device key it made (random, kept on disk before asking).
The first exchange creates the terminal; the same code with the same device key again (a
reply lost on the way) returns the very same enrolment; with another device key it is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, StringConstraints
from sqlalchemy import Connection, Engine, select, update

from postterm.central.auth import EngineDep
from postterm.central.db import as_utc, insert_for, utc_now, writing
from postterm.central.models import EnrolmentCode, Office, Terminal, table
from postterm.central.refusals import Refused
from postterm.central.tokens import (
    new_token_bytes,
    normalise_code,
    sha256_hex,
    token_text,
    unwrap_token,
    wrap_token,
)
from postterm.central.wire import STORABLE

router = APIRouter(tags=["enrolment"])


class EnrolmentRequest(BaseModel):
    code: Annotated[str, StringConstraints(min_length=1, max_length=40), STORABLE]
    device_key: Annotated[str, StringConstraints(min_length=16, max_length=200), STORABLE]


class EnrolmentReply(BaseModel):
    terminal_id: str
    office_id: str
    office_name: str
    label: str
    token: str
    enrolled_at: str


@dataclass(frozen=True)
class Enrolment:
    terminal_id: str
    office_id: str
    office_name: str
    label: str
    token: str
    enrolled_at: str


def exchange(engine: Engine, code: str, device_key: str) -> Enrolment:
    code_hash = sha256_hex(normalise_code(code))
    device_hash = sha256_hex(device_key)
    codes, terminals, offices = table(EnrolmentCode), table(Terminal), table(Office)

    def work(conn: Connection) -> Enrolment:
        row = (
            conn.execute(select(codes).where(codes.c.code_sha256 == code_hash).with_for_update())
            .mappings()
            .first()
        )
        if row is None:
            raise Refused(403, "enrolment code not recognised; check it or ask for a new one")
        office = conn.execute(
            select(offices.c.name).where(offices.c.office_id == row["office_id"])
        ).scalar_one()
        if row["used_at"] is not None:
            if row["device_key_sha256"] != device_hash:
                raise Refused(409, "this enrolment code was already used by another terminal")
            terminal = (
                conn.execute(select(terminals).where(terminals.c.terminal_id == row["terminal_id"]))
                .mappings()
                .one()
            )
            if terminal["status"] != "active":
                raise Refused(403, f"terminal {terminal['terminal_id']} has been revoked")
            raw = unwrap_token(row["token_wrapped"], code, device_key)
            return Enrolment(
                terminal["terminal_id"],
                terminal["office_id"],
                office,
                terminal["label"],
                token_text(raw),
                as_utc(terminal["enrolled_at"]).isoformat(),
            )
        now = utc_now()
        if as_utc(row["expires_at"]) < now:
            raise Refused(403, f"enrolment code expired at {as_utc(row['expires_at']).isoformat()}")
        terminal_id = f"{row['office_id']}-{row['label']}-{secrets.token_hex(2)}"
        raw = new_token_bytes()
        conn.execute(
            insert_for(conn, terminals).values(
                terminal_id=terminal_id,
                office_id=row["office_id"],
                label=row["label"],
                token_sha256=sha256_hex(token_text(raw)),
                status="active",
                enrolled_at=now,
                ack_seq=0,
                ack_hash="0" * 64,
            )
        )
        conn.execute(
            update(codes)
            .where(codes.c.code_sha256 == code_hash)
            .values(
                used_at=now,
                terminal_id=terminal_id,
                device_key_sha256=device_hash,
                token_wrapped=wrap_token(raw, code, device_key),
            )
        )
        return Enrolment(
            terminal_id, row["office_id"], office, row["label"], token_text(raw), now.isoformat()
        )

    return writing(engine, work)


@router.post("/v1/enrolment", response_model=EnrolmentReply)
def enrol(body: EnrolmentRequest, engine: EngineDep) -> EnrolmentReply:
    """Exchange a one-time enrolment code (and this device's key) for a terminal id and token.

    Asking again with the same code and device key returns the same enrolment."""
    done = exchange(engine, body.code, body.device_key)
    return EnrolmentReply(**done.__dict__)
