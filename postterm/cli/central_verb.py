"""`postterm central`: run the central API, and administer it (offices, users, enrolment).

FastAPI, SQLAlchemy and uvicorn are imported inside the commands, so `postterm --help` and
the counter's verbs never pay for them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from postterm.cli.output import EXIT_NEGATIVE, emit, fail
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said, said_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])


def _db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        default=None,
        help="database URL (default: $POSTTERM_CENTRAL_DB, else SQLite in the user data dir)",
    )(func)


def _json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="one JSON object")(func)


@contextmanager
def _engine(db_url: str | None, as_json: bool) -> Iterator[Engine]:
    """A migrated engine; database trouble becomes one line and exit 1."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from postterm.central.admin import AdminError, NotFound
    from postterm.central.db import make_engine, url_from_env
    from postterm.central.schema import upgrade

    url = db_url or url_from_env()
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError, ValueError) as exc:
        fail(Said("--db: not a usable database URL: {reason}", reason=exc), as_json=as_json)
    try:
        upgrade(engine)
        yield engine
    except NotFound as exc:
        fail(said_of(exc), as_json=as_json, code=EXIT_NEGATIVE)
    except AdminError as exc:
        fail(said_of(exc), as_json=as_json)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        fail(
            Said("database {safe}: {reason}", safe=_safe(url), reason=reason),
            as_json=as_json,
            code=EXIT_NEGATIVE,
        )
    finally:
        if "engine" in locals():
            engine.dispose()


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"


@click.group()
def central() -> None:
    """The central API: serve it, or administer offices, users and terminals."""


@central.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", default=8470, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="worker processes"
)
def serve(db_url: str | None, host: str, port: int, workers: int) -> None:
    """Run the central API (migrating the database first)."""
    from postterm.central.db import DB_ENV, url_from_env

    url = db_url or url_from_env()
    with _engine(url, False):
        pass
    _check_port(host, port)
    import uvicorn

    os.environ[DB_ENV] = url
    sys.stderr.write(
        f"postterm central: serving {_safe(url)} on http://{host}:{port} ({workers} workers)\n"
    )
    uvicorn.run(
        "postterm.central.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )


def _check_port(host: str, port: int) -> None:
    """Say plainly, before uvicorn starts, that the address cannot be listened on."""
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        fail(
            Said(
                "cannot listen on {host}:{port}: {reason}",
                host=host,
                port=port,
                reason=exc.strerror or exc,
            ),
            as_json=False,
            code=EXIT_NEGATIVE,
        )


@central.group()
def admin() -> None:
    """Offices, users, enrolment codes; revoke or resume a terminal."""


def _office_text(info: Any) -> str:
    upi = f"UPI {info.upi_vpa} ({info.upi_payee})" if info.upi_vpa else _("no UPI payee")
    return _("office {office_id}: {name} ({type}, {pin}); GSTIN {gstin}; {upi}").format(
        office_id=info.office_id,
        name=info.name,
        type=info.office_type,
        pin=info.pin,
        gstin=info.gstin or _("not set"),
        upi=upi,
    )


@admin.command("create-office")
@click.option("--pin", required=True, help="the office's 6-digit PIN code")
@click.option("--name", required=True, help='e.g. "Sheopur S.O"')
@click.option("--type", "office_type", default="SO", show_default=True, help="HO, SO, BO or HUB")
@click.option("--gstin", default=None, help="the office's GSTIN, printed on its receipts")
@click.option("--upi-vpa", default=None, help="the UPI id its UPI payments go to (office@bank)")
@click.option("--upi-payee", default=None, help="the payee name UPI payers see (40 characters)")
@click.option("--id", "office_id", default=None, help="office id (default PIN-TYPE)")
@_db_option
@_json_option
def create_office(
    pin: str,
    name: str,
    office_type: str,
    gstin: str | None,
    upi_vpa: str | None,
    upi_payee: str | None,
    office_id: str | None,
    db_url: str | None,
    as_json: bool,
) -> None:
    """Create an office, with the GSTIN and UPI payee its counters use."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        info = ops.create_office(
            engine,
            pin=pin,
            name=name,
            office_type=office_type,
            gstin=gstin,
            office_id=office_id,
            upi_vpa=upi_vpa,
            upi_payee=upi_payee,
        )
    emit(info.__dict__, as_json=as_json, text=_office_text(info))


@admin.command("update-office")
@click.argument("office_id")
@click.option("--name", default=None, help="the office's name as its receipts print it")
@click.option("--gstin", default=None, help="the office's GSTIN, printed on its receipts")
@click.option("--upi-vpa", default=None, help="the UPI id its UPI payments go to (office@bank)")
@click.option("--upi-payee", default=None, help="the payee name UPI payers see (40 characters)")
@_db_option
@_json_option
def update_office(
    office_id: str,
    name: str | None,
    gstin: str | None,
    upi_vpa: str | None,
    upi_payee: str | None,
    db_url: str | None,
    as_json: bool,
) -> None:
    """Change an office's name, GSTIN or UPI payee; its counters get them at their next sync."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        info = ops.update_office(
            engine, office_id, name=name, gstin=gstin, upi_vpa=upi_vpa, upi_payee=upi_payee
        )
    emit(info.__dict__, as_json=as_json, text=_office_text(info))


