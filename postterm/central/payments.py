"""UPI payments: the counter registers the reference it put in the QR (made offline, so the
counter never waits for us) with its amount; the payment provider's callback marks it paid;
the counter polls the status.

The callback is verified with HMAC-SHA256 over the raw request body, using a secret shared
with the provider (kept in the database, so every worker and host has it; see
`postterm central admin upi-secret`), sent as `X-Postterm-Signature: sha256=<hex>`. It is
idempotent: the same paid callback again changes nothing; a different UTR or amount for a
reference already settled is refused and the first answer stands, and so is a UTR that
already paid another booking (see utrs.py). Nothing else marks a payment paid: the demo's
simulated customer pays through this same signed callback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from pydantic import BaseModel, Field, StringConstraints, ValidationError
from sqlalchemy import Connection, Engine, select, update
from starlette.concurrency import run_in_threadpool

from postterm.central.auth import CallerDep, EngineDep, same_office
from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.models import CentralSetting, Payment, table
from postterm.central.refusals import Refused
from postterm.central.utrs import claim
from postterm.central.wire import Paise

router = APIRouter(tags=["payments"])

SECRET_KEY = "upi_callback_secret"
UPI_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.-]{3,34}$"
UpiRef = Annotated[str, StringConstraints(pattern=UPI_REF_PATTERN)]
UTR = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{6,35}$")]


def setting(conn: Connection, key: str) -> str | None:
    settings = table(CentralSetting)
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar_one_or_none()
    return value if isinstance(value, str) else None


def put_setting(conn: Connection, key: str, value: str, *, replace: bool = True) -> str:
    settings = table(CentralSetting)
    conn.execute(insert_for(conn, settings).values(key=key, value=value).on_conflict_do_nothing())
    if replace:
        conn.execute(update(settings).where(settings.c.key == key).values(value=value))
    stored = setting(conn, key)
    assert stored is not None
    return stored


def callback_secret(engine: Engine, *, rotate: bool = False) -> str:
    """The provider's shared secret; made on first use."""
    if not rotate:
        with reading(engine) as conn:
            known = setting(conn, SECRET_KEY)
        if known is not None:
            return known
    return writing(
        engine, lambda conn: put_setting(conn, SECRET_KEY, secrets.token_hex(32), replace=rotate)
    )


