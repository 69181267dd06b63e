"""The demo's simulator panel (F9): drive the simulated scale, scanner, printer, central and
UPI payer, as a trainer would, without leaving the counter screen."""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

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
        Binding("escape,f9", "close", "Close the panel", id="sim.close"),
        Binding("f5", "motion", "Scale: unstable / stable", id="sim.motion"),
        Binding("f6", "paper", "Printer: out of paper / ok", id="sim.paper"),
        Binding("f7", "central", "Central: offline / online", id="sim.central"),
        Binding("f8", "pay", "Pay the pending UPI request", id="sim.pay"),
    ]

    def __init__(self, controls: SimulatorControls) -> None:
        super().__init__()
        self.controls = controls

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static("Demo simulators", classes="title")
            with Horizontal(classes="row"):
                yield Static("Weight g", classes="label")
                yield Field(id="weight", max_length=6, placeholder="e.g. 1250")
            with Horizontal(classes="row"):
                yield Static("Scan", classes="label")
                yield Field(id="scan", max_length=20, placeholder="article id")
            key = self.keymap.first_key
            yield Static(
                f"\n{key('sim.motion')} scale unstable/stable   "
                f"{key('sim.paper')} printer paper out/ok\n"
                f"{key('sim.central')} central offline/online  "
                f"{key('sim.pay')} pay pending UPI\n{key('sim.close')} close"
            )
            yield Static(id="sim-message")

    def on_mount(self) -> None:
        self.query_one("#weight", Input).focus()

    def note(self, text: str) -> None:
        self.query_one("#sim-message", Static).update(text)

    @on(Input.Submitted, "#weight")
    def weight(self, event: Input.Submitted) -> None:
        if not event.value.strip().isdigit():
            self.note("weight: give whole grams, like 1250")
            return
        self.controls.set_weight(int(event.value))
        self.note(f"scale: {int(event.value)} g on the platter")

    @on(Input.Submitted, "#scan")
    def scan(self, event: Input.Submitted) -> None:
        self.controls.scan(event.value.strip())
        self.dismiss(None)

    def action_motion(self) -> None:
        self.note("scale: " + ("in motion" if self.controls.toggle_motion() else "stable"))

    def action_paper(self) -> None:
        self.note("printer: " + ("out of paper" if self.controls.toggle_paper() else "paper ok"))

    def action_central(self) -> None:
        self.note("central: " + ("offline" if self.controls.toggle_central() else "online"))

    def action_pay(self) -> None:
        self.note(self.controls.pay_pending_upi())

    def action_close(self) -> None:
        self.dismiss(None)
