"""UPI dynamic QR payment links (NPCI UPI Linking Specification), made offline.

`upi://pay?pa=<vpa>&pn=<payee>&am=<amount>&cu=INR&tr=<reference>&tn=<note>`: `pa` and `pn`
are required; `tr` (the merchant's reference, made by the terminal so it works offline) is
what matches a payment to its basket; `am` fixes the amount with two decimals. Values are
percent-encoded, spaces as %20. Kept short so its QR fits an 80x24 screen.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import quote

VPA_PATTERN = r"^[A-Za-z0-9.\-_]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$"
_VPA = re.compile(VPA_PATTERN)


class UpiError(ValueError):
    """A payee address or amount that cannot go into a payment link."""


def make_reference(terminal: str) -> str:
    """A reference unique to this terminal: the end of its id plus 8 random hex digits."""
    stem = re.sub(r"[^A-Za-z0-9]", "", terminal)[-8:] or "T"
    return f"{stem}-{secrets.token_hex(4).upper()}"


def payment_link(vpa: str, payee: str, amount_paise: int, reference: str, note: str = "") -> str:
    if not _VPA.match(vpa):
        raise UpiError(f"payee address {vpa!r} is not a UPI id like office@bank")
    if amount_paise <= 0:
        raise UpiError("amount must be more than 0")
    rupees, paise = divmod(amount_paise, 100)
    fields = [
        ("pa", vpa),
        ("pn", payee),
        ("am", f"{rupees}.{paise:02d}"),
        ("cu", "INR"),
        ("tr", reference),
    ]
    if note:
        fields.append(("tn", note))
    return "upi://pay?" + "&".join(f"{k}={quote(v, safe='@.-_')}" for k, v in fields)
