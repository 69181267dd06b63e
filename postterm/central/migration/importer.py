"""The whole export checked, compared with what was imported before, and written in one
transaction: a `kill -9` leaves nothing half-imported, and a rerun completes it.

Files are taken in order (offices, users, articles, balances). A file with any rejected row
imports nothing; its offices are then unknown to the files after it. A row imported before
with the same values is `unchanged`; one with other values, or whose id the central already
holds from elsewhere (an office made by hand, an article booked at a counter), is a
conflict: reported, never written over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, String, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from postterm.central.db import as_utc, insert_for, reading, utc_now, writing
from postterm.central.migration.bulk import insert_new
from postterm.central.migration.csvfile import Rejection, read_table
from postterm.central.migration.mapping import FileMap
from postterm.central.migration.onetime import hash_all, new_pin
from postterm.central.migration.rows import FILES, ROW_READERS, Record, RowError
from postterm.central.migration.values import IST
from postterm.central.models import (
    MIGRATED_SEQ,
    MIGRATED_TERMINAL,
    Article,
    BalanceSheet,
    CentralUser,
    MigratedRow,
    Office,
    OpeningBalance,
    TrackingEvent,
    table,
)

Progress = Callable[[str, int, int], None]
CHUNK = 10_000
KEY_COLUMN = {
    "offices.csv": "office_id",
    "users.csv": "user_id",
    "articles.csv": "article_id",
    "balances.csv": "item",
}


class MigrationError(ValueError):
    """The export cannot be migrated at all (no files, unreadable folder); exit 2."""


@dataclass
class FileReport:
    read: int = 0
    imported: int = 0
    unchanged: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "imported": self.imported,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "rejected": self.rejected,
        }


@dataclass
class Outcome:
    folder: str
    dry_run: bool
    files: dict[str, FileReport]
    balances: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles_by_office: dict[str, int] = field(default_factory=dict)
    pins: list[dict[str, str]] = field(default_factory=list)
    finished_at: str = ""

    @property
    def ok(self) -> bool:
        return not any(f.conflicts or f.rejected for f in self.files.values())

    def as_json(self, *, with_pins: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "folder": self.folder,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "finished_at": self.finished_at,
            "files": {name: report.as_json() for name, report in self.files.items()},
            "balances": self.balances,
            "articles_by_office": self.articles_by_office,
        }
        if with_pins:
            body["pins"] = self.pins
        return body


@dataclass
class _Plan:
    """What one file brings: records to write, and those that are unchanged or conflict."""

    name: str
    new: list[Record] = field(default_factory=list)


def migrate(
    engine: Engine,
    folder: Path,
    maps: dict[str, FileMap],
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    if not folder.is_dir():
        raise MigrationError(f"{folder}: not a folder")
    present = [name for name in FILES if (folder / maps[name].file).is_file()]
    if not present:
        raise MigrationError(f"{folder}: none of {', '.join(maps[n].file for n in FILES)} is there")
    outcome = Outcome(str(folder), dry_run, {name: FileReport() for name in present})
    offices = table(Office)
    with reading(engine) as conn:
        office_names = {
            r.office_id: r.name for r in conn.execute(select(offices.c.office_id, offices.c.name))
        }
    checked: dict[str, list[Record]] = {}
    for name in present:
        records, rejected, read = _check_file(folder, maps[name], office_names)
        report = outcome.files[name]
        report.read = read
        if rejected:
            report.rejected = [
                {"line": r.line, "column": r.column, "reason": r.reason}
                for r in sorted(rejected, key=lambda r: (r.line, r.column))
            ]
            continue
        checked[name] = records
        if name == "offices.csv":
            office_names.update({r.key: str(r.data["name"]) for r in records})
    plans: dict[str, _Plan] = {}
    with reading(engine) as conn:
        for name, records in checked.items():
            plans[name] = _classify(conn, name, records, outcome.files[name])
    if "users.csv" in plans:
        outcome.pins = _one_time_pins(plans["users.csv"].new, dry_run)
    if not dry_run and any(plan.new for plan in plans.values()):
        hashes = {p["user_id"]: p["pin_hash"] for p in outcome.pins}
        writing(
            engine,
            lambda conn: _write(conn, plans, hashes, office_names, outcome, progress),
            attempts=1,
        )
    else:
        for name, plan in plans.items():
            outcome.files[name].imported = len(plan.new)
    for p in outcome.pins:
        p.pop("pin_hash", None)
    if "articles.csv" in checked:
        outcome.articles_by_office = dict(
            sorted(Counter(r.office_id for r in checked["articles.csv"]).items())
        )
    if "balances.csv" in checked:
        from postterm.central.migration.balances import sheet_summary

        by_office: dict[str, list[Record]] = {}
        for record in checked["balances.csv"]:
            by_office.setdefault(record.office_id, []).append(record)
        with reading(engine) as conn:
            outcome.balances = {
                office_id: sheet_summary(conn, office_id, records)
                for office_id, records in sorted(by_office.items())
            }
    outcome.finished_at = utc_now().isoformat()
    return outcome


def _check_file(
    folder: Path, file_map: FileMap, office_names: dict[str, str]
) -> tuple[list[Record], list[Rejection], int]:
    name = file_map.name
    spec = FILES[name]
    read = read_table(folder, file_map, spec.columns)
    rejected = list(read.problems)
    known: set[str] = set(office_names)
    if name == "offices.csv":
        known |= {row.values["office_id"].strip() for row in read.rows}
    reader = ROW_READERS[name]
    records: list[Record] = []
    seen: dict[str, int] = {}
    as_of: dict[str, tuple[str, int]] = {}
    for row in read.rows:
        try:
            key, office_id, data = reader(row.values, file_map.dates, known)
        except RowError as exc:
            rejected.append(Rejection(row.line, exc.column, exc.reason))
            continue
        if key in seen:
            rejected.append(
                Rejection(
                    row.line, KEY_COLUMN[name], f"{key} again: a duplicate of line {seen[key]}"
                )
            )
            continue
        seen[key] = row.line
        if name == "offices.csv" and data["parent_office_id"] not in (None, *known):
            rejected.append(
                Rejection(
                    row.line, "parent_office_id", f"unknown office {data['parent_office_id']!r}"
                )
            )
            continue
        if name == "balances.csv":
            first = as_of.setdefault(office_id, (data["as_of"], row.line))
            if first[0] != data["as_of"]:
                rejected.append(
                    Rejection(
                        row.line,
                        "as_of",
                        f"{data['as_of']} but line "
                        f"{first[1]} says {first[0]}: one closing date per "
                        "office",
                    )
                )
                continue
        records.append(Record(row.line, key, office_id, data))
    return records, rejected, read.read


def _chunks(items: list[Any], size: int = 900) -> Iterator[list[Any]]:
    """`size` keys at a time: SQLite takes a few hundred bound values per statement well."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _lookups(conn: Connection) -> int:
    """Keys looked up per statement: PostgreSQL takes thousands of bound values at a time."""
    return 900 if conn.dialect.name == "sqlite" else 10_000


