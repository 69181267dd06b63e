"""The weight typed by hand when the scale is dead; a supervisor approves it next."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.i18n.catalogs import N_, _
from postterm.tui.screens.base import CounterPanel
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine


class TypedWeightScreen(CounterPanel[int | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="typed_weight.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static(_("Typed weight (the scale is dead)"), classes="title")
            with Horizontal(classes="row"):
                yield Static(_("Weight g"), classes="label")
                yield Field(id="typed-grams", max_length=6, placeholder=_("whole grams"))
            yield MessageLine(id="typed-message")
            yield Static(
                self.hints(
                    [("Enter", N_("ask a supervisor")), ("typed_weight.cancel", N_("cancel"))]
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#typed-grams", Input).focus()

    @on(Input.Submitted, "#typed-grams")
    def submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text.isdigit() or int(text) < 1:
            self.say(_("weight: give whole grams, like 1250"), "error")
            return
        self.dismiss(int(text))

    def action_cancel(self) -> None:
        self.dismiss(None)
