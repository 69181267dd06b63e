"""The demo's simulated customer: a UPI request the counter has registered at the central is
paid a few seconds later, through the provider's signed callback like a real bank's.

It runs only inside `postterm demo`'s own central process, reading the demo's own database;
no central setting turns it on, so no other database can carry it.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import timedelta

import httpx
from sqlalchemy import Engine, select

from postterm.central.db import as_utc, reading, utc_now
from postterm.central.models import Payment, table
from postterm.central.payments import sign

PAY_AFTER_S = 5.0


class DemoPayer:
    def __init__(
        self,
        engine: Engine,
        central_url: str,
        secret: str,
        *,
        after_s: float = PAY_AFTER_S,
        every_s: float = 0.5,
    ) -> None:
        self.engine = engine
        self.url = f"{central_url}/v1/payments/callback"
        self.secret = secret
        self.after = timedelta(seconds=after_s)
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-upi-payer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.pay_due()
            except Exception:  # the demo's payer never takes the demo's central down
                continue

    def pay_due(self) -> int:
        """Pay each pending request registered at least `after_s` ago; how many were paid."""
        payments = table(Payment)
        with reading(self.engine) as conn:
            pending = conn.execute(
                select(payments.c.upi_ref, payments.c.amount_paise, payments.c.registered_at).where(
                    payments.c.status == "pending"
                )
            ).all()
        now, paid = utc_now(), 0
        for upi_ref, amount, registered_at in pending:
            if now - as_utc(registered_at) < self.after:
                continue
            body = json.dumps(
                {
                    "upi_ref": upi_ref,
                    "amount_paise": amount,
                    "utr": "DEMO" + secrets.token_hex(6).upper(),
                    "status": "success",
                }
            ).encode()
            reply = httpx.post(
                self.url,
                content=body,
                timeout=5,
                headers={
                    "X-Postterm-Signature": sign(self.secret, body),
                    "Content-Type": "application/json",
                },
            )
            paid += reply.status_code == 200
        return paid
