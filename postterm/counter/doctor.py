"""Is this counter ready to open? One check per thing that can stop a counter's day, each
`pass`, `warn` or `fail` with a one-line fix.

    report = examine(config_path, data_dir)       # runs every check, concurrently
    report.ok, report.checks                        # [Check(name, status, detail, fix)]

Every check has a timeout: checks run in their own threads and a check still running when
its timeout ends (a central that accepts and never answers, a device that hangs an open) is
reported as failed then, never waited for. The checks only read: they ask the journal,
the central and the devices, and change nothing.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from postterm.config import ConfigError, Settings, load_settings
from postterm.core.business_day import business_date_of, now_in_india
from postterm.core.journal import parse_entry
from postterm.core.money import format_paper
from postterm.core.tariff_table import TariffDataError
from postterm.i18n.said import Said
from postterm.store.local_state import (
    Enrolment,
    load_enrolment,
    load_master,
    load_sync_state,
    load_token,
    master_checked_at,
)

CHECK_NAMES = (
    "settings",
    "data_dir",
    "disk",
    "journal",
    "writer_lock",
    "central",
    "enrolment",
    "clock",
    "pending",
    "master_data",
    "scale",
    "scanner",
    "printer",
    "tariffs",
)
CENTRAL_TIMEOUT_S = 1.5  # one HTTP call to the central
DEVICE_TIMEOUT_S = 1.5  # a scale's stable reading, a port opening
CHECK_TIMEOUT_S = 3.0  # a check still running then (a hung open) is reported as failed
LOW_DISK_BYTES = 1 << 30
CLOCK_WARN_S = 30.0
CLOCK_FAIL_S = 300.0  # the business date and the receipts' times hang on the clock
PENDING_WARN_S = 600.0
MASTER_WARN_S = 24 * 3600.0
SYNC_FIX = Said("postterm sync --once (with the central reachable)")


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "status": self.status.value,
            "detail": self.detail,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(c.status is not Status.FAIL for c in self.checks)


@dataclass(frozen=True)
class Subject:
    """What is checked: the settings (or why they do not load), the data directory (None
    when it cannot be known), and the enrolment found there."""

    config_path: Path | None
    settings: Settings | None
    settings_error: str | None
    data_dir: Path | None
    enrolment: Enrolment | None


def _pass(name: str, detail: str) -> Check:
    return Check(name, Status.PASS, detail)


def _warn(name: str, detail: str, fix: str) -> Check:
    return Check(name, Status.WARN, detail, fix)


def _fail(name: str, detail: str, fix: str) -> Check:
    return Check(name, Status.FAIL, detail, fix)


def _not_checked(name: str, why: str) -> Check:
    return _fail(name, Said("not checked: {why}", why=why), Said("fix the settings check first"))


def _joined(parts: list[str]) -> str:
    """Parts said one after another with "; ", each in the language it is read in."""
    if len(parts) == 1:
        return parts[0]
    return Said("{first}; {rest}", first=parts[0], rest=_joined(parts[1:]))


def _ago(seconds: float) -> str:
    if seconds < 90:
        return Said("{n:.0f} s", n=seconds)
    if seconds < 5400:
        return Said("{n:.0f} min", n=seconds / 60)
    if seconds < 2 * 86400:
        return Said("{n:.0f} h", n=seconds / 3600)
    return Said("{n:.0f} d", n=seconds / 86400)


# -- the counter's own files ----------------------------------------------------------------


def check_settings(subject: Subject) -> Check:
    if subject.settings_error is not None:
        where = subject.config_path or "the environment"
        return _fail(
            "settings",
            subject.settings_error,
            Said("correct the line named in {where} (postterm setup writes it anew)", where=where),
        )
    settings = subject.settings
    assert settings is not None
    if subject.config_path is None:
        return _warn(
            "settings",
            Said("no settings file: built-in defaults (no devices)"),
            Said("postterm setup, or give --config PATH (or POSTTERM_CONFIG)"),
        )
    enrolled = subject.enrolment
    configured = settings.central.url.rstrip("/")
    if enrolled is not None and enrolled.central_url.rstrip("/") != configured:
        return _warn(
            "settings",
            Said(
                "{config_path}: central.url {url} but this counter is enrolled with "
                "{central_url} (used)",
                config_path=subject.config_path,
                url=settings.central.url,
                central_url=enrolled.central_url,
            ),
            Said("make central.url the enrolled central, or enrol again"),
        )
    if settings.devices.simulated:
        return _warn(
            "settings",
            Said(
                "{config_path}: devices.simulated = true (demo only)",
                config_path=subject.config_path,
            ),
            Said("set devices.simulated = false and name the devices' URLs"),
        )
    return _pass("settings", Said("{config_path} read", config_path=subject.config_path))


def check_data_dir(folder: Path) -> Check:
    if not folder.is_dir():
        return _fail(
            "data_dir",
            Said("{folder} does not exist", folder=folder),
            Said("postterm enroll (or postterm setup) makes it; or pass the right --data-dir"),
        )
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return _fail(
            "data_dir",
            Said("{folder} is not writable: {reason}", folder=folder, reason=exc.strerror or exc),
            Said("give the counter's user write access to {folder}", folder=folder),
        )
    return _pass("data_dir", Said("{folder} writable", folder=folder))


def check_disk(folder: Path) -> Check:
    place = folder
    while not place.exists() and place != place.parent:
        place = place.parent
    free = shutil.disk_usage(place).free
    detail = Said("{gb:.1f} GB free at {place}", gb=free / (1 << 30), place=place)
    if free < LOW_DISK_BYTES:
        return _warn("disk", detail, Said("free disk space (under 1 GB left): old logs, backups"))
    return _pass("disk", detail)


def check_journal(folder: Path) -> Check:
    from postterm.store.journal_store import Journal

    try:
        journal = Journal(folder, write=False)
    except FileNotFoundError:
        return _fail(
            "journal",
            Said("no counter journal in {folder}", folder=folder),
            Said("postterm enroll makes it; or pass the counter's --data-dir"),
        )
    with journal:
        state = load_sync_state(journal.engine)
        broken = journal.verify(state.acked_seq, state.acked_hash)
        entries = journal.count()
    if broken is not None:
        return _fail(
            "journal",
            Said("BROKEN at seq {seq}: {reason}", seq=broken.seq, reason=broken.reason),
            Said("do not open: keep the data directory as it is and call the administrator"),
        )
    matched = (
        Said(", matches the central up to seq {seq}", seq=state.acked_seq)
        if state.acked_seq
        else ""
    )
    return _pass(
        "journal",
        Said("{entries} entries, chain intact{matched}", entries=entries, matched=matched),
    )


def check_writer_lock(folder: Path) -> Check:
    from postterm.store.journal_store import DB_NAME
    from postterm.store.writer_lock import holder_of

    holder = holder_of(folder / f"{DB_NAME}.lock")
    if holder is None:
        return _pass("writer_lock", Said("free: no process is writing this journal"))
    pid = re.search(r"pid (\d+)", holder)
    end = Said("end pid {pid}", pid=pid.group(1)) if pid else Said("end that process")
    return _warn(
        "writer_lock",
        Said("held by {holder}", holder=holder),
        Said("a counter runs on this journal: close it before opening another, or {end}", end=end),
    )


def check_pending(folder: Path, now: datetime) -> Check:
    from postterm.store.journal_store import Journal

    try:
        journal = Journal(folder, write=False)
    except FileNotFoundError:
        return _pass("pending", Said("no entries"))
    with journal:
        state = load_sync_state(journal.engine)
        last = journal.last()
        oldest = journal.get(state.acked_seq + 1)
    pending = (last.seq if last else 0) - state.acked_seq
    if pending <= 0 or oldest is None:
        return _pass("pending", Said("nothing waiting for the central"))
    age = (now - parse_entry(oldest.entry).created_at).total_seconds()
    detail = (
        Said("{count} entry not yet at the central, the oldest {age} old", count=1, age=_ago(age))
        if pending == 1
        else Said(
            "{count} entries not yet at the central, the oldest {age} old",
            count=pending,
            age=_ago(age),
        )
    )
    if state.last_error:
        detail = Said("{detail} (last error: {error})", detail=detail, error=state.last_error)
    if age > PENDING_WARN_S:
        return _warn("pending", detail, SYNC_FIX)
    return _pass("pending", detail)


def _balances_text(balances: Mapping[str, Any] | None) -> tuple[str, bool]:
    """The migrated balances in a few words, and whether they still await sign-off."""
    if not balances:
        return "", False
    stamps = format_paper(int(balances.get("stamps_paise", 0)))
    if balances.get("approved"):
        return (
            Said(
                "stamps stock {stamps} (balances as of {day})",
                stamps=stamps,
                day=balances.get("as_of"),
            ),
            False,
        )
    given = len(balances.get("approvals") or [])
    return (
        Said(
            "migrated balances awaiting sign-off ({given} of 2); stamps {stamps}",
            given=given,
            stamps=stamps,
        ),
        True,
    )


def check_master_data(
    folder: Path, now: datetime, balances: Mapping[str, Any] | None = None
) -> Check:
    from postterm.store.database import open_engine
    from postterm.store.journal_store import DB_NAME

    try:
        engine = open_engine(folder / DB_NAME, read_only=True)
    except FileNotFoundError:
        return _fail("master_data", Said("no users or tariffs cached"), SYNC_FIX)
    try:
        users = load_master(engine, "users")
        checked = {name: master_checked_at(engine, name) for name in ("users", "tariffs")}
    finally:
        engine.dispose()
    people = [u for u in (users[1] if users else []) if u.get("active", True)]
    if not people:
        return _fail("master_data", Said("no users cached: nobody can log in"), SYNC_FIX)
    supervisors = sum(1 for u in people if u.get("role") == "supervisor")
    parts: list[str] = [
        Said("{users} users (1 supervisor)", users=len(people))
        if supervisors == 1
        else Said("{users} users ({count} supervisors)", users=len(people), count=supervisors)
    ]
    fresh = [when for when in checked.values() if when is not None]
    stale = len(fresh) < len(checked)
    if fresh:
        age = (now - min(fresh)).total_seconds()
        parts.append(Said("users and tariffs checked with the central {age} ago", age=_ago(age)))
        stale = stale or age > MASTER_WARN_S
    else:
        parts.append(Said("not known when last checked with the central"))
    extra, unsigned = _balances_text(balances)
    if extra:
        parts.append(extra)
    detail = _joined(parts)
    if stale:
        return _warn("master_data", detail, SYNC_FIX)
    if unsigned:
        return _warn(
            "master_data",
            detail,
            Said(
                "two different supervisors: postterm central admin "
                "balances approve OFFICE --supervisor ID"
            ),
        )
    if supervisors == 0:
        return _warn("master_data", detail, Said("voids and day-end need a supervisor: add one"))
    return _pass("master_data", detail)


def check_tariffs(folder: Path | None, settings: Settings, today: date) -> Check:
    from postterm.counter.counter import counter_tariffs
    from postterm.store.database import Database, open_engine
    from postterm.store.journal_store import DB_NAME

    engine: Database | None = None
    if folder is not None and (folder / DB_NAME).exists():
        engine = open_engine(folder / DB_NAME, read_only=True)
    try:
        book = counter_tariffs(engine, settings)
    except (ConfigError, TariffDataError) as exc:
        return _fail(
            "tariffs", str(exc), Said("correct the tariff tables (tariffs.dir) or sync again")
        )
    finally:
        if engine is not None:
            engine.dispose()
    missing, unconfirmed, found = [], [], []
    for service in settings.services:
        table = book.table_for(service, today)
        if table is None:
            missing.append(service)
        elif not table.confirmed:
            unconfirmed.append(f"{service} ({table.id})")
        else:
            found.append(f"{service} ({table.id})")
    if missing:
        return _fail(
            "tariffs",
            Said(
                "no tariff table on {today} for {items}: they cannot be booked",
                today=today,
                items=", ".join(missing),
            ),
            Said("install the current tables (tariffs.dir) or sync"),
        )
    if unconfirmed:
        return _warn(
            "tariffs",
            Said(
                "{today}: UNCONFIRMED {items}; confirmed {confirmed}",
                today=today,
                items="; ".join(unconfirmed),
                confirmed="; ".join(found),
            )
            if found
            else Said("{today}: UNCONFIRMED {items}", today=today, items="; ".join(unconfirmed)),
            Said("quotes say confirmed: false until the notified rates are loaded"),
        )
    return _pass("tariffs", Said("{today}: confirmed {items}", today=today, items="; ".join(found)))


# -- the central ----------------------------------------------------------------------------


def check_central(url: str, health: Any) -> Check:
    """`health` is the sync client's Health, or the CentralError of asking."""
    from postterm.sync.client import CentralError

    if isinstance(health, CentralError):
        return _fail(
            "central",
            Said("{url}: {reason}", url=url, reason=health.reason),
            Said(
                "start the central, or check the network and its URL "
                "(booking works offline meanwhile)"
            ),
        )
    if health.status != "ok":
        return _fail(
            "central",
            Said("{url} answers but is {status}", url=url, status=health.status),
            Said("the central's database: see the central's log"),
        )
    return _pass(
        "central",
        Said("{url} answers in {value:.0f} ms", url=url, value=health.round_trip_s * 1000),
    )


