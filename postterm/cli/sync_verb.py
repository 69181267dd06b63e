"""`postterm sync`: replicate the journal to the central now."""

from __future__ import annotations

import time
from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, enrolled_counter
from postterm.cli.output import EXIT_NEGATIVE, emit, fail, report_error
from postterm.cli.settings_option import config_option
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said


@click.command()
@click.option("--once", is_flag=True, help="push what is pending, then exit")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def sync(once: bool, as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """Push journal entries above the central's mark; without --once, keep replicating."""
    from postterm.store.journal_store import Journal, JournalUnusable
    from postterm.store.local_state import load_sync_state, load_token, notices
    from postterm.store.writer_lock import WriterBusy
    from postterm.sync.client import CentralClient, CentralError
    from postterm.sync.replicator import Replicator

    enrolled = enrolled_counter(data_dir, config_path, as_json=as_json)
    settings, folder, enrolment = enrolled.settings, enrolled.folder, enrolled.enrolment
    try:
        journal = Journal(folder, write=True, terminal=enrolment.terminal_id)
    except WriterBusy as exc:
        fail(
            Said("{reason}; it replicates by itself", reason=exc),
            as_json=as_json,
            code=EXIT_NEGATIVE,
        )
    except JournalUnusable as exc:
        fail(exc.reason, as_json=as_json, code=EXIT_NEGATIVE)
    if journal.unusable is not None and journal.unusable.trouble != "broken":
        reason = journal.unusable.reason  # never push a journal that is not this terminal's
        journal.close()
        fail(reason, as_json=as_json, code=EXIT_NEGATIVE)
    client = CentralClient(
        enrolment.central_url, load_token(folder), timeout_s=settings.central.timeout_s
    )
    replicator = Replicator(journal, client)
    try:
        if not once:
            replicator.on_change = lambda s: click.echo(
                (
                    _("pending {pending}, online") if s.online else _("pending {pending}, offline")
                ).format(pending=s.pending)
                + (f", {s.last_error}" if s.last_error else ""),
                err=True,
            )
            replicator.start()
            while True:
                time.sleep(3600)
        error = None
        try:
            result = replicator.sync_now()
            pushed, online = result.pushed, True
        except CentralError as exc:
            error, pushed, online = exc.reason, 0, False
        status = replicator.status()
        payload = {
            "pushed": pushed,
            "pending": status.pending,
            "online": online,
            "acked_seq": status.acked_seq,
            "error": error,
            "quarantined": status.quarantined,
            "revoked": status.revoked,
            "notices": len(notices(journal.engine)),
        }
        text = f"pushed {pushed}, pending {status.pending}, {'online' if online else 'offline'}" + (
            f": {error}" if error else ""
        )
        refusal = load_sync_state(journal.engine).refusal()
        emit(payload, as_json=as_json, text=text + (f"\n{refusal}" if refusal else ""))
        if error is not None:  # the answer is on stdout; the reason also goes where errors go
            report_error(f"sync: {error}", as_json=False)
            raise SystemExit(EXIT_NEGATIVE)
    finally:
        replicator.stop()
        client.close()
        journal.close()
