"""The `--config` and `--counter` options every verb that needs settings shares."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from postterm.cli.output import fail
from postterm.config import ConfigError, Settings, load_settings
from postterm.i18n.said import said_of

F = TypeVar("F", bound=Callable[..., Any])

_COUNTER_KEY = "postterm.counter"
_LANG_KEY = "postterm.lang"


def _keep_counter(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[_COUNTER_KEY] = value


def counter_option(function: F) -> F:
    """Adds `--counter ID` (default: $POSTTERM_COUNTER, else the counter whose `ssh_users`
    names the log-in account). `settings_from` applies it; the verb needs no parameter."""
    return click.option(
        "--counter",
        callback=_keep_counter,
        expose_value=False,
        default=None,
        metavar="ID",
        help="Which counter of the settings' [counters.ID] (default: $POSTTERM_COUNTER, "
        "else the one whose ssh_users holds the log-in name).",
    )(function)


def _keep_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[_LANG_KEY] = value


def lang_option(function: F) -> F:
    """Adds `--lang hi|en`: the language of the verb's text output (default: `ui.language`,
    or $POSTTERM_UI__LANGUAGE). `settings_from` applies it; `--json` stays English."""
    return click.option(
        "--lang",
        type=click.Choice(["hi", "en"]),
        callback=_keep_lang,
        expose_value=False,
        default=None,
        help="Language of the text output: hi or en (default: ui.language). "
        "JSON output stays English.",
    )(function)


def config_option(function: F) -> F:
    """Adds `--config PATH` (default: $POSTTERM_CONFIG, else built-in defaults) and
    `--counter ID`."""
    return counter_option(
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path),
            default=None,
            help="Settings file (TOML), or a directory of them (read in name order). "
            "Default: $POSTTERM_CONFIG, else built-in defaults.",
        )(function)
    )


def login_account() -> str:
    """The account this process runs for (sshd sets LOGNAME and USER to the log-in name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def asked_counter() -> str | None:
    """The counter `--counter` named, else $POSTTERM_COUNTER."""
    context = click.get_current_context(silent=True)
    asked = context.meta.get(_COUNTER_KEY) if context is not None else None
    return asked if isinstance(asked, str) else (os.environ.get("POSTTERM_COUNTER") or None)


def choose_counter(settings: Settings, asked: str | None, account: str) -> Settings:
    """`settings` for the counter asked for, else for the one `account` logs in to; as they
    are when the file describes no counters. ConfigError naming the counter that is not
    there, or the choice that must be made."""
    where = "--counter" if asked is not None else ""
    if asked is not None:
        if asked not in settings.counters:
            known = ", ".join(settings.counters) or "none"
            raise ConfigError(f"{where}: no counter {asked!r} in the settings (counters: {known})")
        return settings.for_counter(asked)
    chosen = settings.counter_of_account(account)
    return settings.for_counter(chosen) if chosen is not None else settings


def settings_from(config_path: Path | None, *, as_json: bool) -> Settings:
    """Load settings or leave with one line naming the file, line and key (exit 2); with
    `[counters.*]`, the settings of the counter chosen (`--counter` or the log-in name)."""
    if config_path is None and os.environ.get("POSTTERM_CONFIG"):
        config_path = Path(os.environ["POSTTERM_CONFIG"])
    try:
        settings = choose_counter(load_settings(config_path), asked_counter(), login_account())
    except ConfigError as exc:
        fail(said_of(exc), as_json=as_json)
    from postterm.i18n.catalogs import language_named, set_language

    context = click.get_current_context(silent=True)
    asked = context.meta.get(_LANG_KEY) if context is not None else None
    # the messages for people from here on: --lang, else the settings' language
    set_language(language_named(asked) if isinstance(asked, str) else settings.ui.language)
    return settings
