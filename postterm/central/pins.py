"""User PINs: at least 6 digits, kept only as argon2id hashes with light parameters.

19 MiB, t=2, p=1 (OWASP's minimum for argon2id) so an old counter PC can verify a clerk's PIN
offline in well under a second and about 20 MB of memory, from the hash in master data.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from postterm.core.user_pin import pin_problem

PIN_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
__all__ = ["PIN_HASHER", "hash_pin", "pin_matches", "pin_problem"]


def hash_pin(pin: str) -> str:
    problem = pin_problem(pin)
    if problem:
        raise ValueError(problem)
    return PIN_HASHER.hash(pin)


def pin_matches(pin_hash: str, pin: str) -> bool:
    try:
        return PIN_HASHER.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
