"""Log in with clerk id and PIN, checked against the users the central sent (offline).
A first log-in with a one-time PIN then asks for the clerk's own PIN, twice."""

from __future__ import annotations

import os
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.counter.clerks import Clerk, NewPinNeeded
from postterm.counter.refusal import Refusal
from postterm.counter.station import Station
from postterm.i18n.catalogs import (
    N_,
    Language,
    UnknownLanguage,
    _,
    current_language,
    language_named,
    set_language,
)
from postterm.i18n.said import said_of, spoken
from postterm.i18n.terminal import screen_language
from postterm.tui.messages import LoggedIn
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

# the key names the language it switches to, in that language's own script
SWITCH_TO: dict[Language, Language] = {"en": "hi", "hi": "en"}
LANGUAGE_NAMES: dict[Language, str] = {"hi": "हिन्दी", "en": "English"}


Attempt = tuple[Clerk | NewPinNeeded, bool, Language | None, str]


def language_named_or_none(name: str | None) -> Language | None:
    try:
        return language_named(name) if name else None
    except UnknownLanguage:
        return None


def _switch_name() -> str:
    """The language the key switches to, named in its own script; on a terminal that cannot
    draw Devanagari, in Latin letters, so the console shows what the key is for."""
    other = SWITCH_TO[current_language()]
    if other == "hi" and screen_language("hi", os.environ).notice:
        return "Hindi"
    return LANGUAGE_NAMES[other]


class LoginScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f2,alt+i", "language", N_("Switch language (Hindi / English)"), id="login.language"
        ),
    ]

    def __init__(
        self,
        station: Station,
        hint: str = "",
        *,
        chosen: Language | None = None,
        clerk_id: str = "",
    ) -> None:
        super().__init__()
        self.station = station
        self.hint = hint
        self.chosen = chosen  # switched here: the clerk's own choice, kept with them
        self.clerk_id = clerk_id
        self.choosing_pin = False  # the one-time PIN was right: the clerk's own PIN is asked

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(_("postterm - counter login"), classes="title")
        with Vertical(classes="form"):
            with Horizontal(classes="row"):
                yield Static(_("Clerk id"), classes="label")
                yield Field(id="clerk", max_length=40)
            with Horizontal(classes="row"):
                yield Static(_("PIN"), classes="label")
                yield Field(id="pin", password=True, max_length=12)
            with Horizontal(classes="row new-pin"):
                yield Static(_("New PIN"), classes="label")
                yield Field(id="new-pin", password=True, max_length=12)
            with Horizontal(classes="row new-pin"):
                yield Static(_("Repeat PIN"), classes="label")
                yield Field(id="new-pin-again", password=True, max_length=12)
            yield Static(spoken(self.hint), id="hint")
        yield ScreenFoot(
            self.hints(
                [
                    ("Enter", N_("next / log in")),
                    ("login.language", _switch_name()),
                    ("app.help", N_("help")),
                    ("app.quit", N_("quit")),
                ]
            )
        )

    def on_mount(self) -> None:
        self.query(".new-pin").set(display=False)
        self.query_one("#clerk", Input).value = self.clerk_id
        self.query_one("#clerk", Input).focus()
        self.run(N_("central state"), self.station.central_refusal, self._central_said, lookup=True)

    def _central_said(self, refusal: str | None) -> None:
        if refusal:  # revoked or quarantined: say so, and whom to ask, before anyone types
            self.say(refusal, "error")

    @on(Input.Submitted, "#clerk")
    def next_field(self) -> None:
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def submit(self) -> None:
        if self.busy:
            return
        if self.choosing_pin:
            self.query_one("#new-pin", Input).focus()
            return
        self.log_in()

    @on(Input.Submitted, "#new-pin")
    def next_new_pin(self) -> None:
        self.query_one("#new-pin-again", Input).focus()

    @on(Input.Submitted, "#new-pin-again")
    def submit_new_pin(self) -> None:
        if self.busy:
            return
        self.log_in(
            (self.query_one("#new-pin", Input).value, self.query_one("#new-pin-again", Input).value)
        )

    def log_in(self, new_pin: tuple[str, str] | None = None) -> None:
        clerk_id = self.query_one("#clerk", Input).value.strip()
        pin = self.query_one("#pin", Input).value
        if not clerk_id:
            self.say(_("clerk id: is required"), "error")
            self.query_one("#clerk", Input).focus()
            return
        self.say(_("checking ..."))

        def attempt() -> Attempt:
            try:
                clerk = self.station.login(clerk_id, pin, new_pin)
            except NewPinNeeded as needed:
                return needed, False, None, ""
            note = ""
            if self.chosen is not None:  # switched here: the clerk's choice, kept with them
                note = spoken(self.station.keep_language(self.chosen) or "")
            language = self.chosen or language_named_or_none(clerk.language)
            return clerk, self.station.day_is_open(), language, note

        self.run(
            N_("log in"),
            attempt,
            self.answered,
            refused=self.refused_new_pin if new_pin else self.refused,
        )

    def answered(self, result: Attempt) -> None:
        outcome, day_open, language, note = result
        if isinstance(outcome, NewPinNeeded):  # the one-time PIN was right: choose one's own
            self.choosing_pin = True
            self.query(".new-pin").set(display=True)
            self.query_one("#clerk", Input).disabled = True
            self.query_one("#pin", Input).disabled = True
            self.query_one("#new-pin", Input).focus()
            self.say(spoken(said_of(outcome)))
            return
        self.post_message(LoggedIn(day_open, language, note))

    def action_language(self) -> None:
        """The other language, for this screen and, once logged in, for the clerk."""
        if self.busy or self.choosing_pin:
            return
        wanted = SWITCH_TO[current_language()]
        shown = screen_language(wanted, os.environ)
        if shown.notice:  # the terminal cannot draw Hindi: stay in English, and say why
            self.say(_(shown.notice), "error")
            return
        set_language(wanted)
        clerk_id = self.query_one("#clerk", Input).value
        self.app.switch_screen(
            LoginScreen(self.station, self.hint, chosen=wanted, clerk_id=clerk_id)
        )

    def refused(self, refusal: Refusal) -> None:
        pin = self.query_one("#pin", Input)
        pin.value = ""
        pin.focus()
        self.say(refusal.line, "error")

    def refused_new_pin(self, refusal: Refusal) -> None:
        for field in ("#new-pin", "#new-pin-again"):
            self.query_one(field, Input).value = ""
        self.query_one("#new-pin", Input).focus()
        self.say(refusal.line, "error")
