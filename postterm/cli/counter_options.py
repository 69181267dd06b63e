"""Options and openers shared by the verbs that act on a counter's data directory."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from postterm.cli.output import BadInput, fail
from postterm.config import Settings
from postterm.i18n.said import Said
from postterm.store.local_state import Enrolment

F = TypeVar("F", bound=Callable[..., Any])


def data_dir_option(function: F) -> F:
    """Adds `--data-dir` (default: settings' data.dir, else the user data directory)."""
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The counter's data directory (several counters can share one machine).",
    )(function)


def resolve_data_dir(data_dir: Path | None, settings: Settings) -> Path:
    """The data directory from --data-dir, else settings' data.dir (the chosen counter's
    data_dir), else the user's; BadInput (exit 2) when it, or a folder above it, is a file,
    or when the settings describe several counters and none was chosen."""
    if data_dir is None and settings.counters and settings.counter.profile is None:
        from postterm.cli.settings_option import login_account

        raise BadInput(
            Said(
                "--counter: the settings describe counters {names} and account "
                "{login_account!r} is none of their ssh_users: choose one with --counter",
                names=", ".join(settings.counters),
                login_account=login_account(),
            )
        )
    if data_dir is not None:
        folder, given = data_dir, "--data-dir"
    elif settings.data.dir is not None:
        folder, given = settings.data.dir.expanduser(), "data.dir"
    else:
        from platformdirs import user_data_dir

        folder, given = Path(user_data_dir("postterm", appauthor=False)), "data directory"
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                where = "" if place == folder else f" (inside {place})"
                raise BadInput(
                    Said(
                        "{given}: data directory {folder}{where}: {place} is a file, not a "
                        "directory: give a directory",
                        given=given,
                        folder=folder,
                        where=where,
                        place=place,
                    )
                )
            break
    return folder


def read_pin(pin_stdin: bool, *, as_json: bool, prompt: str = "PIN: ") -> str:
    """A PIN from one line of stdin (`--pin-stdin`) or a hidden prompt on a terminal."""
    if pin_stdin:
        pin = sys.stdin.readline().strip()
    elif sys.stdin.isatty():
        pin = getpass.getpass(prompt)
    else:
        fail(Said("--pin-stdin: give the PIN on stdin with --pin-stdin"), as_json=as_json)
    if not pin:
        fail(Said("PIN: no PIN given"), as_json=as_json)
    return pin


def read_pins(pin_stdin: bool, people: list[str], *, as_json: bool) -> list[str]:
    """One PIN per person, in order: lines of stdin, or hidden prompts on a terminal."""
    if not pin_stdin and not sys.stdin.isatty():
        fail(
            Said("--pin-stdin: give the PINs on stdin with --pin-stdin, one line each"),
            as_json=as_json,
        )
    pins = []
    for person in people:
        pin = sys.stdin.readline().strip() if pin_stdin else getpass.getpass(f"PIN for {person}: ")
        if not pin:
            fail(Said("PIN: no PIN given for {person}", person=person), as_json=as_json)
        pins.append(pin)
    return pins


@dataclass(frozen=True)
class EnrolledCounter:
    settings: Settings
    folder: Path
    enrolment: Enrolment


def enrolled_counter(
    data_dir: Path | None, config_path: Path | None, *, as_json: bool
) -> EnrolledCounter:
    """Settings, data directory and enrolment of the counter a verb acts on, or one line
    saying to enrol it (exit 2)."""
    from postterm.cli.settings_option import settings_from
    from postterm.store.local_state import load_enrolment

    settings = settings_from(config_path, as_json=as_json)
    folder = resolve_data_dir(data_dir, settings)
    enrolment = load_enrolment(folder)
    if enrolment is None:
        fail(
            Said("this counter is not enrolled ({folder}): run postterm enroll", folder=folder),
            as_json=as_json,
        )
    return EnrolledCounter(settings, folder, enrolment)
