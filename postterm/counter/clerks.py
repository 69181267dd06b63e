"""Clerks and supervisors, checked against the users the central sent (works offline)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from postterm.core.user_pin import MAX_PIN_DIGITS, MIN_PIN_DIGITS, pin_problem
from postterm.i18n.said import Said


@dataclass(frozen=True)
class Clerk:
    id: str
    name: str
    role: str  # clerk or supervisor
    language: str | None = None  # the language of their screens, as the central keeps it

    @property
    def is_supervisor(self) -> bool:
        return self.role == "supervisor"


class LoginRefused(ValueError):
    """Wrong id or PIN, or no users known yet; the message is safe to show."""


class NewPinNeeded(LoginRefused):
    """The PIN was right but is a one-time PIN: the user must choose their own (typed twice)
    before doing anything at the counter."""

    def __init__(self, user_id: str) -> None:
        super().__init__(
            f"{user_id}: first log-in: choose your own PIN ({MIN_PIN_DIGITS} to "
            f"{MAX_PIN_DIGITS} digits) and type it twice"
        )
        self.user_id = user_id


def check_new_pin(pin: str, new_pin: str, again: str) -> None:
    """LoginRefused naming what is wrong with a chosen PIN, before the central is asked."""
    if new_pin != again:
        raise LoginRefused("new PIN: the two entries differ: type the new PIN twice")
    problem = pin_problem(new_pin)
    if problem:
        raise LoginRefused(f"new PIN: {problem}")
    if new_pin == pin:
        raise LoginRefused("new PIN: choose a PIN other than the one-time PIN")


def hash_new_pin(pin: str) -> str:
    """The hash this counter keeps of a PIN just set, until the central's own arrives with
    the next pull (argon2id, the central's light parameters, so it verifies as fast)."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(pin)


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
                language = user.get("language")
                return Clerk(
                    str(user["user_id"]),
                    str(user.get("name", "")),
                    str(user.get("role", "clerk")),
                    language if language in ("hi", "en") else None,
                )
            break
    raise LoginRefused(Said("wrong clerk id or PIN"))