@admin.command("create-user")
@click.option("--office", "office_id", required=True)
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice(["clerk", "supervisor"]), default="clerk", show_default=True
)
@click.option(
    "--pin-stdin", is_flag=True, help="read the PIN from standard input instead of a prompt"
)
@_db_option
@_json_option
def create_user(
    office_id: str, name: str, role: str, pin_stdin: bool, db_url: str | None, as_json: bool
) -> None:
    """Create a clerk or supervisor; the PIN (6+ digits) is stored only as an argon2id hash."""
    from postterm.central import admin as ops

    if pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = click.prompt("PIN", hide_input=True, confirmation_prompt=True, err=True)
    with _engine(db_url, as_json) as engine:
        info = ops.create_user(engine, office_id=office_id, name=name, role=role, pin=pin)
    emit(
        info.__dict__,
        as_json=as_json,
        text=Said(
            "user {user_id}: {name} ({role})", user_id=info.user_id, name=info.name, role=info.role
        ),
    )


@admin.command("enrol-code")
@click.option("--office", "office_id", required=True)
@click.option("--counter", "label", default="C1", show_default=True, help="counter label, e.g. C1")
@click.option("--valid-hours", default=72, show_default=True, type=int)
@_db_option
@_json_option
def enrol_code(
    office_id: str, label: str, valid_hours: int, db_url: str | None, as_json: bool
) -> None:
    """Print a one-time enrolment code for a counter of an office."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        info = ops.create_enrolment_code(
            engine, office_id=office_id, label=label, valid_hours=valid_hours
        )
    emit(
        info.__dict__,
        as_json=as_json,
        text=Said(
            "{code}\n(counter {label} of {office_id}; one use; valid until {expires_at})",
            code=info.code,
            label=info.label,
            office_id=info.office_id,
            expires_at=info.expires_at,
        ),
    )


def _terminal_text(t: dict[str, Any]) -> str:
    state = _("quarantined") if t["quarantined"] else t["status"]
    line = _("{terminal_id}  {state}  acknowledged to seq {ack_seq}").format(
        terminal_id=t["terminal_id"], state=state, ack_seq=t["ack_seq"]
    )
    return line + (f"\n  {t['quarantine_reason']}" if t["quarantine_reason"] else "")


@admin.command()
@click.argument("terminal_id")
@_db_option
@_json_option
def revoke(terminal_id: str, db_url: str | None, as_json: bool) -> None:
    """Revoke a terminal's token at once (its journal is kept)."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        summary = ops.revoke_terminal(engine, terminal_id)
    emit(summary, as_json=as_json, text=_terminal_text(summary))


@admin.command()
@click.argument("terminal_id")
@_db_option
@_json_option
def resume(terminal_id: str, db_url: str | None, as_json: bool) -> None:
    """Lift a terminal's quarantine or revocation; recorded conflicts stay for audit."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        summary = ops.resume_terminal(engine, terminal_id)
    emit(summary, as_json=as_json, text=_terminal_text(summary))


@admin.command()
@click.option("--office", "office_id", default=None)
@_db_option
@_json_option
def terminals(office_id: str | None, db_url: str | None, as_json: bool) -> None:
    """List terminals with their acknowledged mark and state."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        found = ops.list_terminals(engine, office_id)
    emit(
        {"terminals": found},
        as_json=as_json,
        text="\n".join(_terminal_text(t) for t in found) or _("no terminals"),
    )


