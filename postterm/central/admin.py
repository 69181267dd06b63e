"""What an administrator does: offices, users, enrolment codes, revoke and resume.

Used by `postterm central admin ...` and by the tests; every function takes an engine and
returns plain data. `AdminError` messages are the one line the administrator sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.models import (
    CentralUser,
    EnrolmentCode,
    JournalConflict,
    Office,
    Terminal,
    table,
)
from postterm.central.pins import hash_pin, pin_problem
from postterm.central.tokens import new_enrolment_code, normalise_code, sha256_hex
from postterm.core.upi import VPA_PATTERN

OFFICE_TYPES = ("HO", "SO", "BO", "HUB")
ROLES = ("clerk", "supervisor")
_GSTIN = re.compile(r"^[0-9]{2}[A-Z0-9]{10}[0-9A-Z]Z[0-9A-Z]$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_VPA = re.compile(VPA_PATTERN)
MAX_PAYEE = 40


class AdminError(ValueError):
    """A refused administrative request; the message says why."""


class NotFound(AdminError):
    """The office, terminal or user named does not exist."""


@dataclass(frozen=True)
class OfficeInfo:
    office_id: str
    pin: str
    name: str
    office_type: str
    gstin: str | None
    upi_vpa: str | None
    upi_payee: str | None


def _office_info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        row.office_id, row.pin, row.name, row.office_type, row.gstin, row.upi_vpa, row.upi_payee
    )


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise AdminError("office name must be 1 to 120 characters")
    return name


def _clean_gstin(gstin: str) -> str:
    gstin = gstin.strip().upper()
    if not _GSTIN.match(gstin):
        raise AdminError(f"--gstin: a GSTIN is 15 characters like 23AAAGI0123A1Z5, got {gstin!r}")
    return gstin


def _clean_vpa(vpa: str) -> str:
    vpa = vpa.strip()
    if len(vpa) > 255 or not _VPA.match(vpa):
        raise AdminError(
            f"--upi-vpa: the UPI payee address must be a UPI id like office@bank, got {vpa!r}"
        )
    return vpa


def _clean_payee(payee: str) -> str:
    payee = " ".join(payee.split())
    if not payee or len(payee) > MAX_PAYEE or not payee.isprintable():
        raise AdminError(
            f"--upi-payee: the payee name payers see must be 1 to {MAX_PAYEE} characters"
        )
    return payee


def create_office(
    engine: Engine,
    *,
    pin: str,
    name: str,
    office_type: str,
    gstin: str | None = None,
    office_id: str | None = None,
    upi_vpa: str | None = None,
    upi_payee: str | None = None,
) -> OfficeInfo:
    """An office with its GSTIN and UPI payee (address and name), which its counters use."""
    if not (len(pin) == 6 and pin.isascii() and pin.isdigit() and pin[0] != "0"):
        raise AdminError(f"office PIN must be 6 digits not starting with 0, got {pin!r}")
    name = _clean_name(name)
    office_type = office_type.upper()
    if office_type not in OFFICE_TYPES:
        raise AdminError(f"office type must be one of {', '.join(OFFICE_TYPES)}")
    gstin = _clean_gstin(gstin) if gstin is not None else None
    upi_vpa = _clean_vpa(upi_vpa) if upi_vpa is not None else None
    upi_payee = _clean_payee(upi_payee) if upi_payee is not None else None
    office_id = office_id or f"{pin}-{office_type}"
    if not _ID.match(office_id):
        raise AdminError(f"office id must be letters, digits and dashes, got {office_id!r}")
    now = utc_now()
    row = {
        "office_id": office_id,
        "pin": pin,
        "name": name,
        "office_type": office_type,
        "gstin": gstin,
        "upi_vpa": upi_vpa,
        "upi_payee": upi_payee,
        "created_at": now,
        "updated_at": now,
    }

    def work(conn: Connection) -> bool:
        offices = table(Office)
        stmt = insert_for(conn, offices).values(row).on_conflict_do_nothing()
        return conn.execute(stmt.returning(offices.c.office_id)).first() is not None

    if not writing(engine, work):
        raise AdminError(f"office {office_id} exists already (give another id with --id)")
    return OfficeInfo(office_id, pin, name, office_type, gstin, upi_vpa, upi_payee)


def update_office(
    engine: Engine,
    office_id: str,
    *,
    name: str | None = None,
    gstin: str | None = None,
    upi_vpa: str | None = None,
    upi_payee: str | None = None,
) -> OfficeInfo:
    """Change an office's name, GSTIN or UPI payee; its counters get them with their next
    master-data pull. The PIN, type and id stay: a different office is a new office."""
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _clean_name(name)
    if gstin is not None:
        values["gstin"] = _clean_gstin(gstin)
    if upi_vpa is not None:
        values["upi_vpa"] = _clean_vpa(upi_vpa)
    if upi_payee is not None:
        values["upi_payee"] = _clean_payee(upi_payee)
    if not values:
        raise AdminError("nothing to change: give --name, --gstin, --upi-vpa or --upi-payee")
    offices = table(Office)

    def work(conn: Connection) -> Office:
        _require_office(conn, office_id)
        conn.execute(
            update(offices)
            .where(offices.c.office_id == office_id)
            .values(**values, updated_at=utc_now())
        )
        return _require_office(conn, office_id)

    return _office_info(writing(engine, work))


def office_ids(engine: Engine) -> list[str]:
    offices = table(Office)
    with reading(engine) as conn:
        query = select(offices.c.office_id).order_by(offices.c.office_id)
        return [str(office_id) for office_id in conn.execute(query).scalars()]


def get_office(conn: Connection, office_id: str) -> Office | None:
    row = conn.execute(select(table(Office)).where(table(Office).c.office_id == office_id))
    found = row.mappings().first()
    return Office(**found) if found else None


def _require_office(conn: Connection, office_id: str) -> Office:
    office = get_office(conn, office_id)
    if office is None:
        raise NotFound(f"no office {office_id!r}")
    return office


@dataclass(frozen=True)
class UserInfo:
    user_id: str
    office_id: str
    name: str
    role: str


def create_user(engine: Engine, *, office_id: str, name: str, role: str, pin: str) -> UserInfo:
    """A clerk or supervisor; the id is `<office id>-NN`, the next free number."""
    name = " ".join(name.split())
    if not name or len(name) > 120:
        raise AdminError("user name must be 1 to 120 characters")
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    problem = pin_problem(pin)
    if problem:
        raise AdminError(problem)
    pin_hash = hash_pin(pin)
    users = table(CentralUser)

    def work(conn: Connection) -> str:
        _require_office(conn, office_id)
        count = conn.execute(
            select(func.count()).select_from(users).where(users.c.office_id == office_id)
        ).scalar_one()
        now = utc_now()
        for number in range(count + 1, count + 1000):
            user_id = f"{office_id}-{number:02d}"
            stmt = insert_for(conn, users).values(
                user_id=user_id,
                office_id=office_id,
                name=name,
                role=role,
                pin_hash=pin_hash,
                active=True,
                created_at=now,
                updated_at=now,
            )
            added = stmt.on_conflict_do_nothing().returning(users.c.user_id)
            if conn.execute(added).first() is not None:
                _touch_office(conn, office_id)
                return user_id
        raise AdminError("could not find a free user id")

    return UserInfo(writing(engine, work), office_id, name, role)


def _touch_office(conn: Connection, office_id: str) -> None:
    offices = table(Office)
    conn.execute(
        update(offices).where(offices.c.office_id == office_id).values(updated_at=utc_now())
    )


@dataclass(frozen=True)
class CodeInfo:
    code: str
    office_id: str
    label: str
    expires_at: str


def create_enrolment_code(
    engine: Engine, *, office_id: str, label: str, valid_hours: int = 72
) -> CodeInfo:
    """A one-time code for counter `label` of `office_id`; printed once, stored hashed."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$", label):
        raise AdminError(f"counter label must be letters, digits and dashes, got {label!r}")
    if not 1 <= valid_hours <= 24 * 30:
        raise AdminError("a code must be valid for 1 hour to 30 days")
    code = new_enrolment_code()
    now = utc_now()
    expires = now + timedelta(hours=valid_hours)

    def work(conn: Connection) -> None:
        _require_office(conn, office_id)
        conn.execute(
            insert_for(conn, table(EnrolmentCode)).values(
                code_sha256=sha256_hex(normalise_code(code)),
                office_id=office_id,
                label=label,
                created_at=now,
                expires_at=expires,
            )
        )

    writing(engine, work)
    return CodeInfo(code, office_id, label, expires.isoformat())


