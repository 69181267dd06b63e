"""The demo's simulator panel (F9): drive the simulated scale, scanner, printer, central and
UPI payer, as a trainer would, without leaving the counter screen."""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.tui.screens.base import CounterPanel
from postterm.tui.widgets.field import Field


class SimulatorControls(Protocol):
    def set_weight(self, grams: int) -> None: ...

    def toggle_motion(self) -> bool: ...

    def scan(self, code: str) -> None: ...

    def toggle_paper(self) -> bool: ...

    def toggle_central(self) -> bool: ...

    def pay_pending_upi(self) -> str: ...


class SimulatorScreen(CounterPanel[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f9", "close", N_("Close the panel"), id="sim.close"),
        Binding("f5", "motion", N_("Scale: unstable / stable"), id="sim.motion"),
        Binding("f6", "paper", N_("Printer: out of paper / ok"), id="sim.paper"),
        Binding("f7", "central", N_("Central: offline / online"), id="sim.central"),
        Binding("f8", "pay", N_("Pay the pending UPI request"), id="sim.pay"),
    ]

    def __init__(self, controls: SimulatorControls) -> None:
        super().__init__()
        self.controls = controls

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static(_("Demo simulators"), classes="title")
            with Horizontal(classes="row"):
                yield Static(_("Weight g"), classes="label")
                yield Field(id="weight", max_length=6, placeholder=_("e.g. 1250"))
            with Horizontal(classes="row"):
                yield Static(_("Scan"), classes="label")
                yield Field(id="scan", max_length=20, placeholder=_("article id"))
            key = self.keymap.first_key
            yield Static(
                _(
                    "\n{motion} scale unstable/stable   {paper} printer paper out/ok\n"
                    "{central} central offline/online  {pay} pay pending UPI\n{close} close"
                ).format(
                    motion=key("sim.motion"),
                    paper=key("sim.paper"),
                    central=key("sim.central"),
                    pay=key("sim.pay"),
                    close=key("sim.close"),
                )
            )
            yield Static(id="sim-message")

    def on_mount(self) -> None:
        self.query_one("#weight", Input).focus()

    def note(self, text: str) -> None:
        self.query_one("#sim-message", Static).update(text)

    @on(Input.Submitted, "#weight")
    def weight(self, event: Input.Submitted) -> None:
        if not event.value.strip().isdigit():
            self.note(_("weight: give whole grams, like 1250"))
            return
        self.controls.set_weight(int(event.value))
        self.note(_("scale: {grams} g on the platter").format(grams=int(event.value)))

    @on(Input.Submitted, "#scan")
    def scan(self, event: Input.Submitted) -> None:
        self.controls.scan(event.value.strip())
        self.dismiss(None)

    def action_motion(self) -> None:
        self.note(_("scale: in motion") if self.controls.toggle_motion() else _("scale: stable"))

    def action_paper(self) -> None:
        self.note(
            _("printer: out of paper") if self.controls.toggle_paper() else _("printer: paper ok")
        )

    def action_central(self) -> None:
        self.note(_("central: offline") if self.controls.toggle_central() else _("central: online"))

    def action_pay(self) -> None:
        self.note(spoken(self.controls.pay_pending_upi()))

    def action_close(self) -> None:
        self.dismiss(None)