def sign(secret: str, body: bytes) -> str:
    """The signature header value a provider sends for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class PaymentIn(BaseModel):
    upi_ref: Annotated[UpiRef, Field(description="the `tr` the counter put in the QR")]
    amount_paise: Paise


class PaymentOut(BaseModel):
    upi_ref: str
    office_id: str
    terminal_id: str
    amount_paise: int
    status: str = Field(description="pending | paid | failed")
    utr: str | None = None
    registered_at: str
    paid_at: str | None = None


def _out(row: Any) -> PaymentOut:
    return PaymentOut(
        upi_ref=row["upi_ref"],
        office_id=row["office_id"],
        terminal_id=row["terminal_id"],
        amount_paise=row["amount_paise"],
        status=row["status"],
        utr=row["utr"],
        registered_at=as_utc(row["registered_at"]).isoformat(),
        paid_at=as_utc(row["paid_at"]).isoformat() if row["paid_at"] else None,
    )


def _row(conn: Connection, upi_ref: str) -> Any:
    payments = table(Payment)
    return conn.execute(select(payments).where(payments.c.upi_ref == upi_ref)).mappings().first()


@router.post("/v1/payments", response_model=PaymentOut, status_code=201)
def register(body: PaymentIn, who: CallerDep, engine: EngineDep) -> PaymentOut:
    """Register a UPI reference and its amount. Registering it again is harmless; the same
    reference with another amount is refused."""

    def work(conn: Connection) -> Any:
        conn.execute(
            insert_for(conn, table(Payment))
            .values(
                upi_ref=body.upi_ref,
                office_id=who.office_id,
                terminal_id=who.terminal_id,
                amount_paise=body.amount_paise,
                status="pending",
                registered_at=utc_now(),
            )
            .on_conflict_do_nothing()
        )
        return _row(conn, body.upi_ref)

    row = writing(engine, work)
    if row["office_id"] != who.office_id:
        raise Refused(409, f"UPI reference {body.upi_ref} is already used by another office")
    if row["amount_paise"] != body.amount_paise:
        raise Refused(
            409,
            f"UPI reference {body.upi_ref} is registered for {row['amount_paise']} paise, "
            f"not {body.amount_paise}",
        )
    return _out(row)


@router.get("/v1/payments/{upi_ref}", response_model=PaymentOut)
def status(
    upi_ref: Annotated[str, Path(pattern=UPI_REF_PATTERN)], who: CallerDep, engine: EngineDep
) -> PaymentOut:
    """Poll a payment of this office: pending, paid (with the UTR) or failed."""
    with reading(engine) as conn:
        row = _row(conn, upi_ref)
    if row is None:
        raise Refused(404, f"UPI reference {upi_ref} is not registered")
    same_office(who, row["office_id"], f"payment {upi_ref}")
    return _out(row)


def _settle(conn: Connection, upi_ref: str, amount: int, utr: str, outcome: str) -> Any:
    payments = table(Payment)
    row = (
        conn.execute(select(payments).where(payments.c.upi_ref == upi_ref).with_for_update())
        .mappings()
        .first()
    )
    if row is None:
        raise Refused(404, f"UPI reference {upi_ref} is not registered")
    if row["amount_paise"] != amount:
        raise Refused(
            409, f"amount {amount} paise does not match the {row['amount_paise']} registered"
        )
    if row["status"] != "pending":
        if row["status"] == outcome and row["utr"] == utr:
            return row
        raise Refused(409, f"UPI reference {upi_ref} is already {row['status']} (UTR {row['utr']})")
    if outcome == "paid":  # a UTR pays one booking anywhere
        held = claim(
            conn, utr, office_id=row["office_id"], terminal_id=row["terminal_id"], upi_ref=upi_ref
        )
        if held is not None:
            raise Refused(409, held.describe())
    conn.execute(
        update(payments)
        .where(payments.c.upi_ref == upi_ref)
        .values(status=outcome, utr=utr, paid_at=utc_now() if outcome == "paid" else None)
    )
    return _row(conn, upi_ref)


class Callback(BaseModel):
    upi_ref: UpiRef
    amount_paise: Paise
    utr: UTR
    status: Annotated[str, Field(description="success | failure")]


@router.post(
    "/v1/payments/callback",
    response_model=PaymentOut,
    tags=["provider"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": Callback.model_json_schema()}},
        }
    },
)
async def provider_callback(
    request: Request,
    engine: EngineDep,
    x_postterm_signature: Annotated[str | None, Header(max_length=100)] = None,
) -> PaymentOut:
    """The payment provider says a reference was paid (or failed). Body: `Callback` JSON,
    signed with `X-Postterm-Signature: sha256=<hex HMAC-SHA256 of the body>`."""
    body = await request.body()
    if len(body) > 10_000:
        raise Refused(413, "callback body is too large")
    return await run_in_threadpool(_verified_callback, engine, body, x_postterm_signature)


def _verified_callback(engine: Engine, body: bytes, signature: str | None) -> PaymentOut:
    if not signature:
        raise Refused(401, "X-Postterm-Signature header is required")
    secret = callback_secret(engine)
    if not hmac.compare_digest(sign(secret, body).encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "callback signature does not match")
    try:
        callback = Callback.model_validate(json.loads(body))
    except (ValueError, ValidationError, RecursionError) as exc:
        first = str(exc).splitlines()
        raise Refused(422, f"callback body is not valid: {' '.join(first[:3])}") from None
    if callback.status not in ("success", "failure"):
        raise Refused(422, "callback status must be success or failure")
    outcome = "paid" if callback.status == "success" else "failed"
    row = writing(
        engine,
        lambda conn: _settle(conn, callback.upi_ref, callback.amount_paise, callback.utr, outcome),
    )
    return _out(row)