def check_clock(health: Any) -> Check:
    from postterm.sync.client import CentralError

    if isinstance(health, CentralError):
        return _warn(
            "clock", Said("not checked: the central does not answer"), Said("see the central check")
        )
    skew = health.skew_s
    if skew is None:
        return _warn(
            "clock", Said("not checked: the central sent no time"), Said("see the central's log")
        )
    detail = (
        Said("this machine is {age} behind the central", age=_ago(abs(skew)))
        if skew > 0
        else Said("this machine is {age} ahead of the central", age=_ago(abs(skew)))
    )
    fix = Said(
        "set the clock right (timedatectl set-ntp true), here or at the central: the "
        "business date and every receipt's time hang on it"
    )
    if abs(skew) > CLOCK_FAIL_S:
        return _fail("clock", detail, fix)
    if abs(skew) > CLOCK_WARN_S:
        return _warn("clock", detail, fix)
    return _pass("clock", Said("within {abs:.0f} s of the central", abs=abs(skew)))


def check_enrolment(enrolment: Enrolment | None, folder: Path | None, mark: Any) -> Check:
    """`mark` is the central's /v1/journal/mark reply for this terminal, or the CentralError
    of asking, or None when it was not asked (no enrolment or no token)."""
    from postterm.sync.client import CentralError

    if enrolment is None:
        where = f" ({folder})" if folder is not None else ""
        return _fail(
            "enrolment",
            Said("this counter is not enrolled{where}", where=where),
            Said("postterm enroll --central URL --code CODE (or postterm setup)"),
        )
    who = Said(
        "{terminal} at {office}", terminal=enrolment.terminal_id, office=enrolment.office_name
    )
    if mark is None:
        return _fail(
            "enrolment",
            Said("{who}: no token in the data directory", who=who),
            Said("enrol again with a new code: postterm enroll --code CODE"),
        )
    if isinstance(mark, CentralError):
        if mark.status == 401 and "revoked" in mark.reason:
            return _fail(
                "enrolment",
                Said("{who}: {reason}", who=who, reason=mark.reason),
                Said(
                    "ask an administrator: postterm central admin resume {terminal_id}, "
                    "or enrol with a new code",
                    terminal_id=enrolment.terminal_id,
                ),
            )
        if mark.status is not None and not mark.transient:
            return _fail(
                "enrolment",
                Said("{who}: {reason}", who=who, reason=mark.reason),
                Said("enrol again with a new code: postterm enroll --code CODE"),
            )
        return _warn(
            "enrolment",
            Said("{who}: not confirmed, the central does not answer", who=who),
            Said("see the central check"),
        )
    if mark.get("quarantined"):
        return _fail(
            "enrolment",
            Said(
                "{who}: quarantined by the central: {reason}",
                who=who,
                reason=mark.get("quarantine_reason"),
            ),
            Said(
                "an administrator: postterm central admin conflicts {terminal_id}, then resume it",
                terminal_id=enrolment.terminal_id,
            ),
        )
    return _pass("enrolment", Said("{who}, active at the central", who=who))


