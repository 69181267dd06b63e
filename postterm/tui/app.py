"""The counter's Textual app: login -> day-begin -> booking -> payment, keyboard only.

Terminal manners: ANSI theme (16 colours), no mouse needed, no cursor blink, nothing written
while idle (status and weight are redrawn only when they change), F-keys with Alt
alternatives, every binding with an id so a site can rebind it (`[keys]`, tui/keymap.py).
"""

from __future__ import annotations

import os
import time
from typing import ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input

from postterm.counter.station import Station
from postterm.i18n.catalogs import N_, Language, _, set_language
from postterm.i18n.terminal import screen_language
from postterm.tui.cell_widths import measure_as_terminals_draw
from postterm.tui.fault_log import close_fault_log, open_fault_log, report_fault
from postterm.tui.key_order import KeyOrder
from postterm.tui.keymap import Keymap, bind_keys, keys_of
from postterm.tui.messages import DayClosed, DayOpened, LoggedIn, StatusChanged
from postterm.tui.screens.base import CounterWork
from postterm.tui.screens.booking import BookingScreen
from postterm.tui.screens.confirm import ConfirmScreen
from postterm.tui.screens.day_begin import DayBeginScreen
from postterm.tui.screens.help import HelpScreen
from postterm.tui.screens.lock import LockScreen
from postterm.tui.screens.login import LoginScreen
from postterm.tui.screens.simulator import SimulatorControls, SimulatorScreen
from postterm.tui.terminal_print import TerminalPrinter
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.status_bar import StatusBar

PRINTER_CHECK_S = 15
WEDGE_CODE_S = 2.0  # a wedge scanner types its code and Enter within this after the prefix


