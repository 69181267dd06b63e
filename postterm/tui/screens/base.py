"""The one base of the counter's screens and panels: one way to say a message, one busy
guard, one way to run a clerk's task, and the keys in force.

`run` runs `job` in a thread worker, so nothing blocking runs on the app's thread. It ends in
one of three ways, each delivered on the app's thread to the screen that started it (and to
no screen that has gone since):
- done(result);
- refused(Refusal): the counter's own refusal, with the field it is about; by default said
  on the message line, the focus on that field's input (`FOCUS_ON_REFUSAL`);
- a fault, any other exception (a locked or failing database, a printer I/O error, a
  garbled reply from the central): the traceback in `<data-dir>/postterm.log`, one line on
  the screen (`failed(line)`), and nothing else changes: the app, the clerk's session and
  the basket stay as they were, so the clerk tries again once the cause is gone.
While a task runs the screen is `busy`, and keys typed after the one that started it wait
(type-ahead): they go where they would have gone typed slowly. A look-up as the clerk types
(`lookup=True`) holds no keys and is not busy; only the newest one's answer is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.worker import Worker

from postterm.counter.refusal import REFUSALS, Refusal, refusal_of
from postterm.i18n.catalogs import _
from postterm.i18n.said import spoken
from postterm.tui.fault_log import LOG, report_fault
from postterm.tui.keymap import Keymap, bind_keys, keymap_of

R = TypeVar("R")
T = TypeVar("T")
Hint = tuple[str, str]  # (binding id, or a key no binding owns such as "Enter"; what it does)


class CounterWork(Screen[R], Generic[R]):
    # the field a refusal names -> the input at fault, where the focus goes
    FOCUS_ON_REFUSAL: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.busy = False
        self.keymap: Keymap = keymap_of(self)
        bind_keys(self, self.keymap)
        self._lookups: dict[str, int] = {}

    # -- saying ---------------------------------------------------------------------------

    def say(self, text: str, kind: str = "") -> None:
        """The screen's message line (a bell where it has none); a `Said` text is said in
        the language of the screens."""
        from postterm.tui.widgets.message_line import MessageLine

        try:
            self.query(MessageLine).first().say(spoken(text), kind)
        except NoMatches:
            self.app.bell()

    def refuse(self, refusal: Refusal) -> None:
        """A refusal: said, and the focus on the input of the field it is about."""
        self.say(refusal.line, "error")
        target = self.FOCUS_ON_REFUSAL.get(refusal.field)
        if target is not None:
            self.query_one(f"#{target}", Input).focus()

    def hints(self, items: Sequence[Hint], sep: str = ": ", gap: str = "   ") -> str:
        """The key hint line from the keys in force: ("booking.pay", "pay") -> "F5: pay".
        What a key does is given marked (`N_`) and said here in the screens' language."""
        return gap.join(
            f"{self.keymap.first_key(key) if '.' in key else key}{sep}{_(what)}"
            for key, what in items
        )

    # -- working --------------------------------------------------------------------------

    def run(
        self,
        what: str,
        job: Callable[[], T],
        done: Callable[[T], object],
        *,
        refused: Callable[[Refusal], object] | None = None,
        failed: Callable[[str], object] | None = None,
        lookup: bool = False,
    ) -> Worker[None]:
        """Run `job` off the app's thread; then `done(result)`, `refused(refusal)` or
        `failed(line)` on the app's thread. `what` names the task for the clerk ("settle",
        "log in") and for the log."""
        app = self.app
        generation = self._lookups[what] = self._lookups.get(what, 0) + 1

        def deliver(callback: Callable[[Any], object], value: Any) -> None:
            def on_screen() -> None:
                if lookup and self._lookups.get(what) != generation:
                    return  # a newer look-up is on its way
                if not lookup:
                    self.busy = False
                if not self.is_attached:
                    LOG.info("%s ended after its screen closed: %r", what, value)
                    return
                try:
                    callback(value)
                except Exception as exc:  # a fault in what the task's ending does: same rule
                    self.say(report_fault(what, exc), "error")

            try:
                app.call_from_thread(on_screen)
            except RuntimeError:  # the app has stopped: nobody is left to tell
                LOG.info("%s ended after the app stopped: %r", what, value)

        def work() -> None:
            try:
                result = job()
            except REFUSALS as exc:
                deliver(refused or self.refuse, refusal_of(exc))
                return
            except Exception as exc:
                line = report_fault(what, exc)
                deliver(failed or (lambda text: self.say(text, "error")), line)
                return
            deliver(done, result)

        if not lookup:
            self.busy = True
        worker: Worker[None] = self.run_worker(
            work, name=what, group=what, thread=True, exclusive=not lookup, exit_on_error=False
        )
        key_order = getattr(app, "key_order", None)
        if key_order is not None and not lookup:
            key_order.hold_for(worker)
        return worker


class CounterScreen(CounterWork[R], Generic[R]):
    """A full counter screen."""


class CounterPanel(ModalScreen[R], CounterWork[R], Generic[R]):
    """A panel over a counter screen (approval, lock, help, a question)."""
