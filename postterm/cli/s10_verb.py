"""`postterm s10 check|make`: UPU S10 article ids."""

from __future__ import annotations

import click

from postterm.cli.output import EXIT_NEGATIVE, EXIT_OK, emit, fail
from postterm.core import s10 as s10_ids
from postterm.i18n.said import Said, said_of


@click.group()
def s10() -> None:
    """UPU S10 article ids (the barcode on every accountable article)."""


@s10.command("check")
@click.argument("article_id")
@click.option("--service", default=None, help="also check the indicator against a service")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def check(article_id: str, service: str | None, as_json: bool) -> None:
    """Is ARTICLE_ID a valid S10 id? Exit 0 when valid, 1 when not."""
    accepted = None
    if service is not None:
        from postterm.config import ConfigError, load_settings

        try:
            services = load_settings().services
        except ConfigError as exc:
            fail(said_of(exc), as_json=as_json)
        if service not in services:
            fail(
                Said(
                    "--service: unknown service {service!r} (known: {names})",
                    service=service,
                    names=", ".join(services),
                ),
                as_json=as_json,
            )
        accepted = services[service].s10_prefixes
    reason = s10_ids.reason_invalid(article_id, accepted, service or "")
    text = f"{article_id}: valid" if reason is None else f"{article_id}: invalid: {reason}"
    emit({"valid": reason is None, "reason": reason}, as_json=as_json, text=text)
    raise SystemExit(EXIT_OK if reason is None else EXIT_NEGATIVE)


@s10.command("make")
@click.argument("indicator")
@click.argument("serial")
@click.option("--json", "as_json", is_flag=True, help="one JSON object")
def make(indicator: str, serial: str, as_json: bool) -> None:
    """The full id for INDICATOR (2 letters) and SERIAL (8 digits): EE 12345678."""
    try:
        article_id = s10_ids.make(indicator, serial)
    except s10_ids.S10Error as exc:
        fail(said_of(exc), as_json=as_json)
    emit({"article_id": article_id}, as_json=as_json, text=article_id)
