"""`postterm central admin migrate DIR` and `postterm central admin balances ...`: bring an
office's data across from the old system, and sign its closing balances off."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from postterm.cli.central_verb import _db_option, _engine, _json_option
from postterm.cli.output import EXIT_NEGATIVE, emit, fail
from postterm.i18n.catalogs import _
from postterm.i18n.said import said_of

PROGRESS_FROM = 10_000  # rows in a file before a progress bar is worth showing


def _progress_bar() -> Any:
    if not sys.stderr.isatty():
        return None
    shown: dict[str, int] = {}

    def show(name: str, done: int, total: int) -> None:
        if total <= PROGRESS_FROM:
            return
        width = 30
        filled = width * done // total
        percent = 100 * done // total
        if shown.get(name) == percent:
            return
        shown[name] = percent
        bar = "#" * filled + "." * (width - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{name:<13} [{bar}] {done:>9,}/{total:,}{end}")
        sys.stderr.flush()

    return show


@click.command("migrate")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "map_path",
    type=click.Path(path_type=Path),
    default=None,
    help="MAP.toml: column names, date formats and encoding of another export",
)
@click.option("--dry-run", is_flag=True, help="check and compare only; write nothing")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path),
    default=None,
    help="where to save the report (default: the central's data directory)",
)
@_db_option
@_json_option
def migrate(
    folder: Path,
    map_path: Path | None,
    dry_run: bool,
    report_path: Path | None,
    db_url: str | None,
    as_json: bool,
) -> None:
    """Bring an office's data across: offices.csv, users.csv, articles.csv, balances.csv."""
    from postterm.central.db import url_from_env
    from postterm.central.migration import report
    from postterm.central.migration.importer import MigrationError
    from postterm.central.migration.importer import migrate as run
    from postterm.central.migration.mapping import MapError, default_maps, load_map

    try:
        maps = load_map(map_path) if map_path else default_maps()
    except MapError as exc:
        fail(said_of(exc), as_json=as_json)
    url = db_url or url_from_env()
    with _engine(url, as_json) as engine:
        try:
            outcome = run(engine, folder, maps, dry_run=dry_run, progress=_progress_bar())
        except MigrationError as exc:
            fail(said_of(exc), as_json=as_json)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = report_path or report.default_folder(url) / f"migration-{stamp}.json"
    try:
        saved: Path | None = report.save(outcome, path)
    except OSError as exc:
        saved = None
        sys.stderr.write(
            f"postterm: the report could not be saved at {path}: {exc.strerror or exc}\n"
        )
    body = outcome.as_json(with_pins=True)
    body["report"] = str(saved) if saved else None
    emit(body, as_json=as_json, text=report.text(outcome, saved))
    if not outcome.ok:
        raise SystemExit(EXIT_NEGATIVE)


@click.group("balances")
def balances() -> None:
    """An office's migrated closing balances: show them, sign them off."""


def _sheet_text(sheet: dict[str, Any]) -> str:
    from postterm.core.money import format_paper

    cash = ", ".join(f"{v}x{q}" for v, q in sheet["cash"].items()) or "none"
    stamps = ", ".join(f"{v}x{q}" for v, q in sheet["stamps"].items()) or "none"
    who = ", ".join(a["supervisor_id"] for a in sheet["approvals"]) or "nobody yet"
    state = "approved" if sheet["approved"] else "NOT effective: needs 2 different supervisors"
    lines = [
        _("balances of {office_id} as of {as_of}: {state}").format(
            office_id=sheet["office_id"], as_of=sheet["as_of"], state=state
        ),
        _("  cash {amount} ({count})").format(amount=format_paper(sheet["cash_paise"]), count=cash),
        _("  stamps {amount} ({count})").format(
            amount=format_paper(sheet["stamps_paise"]), count=stamps
        ),
        _("  approved by: {who}").format(who=who),
    ]
    if sheet["cash_terminal_id"]:
        lines.append(
            _("  cash taken by counter {cash_terminal_id}").format(
                cash_terminal_id=sheet["cash_terminal_id"]
            )
        )
    return "\n".join(lines)


@balances.command("show")
@click.argument("office_id")
@_db_option
@_json_option
def show(office_id: str, db_url: str | None, as_json: bool) -> None:
    """Show an office's migrated balances and who has approved them."""
    from postterm.central.migration.balances import show as held

    with _engine(db_url, as_json) as engine:
        sheet = held(engine, office_id)
    emit(sheet, as_json=as_json, text=_sheet_text(sheet))


@balances.command("approve")
@click.argument("office_id")
@click.option("--supervisor", "supervisor_id", required=True, help="a supervisor of the office")
@click.option("--pin-stdin", is_flag=True, help="read the PIN from standard input")
@_db_option
@_json_option
def approve(
    office_id: str, supervisor_id: str, pin_stdin: bool, db_url: str | None, as_json: bool
) -> None:
    """Sign an office's migrated balances off with your PIN; two different supervisors make
    them effective."""
    from postterm.central.migration.balances import approve as sign

    if pin_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = click.prompt("PIN", hide_input=True, err=True)
    with _engine(db_url, as_json) as engine:
        sheet = sign(engine, office_id, supervisor_id, pin)
    emit(sheet, as_json=as_json, text=_sheet_text(sheet))
