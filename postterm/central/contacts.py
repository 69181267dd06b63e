"""Whom a counter's staff ask when the central has revoked or quarantined their counter.

An office may have its own contact (e.g. its divisional office's phone); otherwise the
central-wide one applies. Both are set with `postterm central admin set-contact`, and the
central sends the contact with every revoked (401) or quarantined (423) answer, because a
revoked counter can no longer pull anything else.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, select, update

from postterm.central.admin import AdminError, NotFound
from postterm.central.db import insert_for, writing
from postterm.central.models import CentralSetting, Office, table

CONTACT_KEY = "contact"
MAX_CONTACT = 200


def contact_for(conn: Connection, office_id: str) -> str | None:
    """The office's own contact, else the central-wide one, else None."""
    offices, settings = table(Office), table(CentralSetting)
    own = conn.execute(
        select(offices.c.contact).where(offices.c.office_id == office_id)
    ).scalar_one_or_none()
    if own:
        return str(own)
    wide = conn.execute(
        select(settings.c.value).where(settings.c.key == CONTACT_KEY)
    ).scalar_one_or_none()
    return str(wide) if wide else None


def clean_contact(text: str) -> str | None:
    """One line of at most 200 characters; empty clears it."""
    line = " ".join(text.split())
    if len(line) > MAX_CONTACT:
        raise AdminError(f"contact must be at most {MAX_CONTACT} characters, got {len(line)}")
    if "\x00" in line:
        raise AdminError("contact must not contain NUL characters")
    return line or None


def set_contact(engine: Engine, text: str, office_id: str | None = None) -> str | None:
    """Set (or clear, with empty text) an office's contact, or the central-wide one; returns
    the contact kept (None when cleared)."""
    line = clean_contact(text)

    def work(conn: Connection) -> None:
        if office_id is not None:
            offices = table(Office)
            done = conn.execute(
                update(offices).where(offices.c.office_id == office_id).values(contact=line)
            )
            if done.rowcount != 1:
                raise NotFound(f"no office {office_id!r}")
            return
        settings = table(CentralSetting)
        if line is None:
            conn.execute(settings.delete().where(settings.c.key == CONTACT_KEY))
            return
        conn.execute(
            insert_for(conn, settings).values(key=CONTACT_KEY, value=line).on_conflict_do_nothing()
        )
        conn.execute(update(settings).where(settings.c.key == CONTACT_KEY).values(value=line))

    writing(engine, work)
    return line