# -- devices --------------------------------------------------------------------------------

SCALE_FIXES = {
    "motion": Said("let the platter settle (no draught, nothing touching it)"),
    "over": Said("take the load off the scale"),
    "under": Said("clear the platter and zero the scale"),
    "negative": Said("clear the platter and zero the scale"),
    "no_response": Said("power on the scale; check the cable, devices.scale.url and .protocol"),
    "garbage": Said("check devices.scale.protocol and the line settings (baud, parity)"),
    "error": Said("the scale reports an internal error: restart it or call for service"),
    "disconnected": Said("check the scale's cable and devices.scale.url"),
}
PRINTER_FIXES = {
    "paper_out": Said("load a paper roll"),
    "cover_open": Said("close the printer's cover"),
    "offline": Said("put the printer online (feed/online button); look for an error light"),
    "error": Said("the printer reports an error (cutter, head): open and close it, or restart it"),
    "no_answer": Said("power on the printer; check the cable and devices.printer.url"),
    "garbled": Said("check devices.printer baudrate and flow control"),
    "disconnected": Said("check the printer's cable and devices.printer.url"),
}
SIMULATED_FIX = Said("set devices.simulated = false and name the device's URL")


def check_scale(settings: Settings, timeout_s: float = DEVICE_TIMEOUT_S) -> Check:
    from postterm.devices.probes import Reading, weigh_once

    if settings.devices.simulated:
        return _warn("scale", Said("simulated (demo only)"), SIMULATED_FIX)
    scale = settings.devices.scale
    if scale is None:
        return _warn(
            "scale",
            Said("no scale configured: weights are typed, with a supervisor"),
            Said("name it in devices.scale (postterm setup --probe finds it)"),
        )
    got = weigh_once(scale, timeout_s)
    where = Said("{protocol} at {url}", protocol=scale.protocol, url=scale.url)
    if isinstance(got, Reading):
        return _pass("scale", Said("{grams} g stable ({where})", grams=got.grams, where=where))
    return _fail(
        "scale",
        Said("{reason} ({value}; {where})", reason=got.reason, value=got.kind.value, where=where),
        SCALE_FIXES.get(got.kind.value, "check the scale"),
    )


