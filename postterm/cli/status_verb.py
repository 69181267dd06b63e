"""`postterm status`: the counter's committed and sync state, read-only."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, enrolled_counter
from postterm.cli.output import emit, fail
from postterm.cli.settings_option import config_option, lang_option
from postterm.i18n.catalogs import _
from postterm.i18n.said import said_of, spoken


@click.command()
@click.option("--json", "as_json", is_flag=True)
@lang_option
@data_dir_option
@config_option
def status(as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """Entries, what the central acknowledged, pending, last error, revoked or quarantined
    (and whom to ask), notices."""
    from postterm.store.journal_store import Journal, JournalUnusable
    from postterm.store.local_state import SyncState, load_refusal, load_sync_state, notices

    enrolled = enrolled_counter(data_dir, config_path, as_json=as_json)
    folder, enrolment = enrolled.folder, enrolled.enrolment
    refusal = None
    try:
        journal = Journal(folder, write=False)
    except FileNotFoundError as exc:
        fail(said_of(exc), as_json=as_json)
    except JournalUnusable as exc:  # the database is gone: say so, with what is known
        problem: JournalUnusable | None = exc
        state, last, found = SyncState(0, "0" * 64, None, None, None), None, []
    else:
        with journal:
            state = load_sync_state(journal.engine)
            last = journal.last()
            found = notices(journal.engine)
            refusal = load_refusal(journal.engine)
            problem = journal.problem()
    entries = last.seq if last else 0
    payload = {
        "terminal_id": enrolment.terminal_id,
        "office": enrolment.office_name,
        "central": enrolment.central_url,
        "entries": entries,
        "acked_seq": state.acked_seq,
        "pending": max(0, entries - state.acked_seq),
        "last_success_at": state.last_success_at,
        "last_error": state.last_error,
        "quarantined": state.quarantined,
        "revoked": state.revoked,
        "contact": state.contact,
        "notices": found,
        "journal_problem": problem.reason if problem else None,
        "refused": refusal.__dict__ if refusal else None,
    }
    lines = [
        _(
            "{terminal_id} at {office_name}: {entries} entries, {waiting} not yet at the central "
            "({central_url})"
        ).format(
            terminal_id=enrolment.terminal_id,
            office_name=enrolment.office_name,
            entries=entries,
            waiting=max(0, entries - state.acked_seq),
            central_url=enrolment.central_url,
        )
    ]
    if problem is not None:
        lines.append(
            _("JOURNAL {trouble}: {reason}").format(
                trouble=problem.trouble.upper(), reason=spoken(problem.reason)
            )
        )
    if state.last_error:
        lines.append(_("last error: {last_error}").format(last_error=state.last_error))
    if refusal is not None:
        lines.append(
            _(
                "refused {times} times since {since} (last {last}), retried with back-off: {reason}"
            ).format(
                times=refusal.times,
                since=refusal.since[:16],
                last=refusal.last_at[:16],
                reason=refusal.reason,
            )
        )
    said = state.refusal()
    if said:
        lines.append((_("REVOKED: ") if state.revoked else _("QUARANTINED: ")) + spoken(said))
    lines += [f"{n['kind']}: {n['detail']}" for n in found]
    emit(payload, as_json=as_json, text="\n".join(lines))
