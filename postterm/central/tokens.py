"""Bearer tokens and one-time enrolment codes: random, and stored only as SHA-256.

A token is 256 random bits (base64url). An enrolment code is 60 random bits written as
12 Crockford base32 characters in groups of four (`K7QM-2XHD-9RTB`) so an administrator can
read it out over the phone; dashes, spaces and case are ignored when it is typed back.

The token of an enrolment is kept wrapped (XOR) with a key derived from the code and the
device key the terminal sent, so only that terminal can ask for the same token again after a
lost reply; the server alone cannot rebuild it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def new_token_bytes() -> bytes:
    return secrets.token_bytes(32)


def token_text(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def new_enrolment_code() -> str:
    chars = "".join(secrets.choice(_CROCKFORD) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """The code as stored (hashed): upper case, no dashes or spaces; O->0, I/L->1."""
    cleaned = "".join(ch for ch in code.upper() if ch not in "- \t")
    return cleaned.translate(str.maketrans("OIL", "011"))


def _wrap_key(code: str, device_key: str) -> bytes:
    material = b"postterm-enrolment\x00" + normalise_code(code).encode() + b"\x00"
    return hashlib.sha256(material + device_key.encode("utf-8", "surrogatepass")).digest()


def wrap_token(raw: bytes, code: str, device_key: str) -> str:
    key = _wrap_key(code, device_key)
    return bytes(a ^ b for a, b in zip(raw, key, strict=True)).hex()


def unwrap_token(wrapped_hex: str, code: str, device_key: str) -> bytes:
    key = _wrap_key(code, device_key)
    return bytes(a ^ b for a, b in zip(bytes.fromhex(wrapped_hex), key, strict=True))
