"""`postterm journal verify|export`: read-only, so they work while the counter runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from postterm.cli.counter_options import data_dir_option, resolve_data_dir
from postterm.cli.output import EXIT_NEGATIVE, emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.core.entries import Unread, entry_of
from postterm.core.journal import parse_entry
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said, said_of
from postterm.store.journal_store import Journal, JournalUnusable
from postterm.store.local_state import load_sync_state

MAX_SEQ = 2**63 - 1  # SQLite's largest integer


def _open(data_dir: Path | None, config_path: Path | None, as_json: bool) -> Journal:
    settings = settings_from(config_path, as_json=as_json)
    try:
        return Journal(resolve_data_dir(data_dir, settings), write=False)
    except FileNotFoundError as exc:
        fail(said_of(exc), as_json=as_json)
    except JournalUnusable as exc:
        fail(exc.reason, as_json=as_json, code=EXIT_NEGATIVE)


def _unusable(why: JournalUnusable, entries: int, as_json: bool) -> NoReturn:
    emit(
        {"ok": False, "entries": entries, "seq": why.seq, "reason": why.reason},
        as_json=as_json,
        text=f"journal {why.trouble.upper()}"
        + (f" at seq {why.seq}" if why.seq is not None else "")
        + f": {why.reason}",
    )
    raise SystemExit(EXIT_NEGATIVE)


@click.group()
def journal() -> None:
    """The counter's journal: verify its chain, export its entries."""


@journal.command("verify")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def verify(as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """Check the hash chain, that the journal is the one this terminal was enrolled with,
    and that it reaches what the central acknowledged; name the first broken seq."""
    settings = settings_from(config_path, as_json=as_json)
    try:
        opened = Journal(resolve_data_dir(data_dir, settings), write=False)
    except FileNotFoundError as exc:
        fail(said_of(exc), as_json=as_json)
    except JournalUnusable as exc:
        _unusable(exc, 0, as_json)
    with opened:
        state = load_sync_state(opened.engine)
        broken = opened.verify(state.acked_seq, state.acked_hash)
        damaged = opened.damage()
        problem = opened.problem() if broken is None else None
        entries = opened.count()
        unread = _unread(opened) if broken is None else []
    if problem is not None:
        _unusable(problem, entries, as_json)
    if broken is None and damaged is None:
        matched = f", matches the central up to seq {state.acked_seq}" if state.acked_seq else ""
        answer: dict[str, object] = {"ok": True, "entries": entries, "acked_seq": state.acked_seq}
        if unread:
            answer["unread"] = [{"seq": seq, "reason": why} for seq, why in unread]
        said = Said(
            "journal ok: {entries} entries, chain intact{matched}", entries=entries, matched=matched
        )
        unread_lines = "".join(f"\n  seq {seq}: {why}" for seq, why in unread)
        emit(answer, as_json=as_json, text=said.spoken() + unread_lines if unread else said)
        return
    payload: dict[str, object] = {"ok": False, "entries": entries}
    lines = []
    if broken is not None:
        payload |= {"seq": broken.seq, "reason": broken.reason}
        lines.append(
            _("journal BROKEN at seq {seq}: {reason}").format(seq=broken.seq, reason=broken.reason)
        )
    if damaged is not None:
        payload["damaged"] = damaged
        lines.append(_("counter database DAMAGED: {damaged}").format(damaged=damaged))
    emit(payload, as_json=as_json, text="\n".join(lines))
    raise SystemExit(EXIT_NEGATIVE)


def _unread(opened: Journal) -> list[tuple[int, str]]:
    """Entries this program keeps but cannot read (a newer kind or version): seq, why."""
    found = []
    for stored in opened.entries():
        typed = entry_of(parse_entry(stored.entry))
        if isinstance(typed, Unread):
            found.append((stored.seq, typed.describe()))
    return found


@journal.command("export")
@click.option(
    "--after", type=click.IntRange(0, MAX_SEQ), default=0, help="only entries after this seq"
)
@data_dir_option
@config_option
def export(after: int, data_dir: Path | None, config_path: Path | None) -> None:
    """Every entry as one JSON line: {"seq", "hash", "entry"} with the entry's exact text."""
    import json

    with _open(data_dir, config_path, False) as opened:
        for stored in opened.entries(after=after):
            try:
                text = stored.entry.decode("utf-8")
            except UnicodeDecodeError as exc:
                fail(
                    Said(
                        "seq {seq}: the stored entry is damaged (not UTF-8: {reason}): restore "
                        "the database from a backup",
                        seq=stored.seq,
                        reason=exc.reason,
                    ),
                    as_json=False,
                    code=EXIT_NEGATIVE,
                )
            line = {"seq": stored.seq, "hash": stored.hash, "entry": text}
            sys.stdout.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
