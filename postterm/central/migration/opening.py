"""The migrated balances as a counter sees them: the office's sheet (stamps stock for doctor
and the office report), and the opening cash the first counter to begin a day takes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from postterm.central.admin import NotFound
from postterm.central.auth import CallerDep, EngineDep
from postterm.central.migration.balances import NotApproved, show, take_opening_cash
from postterm.central.refusals import Refused

router = APIRouter(tags=["master data"])


class Approval(BaseModel):
    supervisor_id: str
    at: str


class Balances(BaseModel):
    office_id: str
    as_of: str
    cash: dict[str, int]
    cash_paise: int
    stamps: dict[str, int]
    stamps_paise: int
    approvals: list[Approval]
    approved: bool
    approved_at: str | None
    cash_terminal_id: str | None
    cash_taken_at: str | None


class OpeningCash(BaseModel):
    office_id: str
    as_of: str
    terminal_id: str | None
    yours: bool
    expected_opening_cash_paise: int
    counted: str
    cash_taken_at: str | None


@router.get("/v1/master/balances", response_model=Balances)
def get_balances(who: CallerDep, engine: EngineDep) -> Balances:
    """The office's migrated closing balances (cash by note, stamps by value) and their
    sign-offs; 404 when the office has none."""
    try:
        sheet: dict[str, Any] = show(engine, who.office_id)
    except NotFound as exc:
        raise Refused(404, str(exc)) from None
    return Balances(**sheet)


@router.post("/v1/master/balances/opening-cash", response_model=OpeningCash)
def post_opening_cash(who: CallerDep, engine: EngineDep) -> OpeningCash:
    """Take the office's migrated cash as this counter's expected opening cash: the first
    counter to ask gets it (and the same answer again); any other gets 0 and whose it is.
    409 until two supervisors have approved the balances."""
    try:
        return OpeningCash(**take_opening_cash(engine, who.office_id, who.terminal_id))
    except NotApproved as exc:
        raise Refused(409, str(exc)) from None
    except NotFound as exc:
        raise Refused(404, str(exc)) from None
