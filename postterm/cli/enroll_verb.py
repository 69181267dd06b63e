"""`postterm enroll`: exchange a one-time code for this counter's identity and token."""

from __future__ import annotations

from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, resolve_data_dir
from postterm.cli.output import EXIT_BAD_INPUT, EXIT_NEGATIVE, emit, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.i18n.said import Said, said_of


@click.command()
@click.option("--central", "central_url", default=None, help="central API URL (default: settings)")
@click.option("--code", required=True, help="the one-time enrolment code from an administrator")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def enroll(
    central_url: str | None,
    code: str,
    as_json: bool,
    data_dir: Path | None,
    config_path: Path | None,
) -> None:
    """Enrol this counter with the central and pull its users and tariffs."""
    from postterm.counter.enrolment import enrol_counter
    from postterm.store.writer_lock import WriterBusy
    from postterm.sync.client import CentralError
    from postterm.sync.enrolment import EnrolRefused

    settings = settings_from(config_path, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    url = central_url or settings.central.url
    if central_url is not None:
        from postterm.config.central_url import central_url_problem

        problem = central_url_problem(central_url)
        if problem is not None:
            fail(Said("--central: {problem}", problem=problem), as_json=as_json)
    try:
        enrolment, _ = enrol_counter(folder, url, code, timeout_s=settings.central.timeout_s)
    except EnrolRefused as exc:
        fail(said_of(exc), as_json=as_json, code=EXIT_BAD_INPUT)
    except CentralError as exc:
        refused = exc.status is not None and exc.status < 500
        fail(exc.reason, as_json=as_json, code=EXIT_BAD_INPUT if refused else EXIT_NEGATIVE)
    except WriterBusy as exc:
        fail(said_of(exc), as_json=as_json, code=EXIT_NEGATIVE)
    payload = {
        "terminal_id": enrolment.terminal_id,
        "office_id": enrolment.office_id,
        "office_name": enrolment.office_name,
        "central": url,
        "data_dir": str(folder),
    }
    emit(
        payload,
        as_json=as_json,
        text=Said(
            "enrolled as {terminal_id} at {office_name} ({url})",
            terminal_id=enrolment.terminal_id,
            office_name=enrolment.office_name,
            url=url,
        ),
    )