@admin.command()
@click.argument("terminal_id")
@_db_option
@_json_option
def conflicts(terminal_id: str, db_url: str | None, as_json: bool) -> None:
    """Show the conflicting entries a terminal sent (what caused a quarantine)."""
    from postterm.central import admin as ops

    with _engine(db_url, as_json) as engine:
        found = ops.list_conflicts(engine, terminal_id)
    lines = [
        _("seq {seq} at {received_at}: {received_bytes}").format(
            seq=c["seq"], received_at=c["received_at"], received_bytes=c["received_bytes"]
        )
        for c in found
    ]
    emit({"conflicts": found}, as_json=as_json, text="\n".join(lines) or _("no conflicts"))


def _who() -> str:
    """The operating-system user running an admin command, for the record."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@admin.command()
@click.argument("user_id")
@_db_option
@_json_option
def unlock(user_id: str, db_url: str | None, as_json: bool) -> None:
    """Lift a user's lock after wrong PINs on the office's counters (recorded, with who ran
    it, in the user's audit)."""
    from postterm.central.admin import NotFound
    from postterm.central.users import unlock as lift

    with _engine(db_url, as_json) as engine:
        try:
            state, was_locked = lift(engine, user_id, f"central admin ({_who()})")
        except LookupError:
            raise NotFound(f"no user {user_id!r}") from None
    emit(
        {**state.model_dump(), "was_locked": was_locked},
        as_json=as_json,
        text=(
            Said("{user_id} unlocked", user_id=user_id)
            if was_locked
            else Said("{user_id} was not locked; count cleared", user_id=user_id)
        ),
    )


@admin.command("set-contact")
@click.argument("text")
@click.option(
    "--office",
    "office_id",
    default=None,
    help="the office it is for (default: central-wide, for offices without their own)",
)
@_db_option
@_json_option
def set_contact(text: str, office_id: str | None, db_url: str | None, as_json: bool) -> None:
    """Whom a counter's staff ask when their counter is revoked or quarantined, e.g.
    "Divisional office Gwalior, 0751-2345678"; empty text clears it."""
    from postterm.central.contacts import set_contact as keep

    with _engine(db_url, as_json) as engine:
        kept = keep(engine, text, office_id)
    where = (
        _("office {office_id}").format(office_id=office_id)
        if office_id
        else _("the central (offices without their own)")
    )
    emit(
        {"office_id": office_id, "contact": kept},
        as_json=as_json,
        text=(
            _("contact for {where}: {contact}") if kept else _("contact for {where} cleared")
        ).format(where=where, contact=kept),
    )


@admin.command("upi-secret")
@click.option("--rotate", is_flag=True, help="make a new secret (tell the provider)")
@_db_option
@_json_option
def upi_secret(rotate: bool, db_url: str | None, as_json: bool) -> None:
    """Print the secret the UPI provider signs its callbacks with."""
    from postterm.central.payments import callback_secret

    with _engine(db_url, as_json) as engine:
        secret = callback_secret(engine, rotate=rotate)
    emit({"callback_secret": secret}, as_json=as_json, text=secret)


@admin.command("seed-demo")
@click.option("--counter", "label", default="C1", show_default=True)
@_db_option
@_json_option
def seed_demo(label: str, db_url: str | None, as_json: bool) -> None:
    """Create the demo office Sheopur S.O (476337), a clerk, a supervisor and an enrolment
    code, and print them with the PINs. Only into a database of its own: one holding any
    other office is refused, and a user that exists is never changed."""
    from postterm.demo.seed import seed_demo as seed
    from postterm.demo.seed import seed_text

    with _engine(db_url, as_json) as engine:
        seeded = seed(engine, counter=label)
    emit(seeded, as_json=as_json, text=seed_text(seeded))


def _register_migration() -> None:
    from postterm.cli.central_migrate import balances, migrate

    admin.add_command(migrate)
    admin.add_command(balances)


_register_migration()