class CounterApp(App[None]):
    CSS_PATH = "postterm.tcss"
    TITLE = "postterm"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,alt+h", "help", N_("Help"), id="app.help"),
        Binding("f9,alt+m", "simulator", N_("Demo simulators"), id="app.simulator"),
        Binding("f10,alt+l", "logout", N_("Log out"), id="app.logout"),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
    ]

    def __init__(
        self, station: Station, *, hint: str = "", simulators: SimulatorControls | None = None
    ) -> None:
        measure_as_terminals_draw()  # Hindi labels take the cells the terminal gives them
        super().__init__(ansi_color=True)
        self.keymap = Keymap.from_settings(station.settings.keys)  # KeymapRefused: one line
        bind_keys(self, self.keymap)
        self.station = station
        self.hint = hint
        self.simulators = simulators
        self.theme = "ansi-dark"
        self.last_key = time.monotonic()
        self.idle_timer: Timer | None = None
        self.key_order = KeyOrder(self, self._dispatch_key)
        self.faults: set[str] = set()  # watchers whose fault has been said
        self._wedge_code: list[str] | None = None  # a wedge scan's keys, after its prefix
        self._wedge_timer: Timer | None = None
        self.fallback_said = False  # "this terminal cannot show Hindi": said once

    def on_mount(self) -> None:
        self.cursor_blink = False
        self.fault_log = open_fault_log(self.station.data_dir)
        self.station.use_terminal(TerminalPrinter(self))
        self.station.start(on_sync_change=lambda _s: self.call_from_thread(self.refresh_status))
        notice = self.use_language(None)
        self.push_screen(LoginScreen(self.station, self.hint))
        if notice:
            self.call_after_refresh(self._say_in_front, notice, "")
        self.set_interval(1.0, self.refresh_status)
        self._watch_hangup()
        self.watch_scanner()
        self.watch_printer()
        self._arm_idle_lock(self.station.settings.session.idle_lock_s)

    def on_unmount(self) -> None:
        self.station.use_terminal(None)
        self.station.close()
        close_fault_log(self.fault_log)

    def _watch_hangup(self) -> None:
        """Leave when the terminal hangs up (a dropped SSH link): on SIGHUP, and by asking
        the terminal each second, for a process that was started with SIGHUP ignored."""
        import asyncio
        import contextlib
        import signal

        from postterm.tui.hangup import hung_up, terminal_fd

        if self.is_headless:
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        fd = terminal_fd()
        if fd is not None:
            self.set_interval(1.0, lambda: self.exit() if hung_up(fd) else None)

    # -- status ---------------------------------------------------------------------------

    def refresh_status(self) -> None:
        try:
            bar = self.screen.query_one(StatusBar)
        except Exception:
            return
        try:
            status = self.station.status()
        except Exception as exc:  # a failing database: said once, the bar keeps its last
            self.fault("status", exc)
            return
        self.faults.discard("status")
        bar.show(status)

    def fault(self, what: str, exc: BaseException) -> None:
        """A watcher's fault: logged and said on the screen in front once, until it clears."""
        if what in self.faults:
            return
        self.faults.add(what)
        self._say_in_front(report_fault(what, exc))

    def on_status_changed(self, _: StatusChanged) -> None:
        self.refresh_status()

    # -- the clerk's way through ----------------------------------------------------------

    def use_language(self, language: Language | None) -> str:
        """The screens in `language` (None: the counter's, `ui.language`), or in English on
        a terminal that cannot draw Hindi; the line saying so, the first time only."""
        shown = screen_language(language or self.station.settings.ui.language, os.environ)
        set_language(shown.language)
        if shown.notice and not self.fallback_said:
            self.fallback_said = True
            return _(shown.notice)
        return ""

    def on_logged_in(self, message: LoggedIn) -> None:
        notice = self.use_language(message.language)  # the clerk's own from here on
        self.switch_screen(
            BookingScreen(self.station) if message.day_open else DayBeginScreen(self.station)
        )
        for line in (notice, message.note):
            if line:
                self.call_after_refresh(self._say_in_front, line, "")

    def on_day_opened(self, _: DayOpened) -> None:
        self.switch_screen(BookingScreen(self.station))

    def on_day_closed(self, _: DayClosed) -> None:
        self._log_out()

    def action_logout(self) -> None:
        if not self._basket_in_hand(N_("log out")):
            self._log_out()

    async def action_quit(self) -> None:
        """Ctrl+Q: refused with articles in the basket, as F10 is."""
        if not self._basket_in_hand(N_("quit")):
            await super().action_quit()

    def _basket_in_hand(self, what: str) -> bool:
        """True (and said on the screen in front) when the basket holds articles."""
        booking = self._booking_screen()
        if booking is None or not booking.draft.articles:
            return False
        self._say_in_front(_("{what}: settle or clear the basket first").format(what=_(what)))
        return True

    def _say_in_front(self, line: str, kind: str = "error") -> None:
        """Said on the screen in front, whichever it is (one with no message line, such as
        the help, leaves it unsaid)."""
        if isinstance(self.screen, CounterWork) and self.screen.query(MessageLine):
            self.screen.say(line, kind)

    def _booking_screen(self) -> BookingScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, BookingScreen):
                return screen
        return None

    def _log_out(self) -> None:
        """Back to the login from wherever the clerk is (screens above are closed)."""
        self.station.logout()
        self.use_language(None)  # the counter's language again, for the next clerk
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(LoginScreen(self.station, self.hint))

    # -- the idle lock: one timer, pushed forward by every key; it draws nothing ----------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.last_key = time.monotonic()
            await self.key_order.key(event)  # in order, each where the keys before it led
            return
        await super().on_event(event)

    async def _dispatch_key(self, event: events.Key) -> None:
        if not (self._scanner_prefix(event) or self._wedge_key(event) or self._stray_alt(event)):
            await super().on_event(event)

    def _stray_alt(self, event: events.Key) -> bool:
        """An Alt key no binding in force takes: dropped, so a field does not type its
        letter (a terminal sends Alt+P as `alt+p` carrying "p")."""
        if not event.key.startswith("alt+") or not isinstance(self.focused, Input):
            return False
        if any(event.key in keys_of(b) for b in self.keymap.in_force(type(self.screen))):
            return False
        event.stop()
        return True

    def _scanner_prefix(self, event: events.Key) -> bool:
        """A keyboard-wedge scanner configured to send a prefix key (one clerks never type)
        before each code: the prefix clears and focuses the article field, and the keys up
        to the code's Enter are taken here as the scan, whatever field had the focus. Over
        SSH the prefix and the code arrive in one burst, before a focus change would have
        taken effect; and a burst split by the link is still one code."""
        scanner = self.station.settings.devices.scanner
        prefix = scanner.wedge_prefix_key if scanner is not None else ""
        if not prefix or event.key != prefix:
            return False
        booking = self._booking_screen()
        if booking is None or self.screen is not booking:
            return False
        event.stop()
        booking.expect_scan()
        self._wedge_code = []
        if self._wedge_timer is not None:
            self._wedge_timer.stop()
        self._wedge_timer = self.set_timer(WEDGE_CODE_S, self._wedge_unfinished)
        return True

    def _wedge_key(self, event: events.Key) -> bool:
        """A key of the code a wedge scanner types after its prefix: Enter (or Tab) ends
        it and the code is taken as a scan; any other non-printing key ends it too, leaving
        what came in the article field."""
        if self._wedge_code is None:
            return False
        booking = self._booking_screen()
        if booking is None or self.screen is not booking:
            self._wedge_code = None
            return False
        if event.key in ("enter", "tab"):
            code = "".join(self._wedge_code)
            self._end_wedge()
            event.stop()
            if code:
                booking.scanned(code)
            return True
        if event.is_printable and event.character:
            self._wedge_code.append(event.character)
            event.stop()
            return True
        self._wedge_unfinished()
        return False

    def _wedge_unfinished(self) -> None:
        """No Enter came: what the scanner typed stays in the article field, for the clerk."""
        code = "".join(self._wedge_code or [])
        self._end_wedge()
        booking = self._booking_screen()
        if code and booking is not None:
            booking.expect_scan()
            booking.query_one("#article", Input).value = code

    def _end_wedge(self) -> None:
        self._wedge_code = None
        if self._wedge_timer is not None:
            self._wedge_timer.stop()
            self._wedge_timer = None

    def _arm_idle_lock(self, seconds: float) -> None:
        if self.idle_timer is not None:
            self.idle_timer.stop()
            self.idle_timer = None
        if seconds > 0:
            self.idle_timer = self.set_timer(seconds, self._idle_check, name="idle-lock")

    def _idle_check(self) -> None:
        from postterm.tui.screens.payment import PaymentScreen

        self.idle_timer = None  # this one has fired: only the next is armed, none stopped
        idle_lock_s = self.station.settings.session.idle_lock_s
        if idle_lock_s <= 0:
            return
        left = self.last_key + idle_lock_s - time.monotonic()
        if left > 0.05:
            self._arm_idle_lock(left)
            return
        self._arm_idle_lock(idle_lock_s)
        clerk = self.station.clerk
        if clerk is None or any(isinstance(s, LockScreen) for s in self.screen_stack):
            return
        if isinstance(self.screen, PaymentScreen):
            return  # a customer paying (a UPI QR, a settle printing) is not left behind a lock
        self.push_screen(LockScreen(self.station, clerk))

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(self.keymap.bindings(type(self.screen)), self.keymap.bindings(CounterApp))
        )

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
            try:
                code = devices.wait_scan(0.5)
            except Exception as exc:
                self.call_from_thread(self.fault, "scanner", exc)
                time.sleep(1.0)
                continue
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
            try:
                devices.check_printer()
            except Exception as exc:
                self.call_from_thread(self.fault, "printer check", exc)
            else:
                self.faults.discard("printer check")
            self.call_from_thread(self.refresh_status)
            for _tick in range(PRINTER_CHECK_S * 10):
                if worker.is_cancelled:
                    return
                time.sleep(0.1)

    def scanned(self, code: str) -> None:
        """A scan goes to the screen in front when it takes article ids (booking, void,
        reprint, tracking); over help, the simulator panel or a question (left unanswered:
        nothing is removed), to the booking beneath; never into a login, an approval, the
        lock or day-end."""
        top = self.screen
        receiver = getattr(top, "scanned", None)
        if callable(receiver):
            receiver(code)
            return
        booking = self._booking_screen()
        if (
            isinstance(top, (HelpScreen, SimulatorScreen, ConfirmScreen))
            and booking is not None
            and self.screen_stack[-2] is booking
        ):
            self.pop_screen()
            booking.scanned(code)
