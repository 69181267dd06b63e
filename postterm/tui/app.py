"""The counter's Textual app: login -> day-begin -> booking -> payment, keyboard only.

Terminal manners: ANSI theme (16 colours), no mouse needed, no cursor blink, nothing written
while idle (status and weight are redrawn only when they change), F-keys with Alt
alternatives, every binding with an id so a site can rebind it.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from postterm.counter.station import Station
from postterm.tui.messages import DayOpened, LoggedIn, StatusChanged
from postterm.tui.screens.booking import BookingScreen
from postterm.tui.screens.day_begin import DayBeginScreen
from postterm.tui.screens.help import HelpScreen
from postterm.tui.screens.login import LoginScreen
from postterm.tui.screens.simulator import SimulatorControls, SimulatorScreen
from postterm.tui.widgets.status_bar import StatusBar

PRINTER_CHECK_S = 15


class CounterApp(App[None]):
    CSS_PATH = "postterm.tcss"
    TITLE = "postterm"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,alt+h", "help", "Help", id="app.help"),
        Binding("f9,alt+m", "simulator", "Demo simulators", id="app.simulator"),
        Binding("f10,alt+l", "logout", "Log out", id="app.logout"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, station: Station, *, hint: str = "",
                 simulators: SimulatorControls | None = None) -> None:
        super().__init__(ansi_color=True)
        self.station = station
        self.hint = hint
        self.simulators = simulators
        self.theme = "ansi-dark"

    def on_mount(self) -> None:
        self.cursor_blink = False
        self.station.start(on_sync_change=lambda _s: self.call_from_thread(self.refresh_status))
        self.push_screen(LoginScreen(self.station, self.hint))
        self.set_interval(1.0, self.refresh_status)
        self.watch_scanner()
        self.watch_printer()

    def on_unmount(self) -> None:
        self.station.close()

    # -- status ---------------------------------------------------------------------------

    def refresh_status(self) -> None:
        try:
            bar = self.screen.query_one(StatusBar)
        except Exception:
            return
        bar.show(self.station.status())

    def on_status_changed(self, _: StatusChanged) -> None:
        self.refresh_status()

    # -- the clerk's way through ----------------------------------------------------------

    def on_logged_in(self, _: LoggedIn) -> None:
        self.switch_screen(BookingScreen(self.station) if self.station.counter.day_is_open()
                           else DayBeginScreen(self.station))

    def on_day_opened(self, _: DayOpened) -> None:
        self.switch_screen(BookingScreen(self.station))

    def action_logout(self) -> None:
        if isinstance(self.screen, BookingScreen) and self.screen.draft.articles:
            self.screen.say("log out: settle or clear the basket first", "error")
            return
        self.station.logout()
        self.switch_screen(LoginScreen(self.station, self.hint))

    def action_help(self) -> None:
        screen_bindings = [b for _, b in self.screen._bindings]
        self.push_screen(HelpScreen(screen_bindings, list(self.BINDINGS)))  # type: ignore[arg-type]

    def action_simulator(self) -> None:
        if self.simulators is not None:
            self.push_screen(SimulatorScreen(self.simulators))

    # -- the scanner ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="scanner")
    def watch_scanner(self) -> None:
        from textual.worker import get_current_worker

        devices = self.station.devices
        worker = get_current_worker()
        while devices is not None and not worker.is_cancelled:
            code = devices.wait_scan(0.5)
            if code:
                self.call_from_thread(self.scanned, code)

    @work(thread=True, exclusive=True, group="printer")
    def watch_printer(self) -> None:
        """Ask the printer for its status now and then (DLE EOT), so the status bar shows
        paper out or cover open before the next receipt, not after it."""
        from textual.worker import get_current_worker

        devices = self.station.devices
        worker = get_current_worker()
        while devices is not None and not worker.is_cancelled:
            devices.check_printer()
            self.call_from_thread(self.refresh_status)
            for _ in range(PRINTER_CHECK_S * 10):
                if worker.is_cancelled:
                    return
                time.sleep(0.1)

    def scanned(self, code: str) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, BookingScreen):
                if self.screen is not screen:
                    self.pop_screen()
                screen.scanned(code)
                return
