"""A counter enrolled on disk with no central behind it: the enrolment, the office's record
(Sheopur S.O) and two users whose PINs are hashed as the central hashes them."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher

from postterm.store.database import open_engine
from postterm.store.journal_store import DB_NAME
from postterm.store.local_state import Enrolment, save_enrolment, save_master

# argon2 as the central uses it, made cheap: the tests hash many PINs
LIGHT = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
CLERK_PIN = "246810"
SUPERVISOR_PIN = "135790"

SHEOPUR = {
    "office_id": "SHEOPUR",
    "pin": "476337",
    "name": "Sheopur S.O",
    "office_type": "SO",
    "gstin": "23AAAGD0000P1Z5",
    "upi_vpa": "sheopur.so@ippb",
    "upi_payee": "India Post Sheopur",
}


def enrol_on_disk(data_dir: Path) -> None:
    """Make `data_dir` the data directory of terminal T-TEST-1 of office SHEOPUR, with clerk
    C1 (CLERK_PIN) and supervisor S1 (SUPERVISOR_PIN)."""
    save_enrolment(
        data_dir,
        Enrolment("T-TEST-1", "SHEOPUR", "Sheopur S.O", "http://127.0.0.1:1"),
        "token-for-tests",
    )
    engine = open_engine(data_dir / DB_NAME)
    save_master(engine, "office", "v1", {"office": SHEOPUR})
    save_master(
        engine,
        "users",
        "v1",
        [
            {
                "user_id": "C1",
                "name": "Asha Clerk",
                "role": "clerk",
                "pin_hash": LIGHT.hash(CLERK_PIN),
            },
            {
                "user_id": "S1",
                "name": "Ravi Supervisor",
                "role": "supervisor",
                "pin_hash": LIGHT.hash(SUPERVISOR_PIN),
            },
        ],
    )
    engine.dispose()
