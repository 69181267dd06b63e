"""The `postterm` command.

Verb groups live in their own modules and are imported only when their verb runs, so
`postterm quote` never pays for FastAPI or Textual. Every verb follows one convention:
human text by default, one JSON object with `--json`; errors are one line on stderr (and
`{"error": ...}` on stdout with `--json`); exit 0 ok, 1 a negative answer, 2 bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from postterm.cli.lazy_group import LazyGroup
from postterm.cli.output import EXIT_BAD_INPUT, report_error

# verb -> "module:attribute"; the module is imported only when the verb is used.
VERBS: dict[str, str] = {
    "quote": "postterm.cli.quote_verb:quote_command",
    "s10": "postterm.cli.s10_verb:s10",
    "pin": "postterm.cli.pin_verb:pin",
    "digipin": "postterm.cli.digipin_verb:digipin",
    "devices": "postterm.cli.devices_verb:devices",
    "sim": "postterm.cli.sim_verb:sim",
    "central": "postterm.cli.central_verb:central",
    "day": "postterm.cli.day_verb:day",
    "book": "postterm.cli.book_verb:book",
    "journal": "postterm.cli.journal_verb:journal",
    "enroll": "postterm.cli.enroll_verb:enroll",
    "setup": "postterm.cli.setup_verb:setup",
    "sync": "postterm.cli.sync_verb:sync",
    "status": "postterm.cli.status_verb:status",
    "doctor": "postterm.cli.doctor_verb:doctor",
    "login": "postterm.cli.login_verb:login",
    "void": "postterm.cli.void_verb:void",
    "reprint": "postterm.cli.reprint_verb:reprint",
    "track": "postterm.cli.track_verb:track",
    "run": "postterm.cli.run_verb:run",
    "demo": "postterm.cli.run_verb:demo",
}


def _build() -> LazyGroup:
    import click

    @click.group(
        cls=LazyGroup, verbs=VERBS, context_settings={"help_option_names": ["-h", "--help"]}
    )
    @click.version_option(package_name="postterm", prog_name="postterm")
    def postterm() -> None:
        """A post-office counter terminal."""

    assert isinstance(postterm, LazyGroup)
    return postterm


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script; never lets a traceback reach the counter."""
    import click

    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    group = _build()
    try:
        code = group.main(args=args, prog_name="postterm", standalone_mode=False)
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError" and exc.ctx is not None:
            click.echo(exc.ctx.get_help())
            sys.exit(EXIT_BAD_INPUT)
        report_error(_usage_reason(exc), as_json=as_json)
        sys.exit(EXIT_BAD_INPUT)
    except click.Abort:
        report_error("aborted", as_json=as_json)
        sys.exit(EXIT_BAD_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # the last line of defence: never a traceback at the counter
        if os.environ.get("POSTTERM_DEBUG"):
            raise
        from postterm.cli.faults import reason_and_code

        reason, exit_code = reason_and_code(exc)
        report_error(reason, as_json=as_json)
        sys.exit(exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_reason(exc: object) -> str:
    import click

    assert isinstance(exc, click.UsageError)
    where = exc.ctx.command_path if exc.ctx is not None else "postterm"
    return f"{where}: {exc.format_message()}".replace("\n", " ")
