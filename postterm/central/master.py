"""Master data a counter keeps for working offline: its office (PIN, GSTIN, UPI payee), the
office's users (with PIN
hashes, so clerks can log in offline), and the tariff tables.

Each answer carries an ETag (a hash of its content); a pull with `If-None-Match` holding the
current ETag is answered `304 Not Modified` with no body, so an unchanged pull costs one
small response on a slow link.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from postterm.central.auth import CallerDep, EngineDep
from postterm.central.db import reading
from postterm.central.models import CentralUser, Office, table
from postterm.central.refusals import Refused

router = APIRouter(tags=["master data"])


class OfficeOut(BaseModel):
    office_id: str
    pin: str
    name: str
    office_type: str
    gstin: str | None
    upi_vpa: str | None = Field(default=None, description="where the office's UPI payments go")
    upi_payee: str | None = Field(default=None, description="the payee name payers see")


class UserOut(BaseModel):
    user_id: str
    name: str
    role: str
    pin_hash: str
    active: bool
    must_change_pin: bool = False  # a one-time PIN: the user sets their own at log-in
    language: str | None = None  # the user's screens after log-in; None: the counter's


class OfficeMaster(BaseModel):
    version: str
    office: OfficeOut
    users: list[UserOut]


class TariffFile(BaseModel):
    name: str
    sha256: str
    text: str


class TariffMaster(BaseModel):
    version: str
    tariffs: list[TariffFile]


def _etag(version: str) -> str:
    return f'"{version}"'


def _unchanged(if_none_match: str | None, version: str) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return _etag(version) in tags or "*" in tags


def _version(content: object) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "unchanged since the ETag sent in If-None-Match"}
}


@router.get("/v1/master/office", response_model=OfficeMaster, responses=NOT_MODIFIED)
def office_master(
    who: CallerDep,
    engine: EngineDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> OfficeMaster | Response:
    """The caller's office and its users (PIN hashes included), with an ETag."""
    offices, users = table(Office), table(CentralUser)
    with reading(engine) as conn:
        office = (
            conn.execute(select(offices).where(offices.c.office_id == who.office_id))
            .mappings()
            .first()
        )
        rows = (
            conn.execute(
                select(users).where(users.c.office_id == who.office_id).order_by(users.c.user_id)
            )
            .mappings()
            .all()
        )
    if office is None:
        raise Refused(404, f"office {who.office_id} no longer exists")
    office_out = OfficeOut(
        office_id=office["office_id"],
        pin=office["pin"],
        name=office["name"],
        office_type=office["office_type"],
        gstin=office["gstin"],
        upi_vpa=office["upi_vpa"],
        upi_payee=office["upi_payee"],
    )
    users_out = [
        UserOut(
            user_id=r["user_id"],
            name=r["name"],
            role=r["role"],
            pin_hash=r["pin_hash"],
            active=r["active"],
            must_change_pin=r["must_change_pin"],
            language=r["language"],
        )
        for r in rows
    ]
    version = _version([office_out.model_dump(), [u.model_dump() for u in users_out]])
    if _unchanged(if_none_match, version):
        return Response(status_code=304, headers={"ETag": _etag(version)})
    response.headers["ETag"] = _etag(version)
    return OfficeMaster(version=version, office=office_out, users=users_out)


@lru_cache(maxsize=1)
def packaged_tariffs() -> tuple[TariffFile, ...]:
    """The tariff tables shipped in `postterm.data/tariffs` (the counter ships the same)."""
    folder = resources.files("postterm.data") / "tariffs"
    if not folder.is_dir():
        return ()
    found = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".toml") and item.is_file():
            data = item.read_bytes()
            found.append(
                TariffFile(
                    name=item.name,
                    sha256=hashlib.sha256(data).hexdigest(),
                    text=data.decode("utf-8"),
                )
            )
    return tuple(found)


@router.get("/v1/master/tariffs", response_model=TariffMaster, responses=NOT_MODIFIED)
def tariff_master(
    who: CallerDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> TariffMaster | Response:
    """The tariff tables as TOML text, each with its SHA-256; versioned by their content."""
    files = packaged_tariffs()
    version = _version([(f.name, f.sha256) for f in files])
    if _unchanged(if_none_match, version):
        return Response(status_code=304, headers={"ETag": _etag(version)})
    response.headers["ETag"] = _etag(version)
    return TariffMaster(version=version, tariffs=list(files))