def check_scanner(settings: Settings, timeout_s: float = DEVICE_TIMEOUT_S) -> Check:
    from postterm.devices.probes import open_scanner

    if settings.devices.simulated:
        return _warn("scanner", Said("simulated (demo only)"), SIMULATED_FIX)
    scanner = settings.devices.scanner
    if scanner is None:
        return _pass(
            "scanner",
            Said("no serial scanner configured (a keyboard-wedge scanner types into the screen)"),
        )
    if scanner.url is None:
        return _pass(
            "scanner",
            Said(
                "keyboard-wedge scanner: it types each code into the screen "
                "after {wedge_prefix_key}",
                wedge_prefix_key=scanner.wedge_prefix_key,
            ),
        )
    opened = open_scanner(scanner, timeout_s)
    if not opened.opened:
        return _fail(
            "scanner",
            Said("{url}: {reason}", url=scanner.url, reason=opened.reason),
            Said("check the scanner's cable and devices.scanner.url"),
        )
    return _pass("scanner", Said("{url} opens", url=scanner.url))


def check_printer(settings: Settings) -> Check:
    from postterm.devices.probes import printer_status

    if settings.devices.simulated:
        return _warn("printer", Said("simulated (demo only)"), SIMULATED_FIX)
    printer = settings.devices.printer
    if printer is None:
        return _warn(
            "printer",
            Said("no printer configured: no receipts can be printed"),
            Said("name it in devices.printer (postterm setup --probe finds it)"),
        )
    status = printer_status(printer)
    if status.fault is not None:
        return _fail(
            "printer",
            Said("{reason} ({url})", reason=status.reason, url=printer.url),
            PRINTER_FIXES.get(status.fault.value, "check the printer"),
        )
    if status.paper_low:
        return _warn(
            "printer",
            Said("ready, paper running low ({url})", url=printer.url),
            Said("have a new roll at hand"),
        )
    return _pass("printer", Said("ready ({url})", url=printer.url))


