"""Asking the central whether a UPI UTR the clerk typed is free, and holding it for this
payment (see `postterm.central.utrs`). A UTR pays one booking anywhere."""

from __future__ import annotations

from dataclasses import dataclass

from postterm.sync.client import CentralClient, CentralError


@dataclass(frozen=True)
class UtrAnswer:
    held: bool  # the central holds the UTR for this payment
    refused: str | None = None  # the central says it paid another booking: why
    unknown: str | None = None  # the central could not be asked: why


def claim_utr(client: CentralClient, utr: str, upi_ref: str) -> UtrAnswer:
    try:
        client.post("/v1/utrs", {"utr": utr, "upi_ref": upi_ref})
    except CentralError as exc:
        if exc.status == 409:
            return UtrAnswer(False, refused=exc.reason.removeprefix("central answered 409: "))
        return UtrAnswer(False, unknown=exc.reason)
    return UtrAnswer(True)
