"""A yes/no question before something that cannot be taken back (removing a basket article).
Y answers yes; N or Esc no. Enter answers nothing, so a stray Enter removes nothing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from postterm.tui.screens.base import CounterPanel


class ConfirmScreen(CounterPanel[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yes = " or ".join(self.keymap.shown("confirm.yes"))
        no = " or ".join(self.keymap.shown("confirm.no"))
        yield Static(f"{self.question}\n\n  {yes}: yes    {no}: no", id="panel", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
