"""A yes/no question before something that cannot be taken back (removing a basket article).
Y answers yes; N or Esc no. Enter answers nothing, so a stray Enter removes nothing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.tui.screens.base import CounterPanel


class ConfirmScreen(CounterPanel[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        either = _(" or ")
        yes = either.join(self.keymap.shown("confirm.yes"))
        no = either.join(self.keymap.shown("confirm.no"))
        answers = _("{yes}: yes    {no}: no").format(yes=yes, no=no)
        yield Static(f"{spoken(self.question)}\n\n  {answers}", id="panel", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
