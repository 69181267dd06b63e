"""The demo office and its people: Sheopur S.O (476337) with a clerk and a supervisor whose
PINs are printed on the login screen. These values exist for the demo and nowhere else; a
real office gets its own from `postterm central admin create-office` and `create-user`.

`seed_demo` only ever seeds a database of its own: it refuses one holding any other office,
or a demo office with users it did not make, and it never changes a user that exists.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from postterm.central.admin import (
    AdminError,
    create_enrolment_code,
    create_office,
    create_user,
    get_office,
    office_ids,
)
from postterm.central.db import reading
from postterm.central.models import CentralUser, table
from postterm.central.pins import pin_matches

DEMO_OFFICE = {
    "pin": "476337",
    "name": "Sheopur S.O",
    "office_type": "SO",
    "gstin": "23AAAGD0000P1Z5",
    "upi_vpa": "sheopur.so@ippb",
    "upi_payee": "India Post Sheopur",
}
DEMO_OFFICE_ID = f"{DEMO_OFFICE['pin']}-{DEMO_OFFICE['office_type']}"
DEMO_USERS = (("Asha Verma", "clerk", "246810"), ("Ramesh Gupta", "supervisor", "135790"))


def _refuse_a_real_database(engine: Engine) -> None:
    others = [office for office in office_ids(engine) if office != DEMO_OFFICE_ID]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise AdminError(
            f"seed-demo: this database holds other offices ({shown}); the demo "
            "goes only into a database of its own (give another --db)"
        )
    users = table(CentralUser)
    demo_names = {name for name, _, _ in DEMO_USERS}
    with reading(engine) as conn:
        strangers = [
            row.user_id
            for row in conn.execute(
                select(users.c.user_id, users.c.name).where(users.c.office_id == DEMO_OFFICE_ID)
            )
            if row.name not in demo_names
        ]
    if strangers:
        raise AdminError(
            f"seed-demo: office {DEMO_OFFICE_ID} holds users the demo did not make "
            f"({', '.join(strangers[:3])}); the demo goes only into a database of "
            "its own (give another --db)"
        )


def seed_demo(engine: Engine, *, counter: str = "C1") -> dict[str, Any]:
    """The demo office, its clerk and supervisor, and an enrolment code for `counter`.

    Safe to run again on the demo's own database: the office and users are kept as they are
    (a user whose PIN is no longer the demo PIN is listed with `pin: null`), a new code is
    made. The UPI callback secret is not part of the answer."""
    _refuse_a_real_database(engine)
    with reading(engine) as conn:
        office = get_office(conn, DEMO_OFFICE_ID)
    if office is None:
        create_office(engine, office_id=DEMO_OFFICE_ID, **DEMO_OFFICE)
        with reading(engine) as conn:
            office = get_office(conn, DEMO_OFFICE_ID)
    assert office is not None
    users = table(CentralUser)
    people = []
    for name, role, pin in DEMO_USERS:
        with reading(engine) as conn:
            found = conn.execute(
                select(users.c.user_id, users.c.pin_hash)
                .where(users.c.office_id == DEMO_OFFICE_ID, users.c.name == name)
                .order_by(users.c.user_id)
            ).first()
        if found is None:
            user_id = create_user(
                engine, office_id=DEMO_OFFICE_ID, name=name, role=role, pin=pin
            ).user_id
            known: str | None = pin
        else:
            user_id = found.user_id
            known = pin if pin_matches(found.pin_hash, pin) else None
        people.append({"user_id": user_id, "name": name, "role": role, "pin": known})
    code = create_enrolment_code(engine, office_id=DEMO_OFFICE_ID, label=counter)
    return {
        "office": {
            "office_id": office.office_id,
            "pin": office.pin,
            "name": office.name,
            "office_type": office.office_type,
            "gstin": office.gstin,
            "upi_vpa": office.upi_vpa,
            "upi_payee": office.upi_payee,
        },
        "users": people,
        "enrolment": {"code": code.code, "counter": counter, "expires_at": code.expires_at},
    }


def seed_text(seeded: dict[str, Any]) -> str:
    """What `seed-demo` prints for a person."""
    office = seeded["office"]
    lines = [
        f"demo office {office['office_id']}: {office['name']} ({office['office_type']}, "
        f"{office['pin']})"
    ]
    for user in seeded["users"]:
        pin = f"PIN {user['pin']}" if user["pin"] else "PIN unchanged (no longer the demo PIN)"
        lines.append(f"{user['role']} {user['user_id']} {user['name']}: {pin}")
    code = seeded["enrolment"]
    lines.append(
        f"enrolment code {code['code']} (counter {code['counter']}; one use; valid "
        f"until {code['expires_at']})"
    )
    return "\n".join(lines)