# -- running them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """Checks run in one thread because they share a question (one client to the central
    gives `central`, `clock`, `enrolment` and the balances in `master_data`)."""

    names: tuple[str, ...]
    run: Callable[[], tuple[Check, ...]]
    timeout_s: float = CHECK_TIMEOUT_S


def run_tasks(tasks: list[Task]) -> dict[str, Check]:
    """Run every task in its own thread; one still running at its timeout fails there."""
    results: dict[str, tuple[Check, ...]] = {}
    lock = threading.Lock()

    def work(task: Task) -> None:
        try:
            found = task.run()
        except Exception as exc:  # a check's own fault is its failure, never a traceback
            found = tuple(
                _fail(
                    name,
                    Said("the check failed: {kind}: {exc}", kind=type(exc).__name__, exc=exc),
                    Said("run it again; if it persists, report it"),
                )
                for name in task.names
            )
        with lock:
            results[task.names[0]] = found

    started = time.monotonic()
    threads = []
    for task in tasks:
        thread = threading.Thread(
            target=work, args=(task,), daemon=True, name=f"doctor-{task.names[0]}"
        )
        thread.start()
        threads.append((task, thread))
    checks: dict[str, Check] = {}
    for task, thread in threads:
        thread.join(max(0.0, started + task.timeout_s - time.monotonic()))
        with lock:
            found = results.get(task.names[0])
        if found is None:
            found = tuple(
                _fail(
                    name,
                    Said("did not answer within {timeout_s:g} s", timeout_s=task.timeout_s),
                    Said("see what it waits for (device, central, disk)"),
                )
                for name in task.names
            )
        checks.update((check.name, check) for check in found)
    return checks


def load_subject(
    config_path: Path | None, data_dir: Path | None, default_data_dir: Callable[[Settings], Path]
) -> Subject:
    """The settings (or why they do not load), the data directory and its enrolment."""
    settings: Settings | None = None
    error: str | None = None
    try:
        settings = load_settings(config_path)
    except ConfigError as exc:
        error = str(exc)
    folder = data_dir
    if folder is None and settings is not None:
        folder = default_data_dir(settings)
    enrolment = None
    if folder is not None:
        try:
            enrolment = load_enrolment(folder)
        except (OSError, ValueError, TypeError):
            enrolment = None
    return Subject(config_path, settings, error, folder, enrolment)


def _central_tasks(subject: Subject, now: datetime) -> list[Task]:
    """One client, one thread: /healthz first (central, clock); only a central that answers
    is asked this terminal's mark (enrolment) and the office's balances (master_data), so a
    dead central costs one timeout, not three."""
    from postterm.sync.client import CentralClient, CentralError

    enrolment, folder = subject.enrolment, subject.data_dir
    url = (
        enrolment.central_url
        if enrolment
        else (subject.settings.central.url if subject.settings else None)
    )
    token = load_token(folder) if folder is not None and enrolment is not None else None

    def local() -> tuple[Check, ...]:
        assert folder is not None
        return (check_enrolment(enrolment, folder, None), check_master_data(folder, now, None))

    def central() -> tuple[Check, ...]:
        assert url is not None
        mark: Any = None
        balances: dict[str, Any] | None = None
        with CentralClient(url, token, timeout_s=CENTRAL_TIMEOUT_S) as client:
            try:
                health: Any = client.health()
            except CentralError as exc:
                health = exc
            if token is not None:
                if isinstance(health, CentralError):
                    mark = health
                else:
                    try:
                        mark = client.mark()
                    except CentralError as exc:
                        mark = exc
                    try:
                        balances = client.get("/v1/master/balances")
                    except CentralError:
                        balances = None  # none migrated (404)
        checks = [check_central(url, health), check_clock(health)]
        if folder is not None:
            checks += [
                check_enrolment(enrolment, folder, mark),
                check_master_data(folder, now, balances),
            ]
        return tuple(checks)

    if url is not None:
        names = ("central", "clock") + (("enrolment", "master_data") if folder else ())
        return [Task(names, central)]
    if folder is not None:
        return [Task(("enrolment", "master_data"), local)]
    return []


def _import_first() -> None:
    """Import what the checks use before their clocks start: on a busy machine importing
    takes seconds, and a check's timeout is for the device or the central, not for Python."""
    import httpx  # noqa: F401

    import postterm.devices.probes
    import postterm.store.journal_store
    import postterm.sync.client  # noqa: F401


