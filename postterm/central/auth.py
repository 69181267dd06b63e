"""Who is calling: the enrolled terminal behind a bearer token, and its office."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select

from postterm.central.contacts import contact_for
from postterm.central.db import reading
from postterm.central.models import Office, Terminal, table
from postterm.central.refusals import Refused
from postterm.central.tokens import sha256_hex

bearer = HTTPBearer(auto_error=False, description="the token a terminal got at enrolment")


@dataclass(frozen=True)
class Caller:
    terminal_id: str
    office_id: str
    office_name: str
    office_type: str
    office_pin: str = ""


def engine_of(request: Request) -> Engine:
    engine = request.app.state.engine
    assert isinstance(engine, Engine)
    return engine


def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The terminal a request comes from; 401 without a live token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Refused(401, "a terminal token is required: Authorization: Bearer <token>")
    terminals, offices = table(Terminal), table(Office)
    query = (
        select(
            terminals.c.terminal_id,
            terminals.c.status,
            terminals.c.office_id,
            offices.c.name,
            offices.c.office_type,
            offices.c.pin,
        )
        .join(offices, offices.c.office_id == terminals.c.office_id)
        .where(terminals.c.token_sha256 == sha256_hex(credentials.credentials))
    )
    with reading(engine_of(request)) as conn:
        row = conn.execute(query).first()
    if row is None:
        raise Refused(401, "terminal token not recognised; enrol this terminal again")
    if row.status != "active":
        raise revoked(engine_of(request), row.terminal_id, row.office_id)
    request.state.terminal_id = row.terminal_id
    return Caller(row.terminal_id, row.office_id, row.name, row.office_type, row.pin)


def revoked(engine: Engine, terminal_id: str, office_id: str) -> Refused:
    """The answer to a revoked terminal: 401, flagged `revoked`, with whom to ask."""
    with reading(engine) as conn:
        contact = contact_for(conn, office_id)
    return Refused(
        401,
        f"terminal {terminal_id} has been revoked by an administrator",
        revoked=True,
        contact=contact,
    )


EngineDep = Annotated[Engine, Depends(engine_of)]
CallerDep = Annotated[Caller, Depends(caller)]


def same_office(who: Caller, office_id: str, what: str) -> None:
    """403 unless `office_id` is the caller's own office."""
    if office_id != who.office_id:
        raise Refused(403, f"{what} belongs to another office; only {office_id} may read it")
