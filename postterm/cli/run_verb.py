"""`postterm run` (the counter from settings) and `postterm demo` (a whole demo world)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from postterm.cli.counter_options import data_dir_option, resolve_data_dir
from postterm.cli.output import EXIT_NEGATIVE, fail
from postterm.cli.settings_option import config_option, settings_from
from postterm.i18n.catalogs import _
from postterm.i18n.said import Said, said_of

if TYPE_CHECKING:
    from postterm.counter.station import Station
    from postterm.tui.screens.simulator import SimulatorControls


@click.command()
@data_dir_option
@config_option
def run(data_dir: Path | None, config_path: Path | None) -> None:
    """Start the counter screen from settings (devices by URL, central URL, data dir)."""
    from postterm.config import ConfigError
    from postterm.counter.counter import Counter, CounterNotReady, StorageRefused
    from postterm.counter.station import Station
    from postterm.devices.counter_devices import CounterDevices
    from postterm.store.local_state import load_token
    from postterm.store.writer_lock import WriterBusy
    from postterm.sync.client import CentralClient

    settings = settings_from(config_path, as_json=False)
    _check_keys(settings.keys)
    folder = resolve_data_dir(data_dir, settings)
    try:
        counter = Counter(folder, settings, session=True)
    except StorageRefused as exc:
        fail(exc.reason, as_json=False, code=EXIT_NEGATIVE)
    except (CounterNotReady, ConfigError) as exc:
        fail(said_of(exc), as_json=False)
    except WriterBusy as exc:
        fail(said_of(exc), as_json=False, code=EXIT_NEGATIVE)
    devices = CounterDevices.open(settings.devices)
    client = CentralClient(
        counter.enrolment.central_url, load_token(folder), timeout_s=settings.central.timeout_s
    )
    _run_app(Station(counter, devices=devices, client=client), hint="")


@click.command()
@click.option(
    "--dir",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="where the demo keeps its files; a demo's directory again resumes it "
    "(default: a fresh temporary directory)",
)
@config_option
def demo(root: Path | None, config_path: Path | None) -> None:
    """A complete counter with no configuration: central, simulated devices, demo clerk.
    Settings (session, devices, keys, [demo]) are read as `postterm run` reads them; the
    office and the central are the demo's."""
    from postterm.demo.world import DemoWorld, is_demo_dir

    settings = settings_from(config_path, as_json=False)
    _check_keys(settings.keys)
    if root is not None and root.exists() and any(root.iterdir()) and not is_demo_dir(root):
        fail(
            Said(
                "--dir: {root} holds files but no demo: give an empty directory or a demo's",
                root=root,
            ),
            as_json=False,
        )
    begun = DemoWorld.begin(root, settings)  # the central starts in its own process meanwhile
    import postterm.tui.app  # noqa: F401  (imported while the central starts)
    from postterm.store.writer_lock import WriterBusy

    try:
        world = DemoWorld.finish(begun)
    except WriterBusy as exc:  # this demo directory is open in another window
        begun[1].stop()
        fail(said_of(exc), as_json=False, code=EXIT_NEGATIVE)
    try:
        _run_app(world.station, hint=world.hint(), simulators=world)
    finally:
        world.close()
    with contextlib.suppress(OSError):  # the terminal may have hung up meanwhile
        click.echo(
            _("demo files kept in {root} (receipts: {printed_path})").format(
                root=world.root, printed_path=world.printed_path
            )
        )
    _end_process()


def _run_app(station: Station, *, hint: str, simulators: SimulatorControls | None = None) -> None:
    from postterm.tui.app import CounterApp

    CounterApp(station, hint=hint, simulators=simulators).run(mouse=False)
    if simulators is None:  # the demo first closes its world
        _end_process()


def _check_keys(rebound: dict[str, str]) -> None:
    """The [keys] settings against the screens' bindings, before anything opens: a bad key
    name, an unknown id or a clash is one line naming the setting."""
    if not rebound:
        return
    from postterm.tui.keymap import Keymap, KeymapRefused

    try:
        Keymap.from_settings(rebound)
    except KeymapRefused as exc:
        fail(str(exc), as_json=False)


def _end_process() -> None:
    from postterm.tui.hangup import end_process

    end_process()
