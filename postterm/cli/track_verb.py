"""`postterm track`: an article's events from the central, or what this counter knows."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, enrolled_counter
from postterm.cli.output import EXIT_NEGATIVE, emit, fail
from postterm.cli.settings_option import config_option, lang_option
from postterm.i18n.catalogs import _
from postterm.i18n.said import said_of


@click.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True)
@lang_option
@data_dir_option
@config_option
def track(article: str, as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """The event timeline of ARTICLE (any office's, when the central answers)."""
    from postterm.core.booking import BookingRefused
    from postterm.core.business_day import india_time_text
    from postterm.counter.tracking import EVENT_NAMES, SOURCE_NAMES
    from postterm.counter.tracking import track as timeline_of
    from postterm.i18n.said import spoken
    from postterm.i18n.width import ljust
    from postterm.store.journal_store import Journal, JournalUnusable
    from postterm.store.local_state import load_token
    from postterm.sync.client import CentralClient

    enrolled = enrolled_counter(data_dir, config_path, as_json=as_json)
    folder, enrolment = enrolled.folder, enrolled.enrolment
    try:
        opened = Journal(folder, write=False)
    except JournalUnusable as exc:
        fail(exc.reason, as_json=as_json, code=EXIT_NEGATIVE)
    with (
        opened as journal,
        CentralClient(enrolment.central_url, load_token(folder), timeout_s=5) as client,
    ):
        try:
            timeline = timeline_of(journal, client, article, enrolment.office_name)
        except BookingRefused as exc:
            fail(said_of(exc), as_json=as_json)
    payload = {
        "article_id": timeline.article_id,
        "source": timeline.source,
        "note": timeline.note,
        "events": [{"event": e.event, "office": e.office, "at": e.at} for e in timeline.events],
    }
    source = _(SOURCE_NAMES.get(timeline.source, timeline.source))
    lines = [
        (
            _("{article_id} ({source}: {note})") if timeline.note else _("{article_id} ({source})")
        ).format(article_id=timeline.article_id, source=source, note=spoken(timeline.note))
    ]
    lines += [
        f"  {india_time_text(e.at)}  {ljust(_(EVENT_NAMES.get(e.event, e.event)), 16)} {e.office}"
        for e in timeline.events
    ]
    if not timeline.events:
        lines.append(_("  no events known"))
    emit(payload, as_json=as_json, text="\n".join(lines))
    if not timeline.events:
        raise SystemExit(EXIT_NEGATIVE)
