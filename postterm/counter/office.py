"""The office this counter is enrolled for, as the central's record describes it: its PIN
(prices are measured from it), name, type, GSTIN (on every receipt) and UPI payee (in every
payment link). The counter keeps the record with its master data, pulled at enrolment and at
each sync; nothing here has a default, so no office ever works as another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from postterm.config.model import Settings
from postterm.core.booking import BookingRefused
from postterm.i18n.said import Said
from postterm.store.database import Database, open_engine
from postterm.store.journal_store import DB_NAME
from postterm.store.local_state import load_enrolment, load_master


@dataclass(frozen=True)
class OfficeRecord:
    office_id: str
    pin: str
    name: str
    office_type: str
    gstin: str | None
    upi_vpa: str | None
    upi_payee: str | None

    @property
    def described(self) -> str:
        return f"{self.office_id} {self.name} ({self.pin})"


def office_record(engine: Database) -> OfficeRecord | None:
    """The office as the central last described it (None before the first pull)."""
    found = load_master(engine, "office")
    office = found[1].get("office") if found else None
    if not isinstance(office, dict) or not office.get("pin"):
        return None

    def optional(key: str) -> str | None:
        value = office.get(key)
        return str(value) if value else None

    return OfficeRecord(
        office_id=str(office.get("office_id", "")),
        pin=str(office["pin"]),
        name=str(office.get("name", "")),
        office_type=str(office.get("office_type", "")),
        gstin=optional("gstin"),
        upi_vpa=optional("upi_vpa"),
        upi_payee=optional("upi_payee"),
    )


def enrolled_office(data_dir: Path) -> OfficeRecord | None:
    """The enrolled office of the counter in `data_dir`, read without taking its writer lock;
    None when the directory holds no enrolled counter with its office record."""
    path = data_dir / DB_NAME
    if load_enrolment(data_dir) is None or not path.exists():
        return None
    engine = open_engine(path, read_only=True)
    try:
        return office_record(engine)
    finally:
        engine.dispose()


def require_office(office: OfficeRecord | None) -> OfficeRecord:
    if office is None:
        raise BookingRefused(
            "office",
            Said(
                "this counter has not yet received its office's record from the central: run "
                "postterm sync --once while the central is reachable"
            ),
        )
    return office


def disagreement(settings: Settings, office: OfficeRecord) -> str | None:
    """One line naming the first setting that disagrees with the office's record, or None.
    The `[office]` section and `payments.vpa` / `payments.payee` are optional checks."""
    checks = (
        ("office.pin", settings.office.pin, office.pin),
        ("office.name", settings.office.name, office.name),
        ("office.type", settings.office.type, office.office_type),
        ("office.gstin", settings.office.gstin, office.gstin),
        ("payments.vpa", settings.payments.vpa, office.upi_vpa),
        ("payments.payee", settings.payments.payee, office.upi_payee),
    )
    for key, given, held in checks:
        if given is not None and given != held:
            return (
                f"{key}: the settings say {given!r} but this counter is enrolled for "
                f"{office.described}, whose record at the central says "
                f"{repr(held) if held is not None else 'none'}: remove {key} from the "
                "settings (the enrolment gives it) or correct it"
            )
    return None


def upi_payee(office: OfficeRecord | None) -> tuple[str, str]:
    """(UPI id, payee name) of the office, or BookingRefused saying what to configure."""
    office = require_office(office)
    if not office.upi_vpa or not office.upi_payee:
        missing = " ".join(
            name
            for name, value in (
                ("--upi-vpa OFFICE@BANK", office.upi_vpa),
                ("--upi-payee NAME", office.upi_payee),
            )
            if not value
        )
        raise BookingRefused(
            "upi",
            Said(
                "office {office_id} has no UPI payee at the central: take cash; an "
                "administrator sets it with postterm central admin update-office {office_id} "
                "{missing}, then the counter syncs",
                office_id=office.office_id,
                missing=missing,
            ),
        )
    return office.upi_vpa, office.upi_payee
