"""A supervisor's approval: id and PIN, checked by the counter (a clerk is refused, wrong
PINs count toward the supervisor's lockout). Void, reprint beyond the first, day-end and a
typed weight all ask through this one panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.counter.clerks import Clerk
from postterm.counter.refusal import Refusal
from postterm.counter.station import Station
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.i18n.width import fit
from postterm.tui.screens.base import CounterPanel, CounterWork
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine


class ApprovalScreen(CounterPanel[Clerk | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel the approval"), id="approval.cancel"),
    ]

    def __init__(self, station: Station, what: str) -> None:
        super().__init__()
        self.station = station
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static(
                fit(_("Supervisor approval: {what}").format(what=spoken(self.what)), 64).rstrip(),
                classes="title",
            )
            with Horizontal(classes="row"):
                yield Static(_("Supervisor"), classes="label")
                yield Field(id="supervisor", max_length=40)
            with Horizontal(classes="row"):
                yield Static(_("PIN"), classes="label")
                yield Field(id="supervisor-pin", password=True, max_length=12)
            yield MessageLine(id="approval-message")
            yield Static(
                self.hints([("Enter", N_("approve")), ("approval.cancel", N_("cancel"))]),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#supervisor", Input).focus()

    @on(Input.Submitted, "#supervisor")
    def next_field(self) -> None:
        self.query_one("#supervisor-pin", Input).focus()

    @on(Input.Submitted, "#supervisor-pin")
    def submit(self) -> None:
        if self.busy:
            return
        supervisor_id = self.query_one("#supervisor", Input).value.strip()
        if not supervisor_id:
            self.say(_("supervisor: is required"), "error")
            self.query_one("#supervisor", Input).focus()
            return
        self.say(_("checking ..."))
        pin = self.query_one("#supervisor-pin", Input).value
        self.run(
            N_("approval"),
            lambda: self.station.approve(supervisor_id, pin),
            self.dismiss,
            refused=self.refused,
            failed=self.failed,
        )

    def refused(self, refusal: Refusal) -> None:
        self.failed(_("supervisor: {reason}").format(reason=spoken(refusal.line)))

    def failed(self, line: str) -> None:
        pin = self.query_one("#supervisor-pin", Input)
        pin.value = ""
        pin.focus()
        self.say(line, "error")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


def ask_supervisor(
    screen: CounterWork[Any],
    station: Station,
    what: str,
    then: Callable[[Clerk], None],
    cancelled: Callable[[], None],
) -> None:
    """Push the approval panel over `screen`; `then(supervisor)` once approved."""

    def done(supervisor: Clerk | None) -> None:
        if supervisor is None:
            cancelled()
        else:
            then(supervisor)

    screen.app.push_screen(ApprovalScreen(station, what), done)