def examine(subject: Subject) -> Report:
    """Run every check on `subject`, concurrently; the checks in CHECK_NAMES order."""
    started = time.monotonic()
    _import_first()
    folder, settings = subject.data_dir, subject.settings
    now = datetime.now(UTC)
    tasks = _central_tasks(subject, now)
    if folder is not None:
        tasks += [
            Task(("data_dir",), lambda: (check_data_dir(folder),)),
            Task(("disk",), lambda: (check_disk(folder),)),
            Task(("journal",), lambda: (check_journal(folder),)),
            Task(("writer_lock",), lambda: (check_writer_lock(folder),)),
            Task(("pending",), lambda: (check_pending(folder, now),)),
        ]
    if settings is not None:
        today = business_date_of(now_in_india())
        tasks += [
            Task(("scale",), lambda: (check_scale(settings),)),
            Task(("scanner",), lambda: (check_scanner(settings),)),
            Task(("printer",), lambda: (check_printer(settings),)),
            Task(("tariffs",), lambda: (check_tariffs(folder, settings, today),)),
        ]
    found = run_tasks(tasks)
    found["settings"] = check_settings(subject)
    why = Said("the settings do not load") if subject.settings_error else Said("no data directory")
    checks = tuple(found.get(name) or _not_checked(name, why) for name in CHECK_NAMES)
    return Report(checks, time.monotonic() - started)


__all__ = ["CHECK_NAMES", "Check", "Report", "Status", "Subject", "examine", "load_subject"]
