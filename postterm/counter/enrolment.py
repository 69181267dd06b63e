"""Enrol this counter with the central: one path for `postterm enroll` and `postterm setup`.

Exchange the one-time code for the terminal's identity and token, optionally check that the
code belongs to the office the person setting up the counter named, then pull the master
data (office, users, tariffs) into the counter's own database.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from postterm.store.journal_store import Journal
from postterm.store.local_state import ENROLMENT_FILE, TOKEN_FILE, Enrolment, load_token
from postterm.sync.client import CentralClient
from postterm.sync.enrolment import enrol, pull_master


class WrongOffice(Exception):
    """The enrolment code belongs to another office (or counter) than the one named."""


@dataclass(frozen=True)
class EnrolledOffice:
    """What the central says about the office a counter was enrolled at."""

    office_id: str
    pin: str
    name: str
    office_type: str


def enrol_counter(
    folder: Path,
    central_url: str,
    code: str,
    *,
    timeout_s: float = 10.0,
    office_pin: str | None = None,
    counter_label: str | None = None,
) -> tuple[Enrolment, EnrolledOffice]:
    """Enrol the counter whose data directory is `folder` and pull its master data.

    With `office_pin` (or `counter_label`), a code for another office (or counter) is
    refused with `WrongOffice`, and the counter's previous enrolment files are put back.
    Raises the client's CentralError and the store's WriterBusy as they come.
    """
    kept = _keep(folder)
    enrolment = enrol(folder, central_url, code, timeout_s=timeout_s)
    with CentralClient(central_url, load_token(folder), timeout_s=timeout_s) as client:
        body = client.get("/v1/master/office")
    about = body.get("office", {})
    office = EnrolledOffice(
        office_id=str(about.get("office_id", enrolment.office_id)),
        pin=str(about.get("pin", "")),
        name=str(about.get("name", enrolment.office_name)),
        office_type=str(about.get("office_type", "")),
    )
    wrong = ""
    if office_pin is not None and office_pin not in (office.pin, office.office_id):
        wrong = (
            f"the enrolment code is for office {office.office_id} ({office.name}, "
            f"PIN {office.pin}), not {office_pin}"
        )
    elif counter_label is not None and not enrolment.terminal_id.startswith(
        f"{enrolment.office_id}-{counter_label}-"
    ):
        wrong = (
            f"the enrolment code is for another counter than {counter_label} "
            f"(terminal {enrolment.terminal_id})"
        )
    if wrong:
        _put_back(folder, kept)
        raise WrongOffice(wrong)
    with (
        Journal(folder, write=True, terminal=enrolment.terminal_id) as journal,
        CentralClient(central_url, load_token(folder), timeout_s=timeout_s) as client,
    ):
        pull_master(journal.engine, client)
    return enrolment, office


def _keep(folder: Path) -> dict[str, bytes | None]:
    kept: dict[str, bytes | None] = {}
    for name in (ENROLMENT_FILE, TOKEN_FILE):
        path = folder / name
        kept[name] = path.read_bytes() if path.exists() else None
    return kept


def _put_back(folder: Path, kept: dict[str, bytes | None]) -> None:
    for name, content in kept.items():
        path = folder / name
        if content is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        else:
            path.write_bytes(content)