def _set_terminal(engine: Engine, terminal_id: str, **values: Any) -> dict[str, Any]:
    terminals = table(Terminal)

    def work(conn: Connection) -> dict[str, Any]:
        result = conn.execute(
            update(terminals).where(terminals.c.terminal_id == terminal_id).values(**values)
        )
        if result.rowcount != 1:
            raise NotFound(f"no terminal {terminal_id!r}")
        row = conn.execute(select(terminals).where(terminals.c.terminal_id == terminal_id))
        return dict(row.mappings().one())

    return writing(engine, work)


def revoke_terminal(engine: Engine, terminal_id: str) -> dict[str, Any]:
    """The terminal's token stops working at once; its journal stays."""
    return terminal_summary(
        _set_terminal(engine, terminal_id, status="revoked", revoked_at=utc_now())
    )


def resume_terminal(engine: Engine, terminal_id: str) -> dict[str, Any]:
    """Lift a revocation and a quarantine. Conflicts stay recorded; the entries the central
    holds are kept, so the terminal continues from its acknowledged mark."""
    return terminal_summary(
        _set_terminal(
            engine,
            terminal_id,
            status="active",
            revoked_at=None,
            quarantined_at=None,
            quarantine_reason=None,
        )
    )


def terminal_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "terminal_id": row["terminal_id"],
        "office_id": row["office_id"],
        "label": row["label"],
        "status": row["status"],
        "quarantined": row["quarantined_at"] is not None,
        "quarantine_reason": row["quarantine_reason"],
        "ack_seq": row["ack_seq"],
        "ack_hash": row["ack_hash"],
        "enrolled_at": as_utc(row["enrolled_at"]).isoformat(),
    }


def list_terminals(engine: Engine, office_id: str | None = None) -> list[dict[str, Any]]:
    terminals = table(Terminal)
    query = select(terminals).order_by(terminals.c.terminal_id)
    if office_id:
        query = query.where(terminals.c.office_id == office_id)
    with reading(engine) as conn:
        return [terminal_summary(dict(row)) for row in conn.execute(query).mappings()]


def list_conflicts(engine: Engine, terminal_id: str) -> list[dict[str, Any]]:
    """Conflicting entries a terminal sent, with the bytes the central holds for that seq."""
    conflicts = table(JournalConflict)
    query = (
        select(conflicts)
        .where(conflicts.c.terminal_id == terminal_id)
        .order_by(conflicts.c.seq, conflicts.c.received_at)
    )
    with reading(engine) as conn:
        return [
            {
                "terminal_id": row["terminal_id"],
                "seq": row["seq"],
                "received_bytes": bytes(row["entry_bytes"]).decode("utf-8", "replace"),
                "held_hash": row["held_hash"],
                "received_at": as_utc(row["received_at"]).isoformat(),
            }
            for row in conn.execute(query).mappings()
        ]
