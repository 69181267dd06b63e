"""The `--config` option every verb that needs settings shares."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from postterm.cli.output import fail
from postterm.config import ConfigError, Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])


def config_option(function: F) -> F:
    """Adds `--config PATH` (default: $POSTTERM_CONFIG, else built-in defaults)."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Settings file (TOML). Default: $POSTTERM_CONFIG, else built-in defaults.",
    )(function)


def settings_from(config_path: Path | None, *, as_json: bool) -> Settings:
    """Load settings or leave with one line naming the file, line and key (exit 2)."""
    if config_path is None and os.environ.get("POSTTERM_CONFIG"):
        config_path = Path(os.environ["POSTTERM_CONFIG"])
    try:
        return load_settings(config_path)
    except ConfigError as exc:
        fail(str(exc), as_json=as_json)
