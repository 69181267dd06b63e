"""Guided setup: one form of answers, a key to probe the ports, a key to save and enrol.

The answers start from the flags and the existing settings file; the work is done by
`postterm.counter.setup`, the same code `postterm setup --non-interactive` runs.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from postterm.counter.setup import (
    SetupAnswers,
    SetupError,
    answers_with_defaults,
    look_up_office,
    probe_ports,
    run_setup,
)
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import said_of, spoken
from postterm.tui.keymap import Keymap, bind_keys, declared, key_display, keys_of
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.screen_foot import ScreenFoot

# (field id, label, SetupAnswers attribute)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("office", N_("Office PIN"), "office_pin"),
    ("counter", N_("Counter"), "counter_label"),
    ("name", N_("Name"), "counter_name"),
    ("central", N_("Central"), "central_url"),
    ("code", N_("Enrol code"), "code"),
    ("data", N_("Data dir"), "data_dir"),
    ("scale", N_("Scale"), "scale_url"),
    ("protocol", N_("Protocol"), "scale_protocol"),
    ("scanner", N_("Scanner"), "scanner_url"),
    ("printer", N_("Printer"), "printer_url"),
)


class SetupScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5,alt+p", "probe", N_("Probe ports"), id="setup.probe"),
        Binding("f2,alt+s", "save", N_("Save and enrol"), id="setup.save"),
    ]

    def __init__(self, answers: SetupAnswers) -> None:
        super().__init__()
        self.answers = answers_with_defaults(answers)
        # the Alt keys as priority bindings, so they reach the screen from a field
        bind_keys(self, Keymap.from_settings({}, owners=[SetupApp, SetupScreen]))

    def compose(self) -> ComposeResult:
        yield Static(f"postterm setup - {self.answers.config_out}", classes="title")
        with Vertical(classes="form"):
            for field_id, label, attribute in FIELDS:
                value = getattr(self.answers, attribute)
                with Horizontal(classes="row"):
                    yield Static(_(label), classes="label")
                    yield Field(
                        value="" if value is None else str(value),
                        id=field_id,
                        max_length=200,
                        password=field_id == "code",
                    )
        yield Static("", id="outcome")
        keys = {
            b.id: "/".join(key_display(k) for k in keys_of(b))
            for b in [*declared(SetupScreen), *declared(SetupApp)]
        }
        yield ScreenFoot(
            _("Enter: next   {probe}: probe   {save}: save and enrol   {quit}: quit").format(
                probe=keys["setup.probe"], save=keys["setup.save"], quit=keys["app.quit"]
            )
        )

    def on_mount(self) -> None:
        self.query_one("#office", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        ids = [f[0] for f in FIELDS]
        here = event.input.id or ""
        if here == "office":
            self.show_office(event.value.strip())
        if here in ids and ids.index(here) + 1 < len(ids):
            self.query_one(f"#{ids[ids.index(here) + 1]}", Input).focus()

    def show_office(self, pin: str) -> None:
        """The office's name, district and state as soon as its PIN is typed."""
        try:
            office = look_up_office(pin)
        except SetupError as exc:
            self.query_one(MessageLine).say(spoken(said_of(exc)), "error")
            return
        self.query_one(MessageLine).say(
            f"{office.pin} {office.name}, {office.district}, {office.state}", "ok"
        )

    def current(self) -> SetupAnswers:
        values: dict[str, object] = {}
        for field_id, _label, attribute in FIELDS:
            text = self.query_one(f"#{field_id}", Input).value.strip()
            if attribute == "data_dir":
                values[attribute] = Path(text) if text else None
            else:
                values[attribute] = text or None
        return replace(self.answers, **values)  # type: ignore[arg-type]

    def action_probe(self) -> None:
        self.query_one(MessageLine).say(_("probing ports ..."))
        self.probe(self.current())

    def action_save(self) -> None:
        self.query_one(MessageLine).say(_("checking, enrolling and saving ..."))
        self.save(self.current())

    @work(thread=True, exclusive=True, group="setup")
    def probe(self, answers: SetupAnswers) -> None:
        urls = [u for u in (answers.scale_url, answers.scanner_url, answers.printer_url) if u]
        printers = (answers.printer_url,) if answers.printer_url else ()
        results = probe_ports(urls, printer_urls=printers)
        lines = []
        for r in results:
            found = r.found or _("nothing")
            detail = r.reading or r.error
            tried = ", ".join(r.tried) or "-"
            lines.append(
                _("{url}: {found} {detail} (tried {tried})").format(
                    url=r.url, found=found, detail=detail, tried=tried
                )
            )
        scale = next(
            (r for r in results if r.url == answers.scale_url and r.found and r.found != "printer"),
            None,
        )
        self.app.call_from_thread(self.probed, lines, scale.found if scale else None)

    def probed(self, lines: list[str], protocol: str | None) -> None:
        if protocol:
            self.query_one("#protocol", Input).value = protocol
        self.query_one("#outcome", Static).update("\n".join(lines[-5:]) or _("no ports found"))
        self.query_one(MessageLine).say(_("probed {count} port(s)").format(count=len(lines)), "ok")

    @work(thread=True, exclusive=True, group="setup")
    def save(self, answers: SetupAnswers) -> None:
        try:
            report = run_setup(answers)
        except SetupError as exc:
            said = spoken(said_of(exc))
            self.app.call_from_thread(self.query_one(MessageLine).say, said, "error")
            return
        office = report.office
        lines = [
            f"{office.pin} {office.name}, {office.district}, {office.state}",
            _("central {url} API v{version}").format(
                url=report.central["url"], version=report.central["version"]
            ),
            _("terminal {terminal}").format(terminal=report.terminal or _("not enrolled")),
        ]
        for name, device in report.devices.items():
            lines.append(f"{name}: {device.get('reading') or device.get('status')}")
        self.app.call_from_thread(self.saved, lines, str(report.config))

    def saved(self, lines: list[str], where: str) -> None:
        self.query_one("#outcome", Static).update("\n".join(lines[:5]))
        self.query_one(MessageLine).say(_("saved {where}").format(where=where), "ok")


class SetupApp(App[None]):
    CSS_PATH = "../postterm.tcss"
    TITLE = "postterm setup"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", priority=True),
    ]

    def __init__(self, answers: SetupAnswers) -> None:
        super().__init__(ansi_color=True)
        self.answers = answers
        self.theme = "ansi-dark"

    def on_mount(self) -> None:
        self.cursor_blink = False
        self.push_screen(SetupScreen(self.answers))


def run_setup_app(answers: SetupAnswers) -> None:
    SetupApp(answers).run(mouse=False)