def _among(conn: Connection, column: ColumnElement[Any], keys: list[str]) -> ColumnElement[bool]:
    """`column IN keys`; on PostgreSQL as `= ANY(array)`, one parameter however many keys."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, keys, type_=ARRAY(String)))
    return column.in_(keys)


def _held_elsewhere(conn: Connection, name: str, keys: list[str]) -> dict[str, str]:
    """Keys the central holds already, not from a migration: why each is a conflict."""
    found: dict[str, str] = {}
    if name == "offices.csv":
        offices = table(Office)
        for part in _chunks(keys, _lookups(conn)):
            for (office_id,) in conn.execute(
                select(offices.c.office_id).where(_among(conn, offices.c.office_id, part))
            ):
                found[office_id] = f"office {office_id} exists already (not from a migration)"
    elif name == "users.csv":
        users = table(CentralUser)
        for part in _chunks(keys, _lookups(conn)):
            for row in conn.execute(
                select(users.c.user_id, users.c.office_id).where(
                    _among(conn, users.c.user_id, part)
                )
            ):
                found[row.user_id] = (
                    f"user {row.user_id} exists already in office {row.office_id} "
                    "(not from a migration)"
                )
    elif name == "articles.csv":
        articles = table(Article)
        for part in _chunks(keys, _lookups(conn)):
            for held in conn.execute(
                select(
                    articles.c.article_id,
                    articles.c.office_id,
                    articles.c.terminal_id,
                    articles.c.seq,
                ).where(_among(conn, articles.c.article_id, part))
            ):
                found[held.article_id] = (
                    f"{held.article_id} is already booked at {held.office_id} (terminal "
                    f"{held.terminal_id}, seq {held.seq})"
                )
    elif name == "balances.csv":
        sheets = table(BalanceSheet)
        offices_of = {key: key.split(":", 1)[0] for key in keys}
        held_offices = set(
            conn.execute(
                select(sheets.c.office_id).where(sheets.c.office_id.in_(set(offices_of.values())))
            ).scalars()
        )
        for key, office_id in offices_of.items():
            if office_id in held_offices:
                found[key] = f"office {office_id} has migrated balances already, without {key}"
    return found


def _classify(conn: Connection, name: str, records: list[Record], report: FileReport) -> _Plan:
    migrated = table(MigratedRow)
    before: dict[str, tuple[str, datetime]] = {}
    keys = [r.key for r in records]
    for part in _chunks(keys, _lookups(conn)):
        for row in conn.execute(
            select(migrated.c.row_key, migrated.c.row_sha256, migrated.c.imported_at).where(
                migrated.c.source_file == name, _among(conn, migrated.c.row_key, part)
            )
        ):
            before[row.row_key] = (row.row_sha256, as_utc(row.imported_at))
    elsewhere = _held_elsewhere(conn, name, [k for k in keys if k not in before])
    plan = _Plan(name)
    for record in records:
        if record.key in before:
            sha, when = before[record.key]
            if sha == record.sha256:
                report.unchanged += 1
            else:
                report.conflicts.append(
                    _conflict(
                        record,
                        name,
                        f"{record.key} differs from the row imported on {when:%Y-%m-%d %H:%M} UTC; "
                        "the imported row is kept",
                    )
                )
        elif record.key in elsewhere:
            report.conflicts.append(_conflict(record, name, elsewhere[record.key]))
        else:
            plan.new.append(record)
    return plan


def _conflict(record: Record, name: str, reason: str) -> dict[str, Any]:
    return {"line": record.line, "column": KEY_COLUMN[name], "key": record.key, "reason": reason}


def _one_time_pins(new_users: list[Record], dry_run: bool) -> list[dict[str, str]]:
    """A one-time PIN per new user (see `onetime`)."""
    if dry_run or not new_users:
        return []
    pins = [new_pin() for _ in new_users]
    hashes = hash_all(pins)
    return [
        {
            "user_id": r.key,
            "office_id": r.office_id,
            "name": str(r.data["name"]),
            "pin": pin,
            "pin_hash": pin_hash,
        }
        for r, pin, pin_hash in zip(new_users, pins, hashes, strict=True)
    ]


def _write(
    conn: Connection,
    plans: dict[str, _Plan],
    pin_hashes: dict[str, str],
    office_names: dict[str, str],
    outcome: Outcome,
    progress: Progress | None,
) -> None:
    now = utc_now()
    for name, plan in plans.items():
        report = outcome.files[name]
        report.imported = 0
        total = len(plan.new)
        size = CHUNK if name != "balances.csv" else max(total, 1)  # an office's sheet at once
        if progress is not None:
            progress(name, 0, total)
        for part in _chunks(plan.new, size):
            written = _insert(conn, name, part, now, pin_hashes, office_names)
            lost = [r for r in part if r.key not in written]
            for record in lost:
                report.conflicts.append(
                    _conflict(
                        record,
                        name,
                        f"{record.key} was written by someone else during this migration",
                    )
                )
            kept = [r for r in part if r.key in written]
            if kept:
                insert_new(
                    conn,
                    table(MigratedRow),
                    [
                        {
                            "source_file": name,
                            "row_key": r.key,
                            "office_id": r.office_id,
                            "row_sha256": r.sha256,
                            "row_json": r.json,
                            "imported_at": now,
                        }
                        for r in kept
                    ],
                )
            report.imported += len(kept)
            if progress is not None:
                progress(name, report.imported + len(lost), total)
    outcome.pins = [p for p in outcome.pins if p["user_id"] in _imported_users(plans, outcome)]


def _imported_users(plans: dict[str, _Plan], outcome: Outcome) -> set[str]:
    if "users.csv" not in plans:
        return set()
    lost = {c["key"] for c in outcome.files["users.csv"].conflicts}
    return {r.key for r in plans["users.csv"].new if r.key not in lost}


def _returning(
    conn: Connection, model: type[Any], key: str, rows: list[dict[str, Any]]
) -> set[str]:
    if not rows:
        return set()
    return insert_new(conn, table(model), rows, key)


def _insert(
    conn: Connection,
    name: str,
    records: list[Record],
    now: datetime,
    pin_hashes: dict[str, str],
    office_names: dict[str, str],
) -> set[str]:
    """Write the records' rows; the keys actually written (another writer may have won)."""
    if name == "offices.csv":
        return _returning(
            conn,
            Office,
            "office_id",
            [
                {
                    "office_id": r.key,
                    "pin": r.data["pin"],
                    "name": r.data["name"],
                    "office_type": r.data["type"],
                    "gstin": r.data["gstin"],
                    "upi_vpa": r.data["upi_vpa"],
                    "upi_payee": r.data["upi_payee"],
                    "created_at": now,
                    "updated_at": now,
                }
                for r in records
            ],
        )
    if name == "users.csv":
        return _returning(
            conn,
            CentralUser,
            "user_id",
            [
                {
                    "user_id": r.key,
                    "office_id": r.office_id,
                    "name": r.data["name"],
                    "role": r.data["role"],
                    "pin_hash": pin_hashes[r.key],
                    "active": True,
                    "mobile": r.data["mobile"],
                    "must_change_pin": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in records
            ],
        )
    if name == "articles.csv":
        return _insert_articles(conn, records, now, office_names)
    return _insert_balances(conn, records, now)


def _insert_articles(
    conn: Connection, records: list[Record], now: datetime, office_names: dict[str, str]
) -> set[str]:
    rows = []
    for r in records:
        booked_at = datetime.fromisoformat(r.data["booked_at"])
        rows.append(
            {
                "article_id": r.key,
                "office_id": r.office_id,
                "terminal_id": MIGRATED_TERMINAL,
                "seq": MIGRATED_SEQ,
                "source": "migration",
                "service": r.data["service"],
                "to_pin": r.data["to_pin"],
                "chargeable_grams": r.data["weight_g"],
                "total_paise": r.data["amount_paise"],
                "business_date": booked_at.astimezone(IST).date(),
                "booked_at": booked_at,
                "addressee_json": "{}",
            }
        )
    written = _returning(conn, Article, "article_id", rows)
    events = []
    for r in records:
        if r.key not in written:
            continue
        events.append(_event(r, "booked", r.data["booked_at"], r.office_id, office_names, now))
        if r.data["last_event"] != "booked":
            events.append(
                _event(
                    r,
                    r.data["last_event"],
                    r.data["last_event_at"],
                    r.data["last_event_office_id"],
                    office_names,
                    now,
                )
            )
    if events:
        insert_new(conn, table(TrackingEvent), events)
    return written


def _event(
    r: Record, event: str, at: str, office_id: str, office_names: dict[str, str], now: datetime
) -> dict[str, Any]:
    return {
        "article_id": r.key,
        "event_id": f"{MIGRATED_TERMINAL}:{event}",
        "event": event,
        "office_id": office_id,
        "office_name": office_names.get(office_id, office_id),
        "terminal_id": MIGRATED_TERMINAL,
        "at": datetime.fromisoformat(at).astimezone(UTC),
        "recorded_at": now,
    }


def _insert_balances(conn: Connection, records: list[Record], now: datetime) -> set[str]:
    by_office: dict[str, list[Record]] = {}
    for r in records:
        by_office.setdefault(r.office_id, []).append(r)
    sheets = _returning(
        conn,
        BalanceSheet,
        "office_id",
        [
            {
                "office_id": office_id,
                "as_of": date.fromisoformat(rs[0].data["as_of"]),
                "imported_at": now,
            }
            for office_id, rs in by_office.items()
        ],
    )
    lines = [
        {"office_id": r.office_id, "item": r.data["item"], "quantity": r.data["quantity"]}
        for r in records
        if r.office_id in sheets
    ]
    if lines:
        conn.execute(insert_for(conn, table(OpeningBalance)).on_conflict_do_nothing(), lines)
    return {r.key for r in records if r.office_id in sheets}
