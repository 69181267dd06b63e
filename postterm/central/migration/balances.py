"""An office's closing balances from the old system: cash by note or coin, stamps by value.

They take effect only when two different supervisors of the office have approved them
(`postterm central admin balances approve OFFICE --supervisor ID`, each with their PIN).
Then the office's cash is the expected opening cash of the first counter of the office that
asks for it at day-begin (`POST /v1/master/balances/opening-cash`); stamps are the office's
stock (`GET /v1/master/balances`), not counted at day-begin.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update

from postterm.central.admin import AdminError, NotFound
from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.migration.rows import Record
from postterm.central.models import (
    BalanceApproval,
    BalanceSheet,
    CentralUser,
    OpeningBalance,
    table,
)
from postterm.central.pins import pin_matches

APPROVALS_NEEDED = 2


class NotApproved(AdminError):
    """The balances are not yet effective."""


def _value_paise(value: str) -> int:
    whole, _, part = value.partition(".")
    return int(whole) * 100 + int(part.ljust(2, "0") or "0")


def _totals(items: Iterable[tuple[str, int]]) -> dict[str, Any]:
    cash: dict[str, int] = {}
    stamps: dict[str, int] = {}
    cash_paise = stamps_paise = 0
    for item, quantity in items:
        kind, _, value = item.partition(":")
        paise = _value_paise(value) * quantity
        if kind == "cash":
            cash[value] = quantity
            cash_paise += paise
        else:
            stamps[value] = quantity
            stamps_paise += paise
    return {
        "cash": dict(sorted(cash.items(), key=lambda kv: -_value_paise(kv[0]))),
        "cash_paise": cash_paise,
        "stamps": dict(sorted(stamps.items(), key=lambda kv: -_value_paise(kv[0]))),
        "stamps_paise": stamps_paise,
    }


def counted_text(cash: dict[str, int]) -> str:
    """The cash as a counter's count by note: `500x4,100x3`."""
    return ",".join(f"{value}x{quantity}" for value, quantity in cash.items() if quantity)


def sheet_of(conn: Connection, office_id: str) -> dict[str, Any] | None:
    """The office's migrated balances as held, with their approvals; None if there are none."""
    sheets, lines, approvals = table(BalanceSheet), table(OpeningBalance), table(BalanceApproval)
    sheet = conn.execute(select(sheets).where(sheets.c.office_id == office_id)).mappings().first()
    if sheet is None:
        return None
    items = conn.execute(
        select(lines.c.item, lines.c.quantity).where(lines.c.office_id == office_id)
    ).all()
    signed = conn.execute(
        select(approvals.c.supervisor_id, approvals.c.approved_at)
        .where(approvals.c.office_id == office_id)
        .order_by(approvals.c.approved_at)
    ).all()
    approved_at = sheet["approved_at"]
    taken_at = sheet["cash_taken_at"]
    return {
        "office_id": office_id,
        "as_of": sheet["as_of"].isoformat(),
        **_totals((i.item, i.quantity) for i in items),
        "approvals": [
            {"supervisor_id": s.supervisor_id, "at": as_utc(s.approved_at).isoformat()}
            for s in signed
        ],
        "approved": approved_at is not None,
        "approved_at": as_utc(approved_at).isoformat() if approved_at else None,
        "cash_terminal_id": sheet["cash_terminal_id"],
        "cash_taken_at": as_utc(taken_at).isoformat() if taken_at else None,
    }


def sheet_summary(conn: Connection, office_id: str, records: list[Record]) -> dict[str, Any]:
    """For the migration report: as held if imported, else as read from the export."""
    held = sheet_of(conn, office_id)
    if held is not None:
        return held
    return {
        "office_id": office_id,
        "as_of": records[0].data["as_of"],
        **_totals((str(r.data["item"]), int(r.data["quantity"])) for r in records),
        "approvals": [],
        "approved": False,
        "approved_at": None,
        "cash_terminal_id": None,
        "cash_taken_at": None,
    }


