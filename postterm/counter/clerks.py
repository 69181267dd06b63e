"""Clerks and supervisors, checked against the users the central sent (works offline)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.i18n.said import Said


@dataclass(frozen=True)
class Clerk:
    id: str
    name: str
    role: str  # clerk or supervisor

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class LoginRefused(ValueError):
    """Wrong id or PIN, or no users known yet; the message is safe to show."""


def _verify(pin_hash: str, pin: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return PasswordHasher().verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_pin(users: list[Mapping[str, Any]], clerk_id: str, pin: str) -> Clerk:
    """The user with `clerk_id` if `pin` is theirs; one reason for any failure."""
    if not users:
        raise LoginRefused(Said("no users known at this counter yet: enrol it and sync"))
    for user in users:
        if str(user.get("user_id")) == clerk_id.strip():
            if user.get("active", True) and _verify(str(user.get("pin_hash", "")), pin):
                return Clerk(
                    str(user["user_id"]), str(user.get("name", "")), str(user.get("role", "clerk"))
                )
            break
    raise LoginRefused(Said("wrong clerk id or PIN"))
