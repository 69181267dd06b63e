"""One-time PINs for migrated users: printed once, then replaced by the user's own PIN at the
first log-in.

12 random digits (the most a counter's PIN field takes) rather than 6, hashed with argon2id at
light parameters: the strength is in the PIN's 40 bits, not in the hash's cost, so a
thousand users take a second or two to hash instead of the better part of a minute, and a
hash read from master data still cannot be searched in any useful time. The counter checks it
with the parameters written in the hash, like any other.
"""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher

DIGITS = 12
ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=2048, parallelism=1)


def new_pin() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


def hash_all(pins: list[str]) -> list[str]:
    """The pins' hashes, two at a time (argon2 releases the GIL)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(ONE_TIME_HASHER.hash, pins))