def show(engine: Engine, office_id: str) -> dict[str, Any]:
    with reading(engine) as conn:
        sheet = sheet_of(conn, office_id)
    if sheet is None:
        raise NotFound(f"office {office_id!r} has no migrated balances")
    return sheet


def approve(engine: Engine, office_id: str, supervisor_id: str, pin: str) -> dict[str, Any]:
    """A supervisor of the office signs the balances off; the second different one makes
    them effective."""
    users = table(CentralUser)
    with reading(engine) as conn:
        if sheet_of(conn, office_id) is None:
            raise NotFound(f"office {office_id!r} has no migrated balances")
        query = select(users).where(users.c.user_id == supervisor_id)
        user = conn.execute(query).mappings().first()
    if user is None:
        raise NotFound(f"no user {supervisor_id!r}")
    if user["office_id"] != office_id:
        raise AdminError(
            f"--supervisor: {supervisor_id} is of office {user['office_id']}, not {office_id}"
        )
    if user["role"] != "supervisor" or not user["active"]:
        raise AdminError(f"--supervisor: {supervisor_id} is not an active supervisor")
    if not pin_matches(user["pin_hash"], pin):
        raise AdminError(f"PIN: wrong PIN for {supervisor_id}")
    sheets, approvals = table(BalanceSheet), table(BalanceApproval)

    def work(conn: Connection) -> dict[str, Any]:
        conn.execute(
            select(sheets.c.office_id).where(sheets.c.office_id == office_id).with_for_update()
        )
        added = conn.execute(
            insert_for(conn, approvals)
            .values(office_id=office_id, supervisor_id=supervisor_id, approved_at=utc_now())
            .on_conflict_do_nothing()
            .returning(approvals.c.supervisor_id)
        ).first()
        if added is None:
            raise AdminError(
                f"{supervisor_id} has approved these balances already: a second, "
                "different supervisor must approve"
            )
        signed = conn.execute(
            select(func.count()).select_from(approvals).where(approvals.c.office_id == office_id)
        ).scalar_one()
        if signed >= APPROVALS_NEEDED:
            conn.execute(
                update(sheets)
                .where(sheets.c.office_id == office_id, sheets.c.approved_at.is_(None))
                .values(approved_at=utc_now())
            )
        sheet = sheet_of(conn, office_id)
        assert sheet is not None
        return sheet

    return writing(engine, work)


def take_opening_cash(engine: Engine, office_id: str, terminal_id: str) -> dict[str, Any]:
    """The office's migrated cash for the first counter that asks (the same answer to it
    again); other counters are told it went to another counter and expect nothing from it."""
    sheets = table(BalanceSheet)

    def work(conn: Connection) -> dict[str, Any]:
        row = (
            conn.execute(select(sheets).where(sheets.c.office_id == office_id).with_for_update())
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"office {office_id} has no migrated balances")
        if row["approved_at"] is None:
            raise NotApproved(
                f"the migrated balances of {office_id} await the approval of "
                f"{APPROVALS_NEEDED} different supervisors"
            )
        if row["cash_terminal_id"] is None:
            conn.execute(
                update(sheets)
                .where(sheets.c.office_id == office_id)
                .values(cash_terminal_id=terminal_id, cash_taken_at=utc_now())
            )
        sheet = sheet_of(conn, office_id)
        assert sheet is not None
        return sheet

    sheet = writing(engine, work)
    mine = sheet["cash_terminal_id"] == terminal_id
    return {
        "office_id": office_id,
        "as_of": sheet["as_of"],
        "terminal_id": sheet["cash_terminal_id"],
        "yours": mine,
        "expected_opening_cash_paise": sheet["cash_paise"] if mine else 0,
        "counted": counted_text(sheet["cash"]) if mine else "",
        "cash_taken_at": sheet["cash_taken_at"],
    }
