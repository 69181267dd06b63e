"""A user's record at the central, as counters write to it: the one authenticated way.

`POST /v1/users/{user_id}/changes` takes one change `{"change": KIND, ...}` from a terminal of
the user's own office, applies it in one transaction, records it in `user_audit` (who, when,
what) and answers the user's state. `GET /v1/users/{user_id}` answers the state alone, e.g. at
log-in. Kinds today:

- `failed-pin`: a wrong PIN on a counter. The central counts them across all the office's
  counters; at `LOCK_AFTER` the user is locked until an administrator runs
  `postterm central admin unlock USER` (also recorded).
- `pin-accepted`: the right PIN; the count starts again (refused while locked).
- `own-pin`: the user sets their own PIN (`pin`: the current one, e.g. the one-time PIN a
  migration printed; `new_pin`). The central checks the current PIN against its own hash,
  stores the new PIN's hash and clears `must_change_pin`; the audit never holds a PIN.
- `language`: the language the user's screens speak after log-in (`language`: "hi" or
  "en"), chosen at a counter's log-in screen; every counter of the office pulls it with the
  users.

A new kind is a function in `CHANGES` taking the connection, the caller, the user's row and
the change, returning the audit detail; its fields go in `UserChange` (optional, checked by
the kind's function).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Engine, select, update

from postterm.central.auth import Caller, CallerDep, EngineDep
from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.models import CentralUser, UserAudit, table
from postterm.central.pins import hash_pin, pin_matches, pin_problem
from postterm.central.refusals import Refused
from postterm.central.wire import ID_PATTERN

router = APIRouter(tags=["users"])

LANGUAGES = ("hi", "en")  # the counter's catalogs (the central does not import them)
LOCK_AFTER = 5  # wrong PINs, across all the office's counters, that lock a user

UserIdPath = Annotated[str, Path(pattern=ID_PATTERN, description="e.g. 476337-SO-01")]


class UserState(BaseModel):
    user_id: str
    locked: bool
    failed_pins: int
    tries_left: int = Field(description="wrong PINs left before the user is locked")
    locked_at: str | None = None
    must_change_pin: bool = Field(
        default=False, description="a one-time PIN: the user sets their own at the next log-in"
    )
    language: str | None = Field(
        default=None, description="the language of the user's screens; null: the counter's"
    )


class UserChange(BaseModel):
    change: Annotated[
        str, Field(max_length=40, description="failed-pin | pin-accepted | own-pin | language")
    ]
    pin: Annotated[
        str | None, Field(default=None, max_length=40, description="own-pin: the current PIN")
    ]
    new_pin: Annotated[
        str | None,
        Field(default=None, max_length=40, description="own-pin: the PIN the user chose"),
    ]
    language: Annotated[
        str | None, Field(default=None, max_length=8, description="language: hi or en")
    ]


def state_of(row: Mapping[str, Any]) -> UserState:
    locked_at: datetime | None = row["locked_at"]
    return UserState(
        user_id=row["user_id"],
        locked=locked_at is not None,
        failed_pins=row["failed_pins"],
        tries_left=0 if locked_at is not None else max(0, LOCK_AFTER - row["failed_pins"]),
        locked_at=as_utc(locked_at).isoformat() if locked_at is not None else None,
        must_change_pin=bool(row["must_change_pin"]),
        language=row["language"],
    )


def _user_row(conn: Connection, user_id: str, *, for_update: bool = False) -> Any:
    users = table(CentralUser)
    query = select(users).where(users.c.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def _own_user(conn: Connection, who: Caller, user_id: str, *, for_update: bool = False) -> Any:
    """The user's row, only for a terminal of the user's office (404 otherwise, so a terminal
    learns nothing of another office's users)."""
    row = _user_row(conn, user_id, for_update=for_update)
    if row is None or row["office_id"] != who.office_id:
        raise Refused(404, f"no user {user_id} at office {who.office_id}")
    return row


def audit(
    conn: Connection, row: Mapping[str, Any], action: str, actor: str, detail: str = ""
) -> None:
    conn.execute(
        insert_for(conn, table(UserAudit)).values(
            user_id=row["user_id"],
            audit_id=secrets.token_hex(16),
            office_id=row["office_id"],
            at=utc_now(),
            action=action,
            actor=actor,
            detail=detail,
        )
    )


def _set(conn: Connection, user_id: str, **values: Any) -> None:
    users = table(CentralUser)
    conn.execute(update(users).where(users.c.user_id == user_id).values(**values))


def _failed_pin(conn: Connection, who: Caller, row: Mapping[str, Any], _: UserChange) -> str:
    failed = row["failed_pins"] + 1
    values: dict[str, Any] = {"failed_pins": failed}
    if row["locked_at"] is None and failed >= LOCK_AFTER:
        values["locked_at"] = utc_now()
    _set(conn, row["user_id"], **values)
    locked = " (now locked)" if "locked_at" in values else ""
    return f"wrong PIN {failed} at {who.terminal_id}{locked}"


def _pin_accepted(conn: Connection, who: Caller, row: Mapping[str, Any], _: UserChange) -> str:
    if row["locked_at"] is not None:
        raise Refused(
            423,
            f"{row['user_id']} is locked after {row['failed_pins']} wrong PINs: an "
            f"administrator must unlock the user",
            **state_of(row).model_dump(),
        )
    _set(conn, row["user_id"], failed_pins=0)
    return f"right PIN at {who.terminal_id} after {row['failed_pins']} wrong"


def _own_pin(conn: Connection, who: Caller, row: Mapping[str, Any], body: UserChange) -> str:
    """The user's own PIN in place of the current one (after a one-time PIN, or any time)."""
    if row["locked_at"] is not None:
        raise Refused(
            423,
            f"{row['user_id']} is locked: an administrator must unlock the "
            "user before a new PIN can be set",
            **state_of(row).model_dump(),
        )
    if not body.pin or not pin_matches(row["pin_hash"], body.pin):
        raise Refused(403, "pin: the current PIN is not this user's")
    new_pin = body.new_pin or ""
    problem = pin_problem(new_pin)
    if problem:
        raise Refused(422, f"new_pin: {problem}")
    if new_pin == body.pin:
        raise Refused(422, "new_pin: choose a PIN other than the current one")
    first = bool(row["must_change_pin"])
    _set(conn, row["user_id"], pin_hash=hash_pin(new_pin), must_change_pin=False, failed_pins=0)
    return f"own PIN set at {who.terminal_id}{' (first log-in)' if first else ''}"


def _language(conn: Connection, who: Caller, row: Mapping[str, Any], body: UserChange) -> str:
    """The language of the user's screens from now on, at every counter of the office."""
    if body.language not in LANGUAGES:
        raise Refused(422, f"language: give one of {', '.join(LANGUAGES)}, got {body.language!r}")
    _set(conn, row["user_id"], language=body.language)
    return f"language {row['language'] or '-'} -> {body.language} at {who.terminal_id}"


Change = Callable[[Connection, Caller, Mapping[str, Any], UserChange], str]
CHANGES: dict[str, Change] = {
    "failed-pin": _failed_pin,
    "pin-accepted": _pin_accepted,
    "own-pin": _own_pin,
    "language": _language,
}


@router.get("/v1/users/{user_id}", response_model=UserState)
def get_user(user_id: UserIdPath, who: CallerDep, engine: EngineDep) -> UserState:
    """A user of the caller's office: locked or not, and wrong PINs counted so far."""
    with reading(engine) as conn:
        return state_of(_own_user(conn, who, user_id))


@router.post("/v1/users/{user_id}/changes", response_model=UserState)
def change_user(
    user_id: UserIdPath, body: UserChange, who: CallerDep, engine: EngineDep
) -> UserState:
    """Apply one change to a user of the caller's office, recorded with the terminal's id."""
    apply = CHANGES.get(body.change)
    if apply is None:
        raise Refused(422, f"change must be one of {', '.join(CHANGES)}, got {body.change!r}")

    def work(conn: Connection) -> UserState:
        row = _own_user(conn, who, user_id, for_update=True)
        detail = apply(conn, who, row, body)
        audit(conn, row, body.change, who.terminal_id, detail)
        return state_of(_user_row(conn, user_id))

    return writing(engine, work)


def unlock(engine: Engine, user_id: str, actor: str) -> tuple[UserState, bool]:
    """Lift a user's lock and clear the count (an administrator's act, recorded); the state,
    and whether the user was locked."""

    def work(conn: Connection) -> tuple[UserState, bool]:
        row = _user_row(conn, user_id, for_update=True)
        if row is None:
            raise LookupError(user_id)
        was_locked = row["locked_at"] is not None
        _set(conn, user_id, failed_pins=0, locked_at=None)
        audit(
            conn,
            row,
            "unlock",
            actor,
            f"was {'locked' if was_locked else 'not locked'} with {row['failed_pins']} wrong PINs",
        )
        return state_of(_user_row(conn, user_id)), was_locked

    return writing(engine, work)


def history(engine: Engine, user_id: str) -> list[dict[str, str]]:
    """What was done to a user's record, oldest first."""
    audits = table(UserAudit)
    with reading(engine) as conn:
        rows = conn.execute(
            select(audits).where(audits.c.user_id == user_id).order_by(audits.c.at)
        ).mappings()
        return [
            {
                "at": as_utc(r["at"]).isoformat(),
                "action": r["action"],
                "actor": r["actor"],
                "detail": r["detail"],
            }
            for r in rows
        ]
