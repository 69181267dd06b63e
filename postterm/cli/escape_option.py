"""`--prefix` / `--suffix`: bytes a scanner sends around each code, written with escapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _checked(_: click.Context, parameter: click.Parameter, value: str) -> str:
    from postterm.config.escapes import EscapeError, escaped

    try:
        escaped(value)
    except EscapeError as exc:
        raise click.BadParameter(str(exc), param=parameter) from None
    return value


def framing_options(function: F) -> F:
    """Adds `--prefix` and `--suffix`, refused (exit 2) when an escape makes no bytes."""
    function = click.option(
        "--suffix",
        default="\\r",
        show_default=True,
        callback=_checked,
        help="bytes after each code",
    )(function)
    return click.option(
        "--prefix",
        default="",
        callback=_checked,
        help="bytes before each code (\\x02 style escapes)",
    )(function)
