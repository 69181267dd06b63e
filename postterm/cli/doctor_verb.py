"""`postterm doctor`: is this counter ready to open? Every check, pass / warn / fail, each
with a one-line fix; exit 1 when any fails. Settings that do not load are a failed check
here, not a usage error: saying so is the doctor's job."""

from __future__ import annotations

import os
from pathlib import Path

import click

from postterm.cli.counter_options import data_dir_option, resolve_data_dir
from postterm.cli.output import EXIT_NEGATIVE, emit
from postterm.cli.settings_option import config_option
from postterm.i18n.catalogs import _, ngettext
from postterm.i18n.said import spoken


@click.command()
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@config_option
def doctor(as_json: bool, data_dir: Path | None, config_path: Path | None) -> None:
    """Check settings, data, journal, central, enrolment, clock, devices and tariffs."""
    from postterm.counter.doctor import Status, examine, load_subject

    if config_path is None and os.environ.get("POSTTERM_CONFIG"):
        config_path = Path(os.environ["POSTTERM_CONFIG"])
    subject = load_subject(config_path, data_dir, lambda settings: resolve_data_dir(None, settings))
    report = examine(subject)
    payload = {"ok": report.ok, "checks": [check.as_dict() for check in report.checks]}
    lines = []
    for check in report.checks:
        lines.append(f"{check.status.value.upper():<4}  {check.name:<11}  {spoken(check.detail)}")
        if check.status is not Status.PASS and check.fix:
            lines.append(" " * 17 + _("fix: {fix}").format(fix=spoken(check.fix)))
    failed = sum(1 for c in report.checks if c.status is Status.FAIL)
    warned = sum(1 for c in report.checks if c.status is Status.WARN)
    verdict = "ready to open" if report.ok else "NOT ready to open"
    lines.append(
        ngettext(
            "{verdict}: {failed} failed, {warned} warning ({seconds:.1f} s)",
            "{verdict}: {failed} failed, {warned} warnings ({seconds:.1f} s)",
            warned,
        ).format(verdict=verdict, failed=failed, warned=warned, seconds=report.seconds)
    )
    emit(payload, as_json=as_json, text="\n".join(lines))
    if not report.ok:
        raise SystemExit(EXIT_NEGATIVE)
