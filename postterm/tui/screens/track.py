"""Tracking: an article id (typed or scanned) -> its events from the central (any office's
article) or, when the central does not answer, what this counter knows, said to be local."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.business_day import india_time_text
from postterm.counter.station import Station
from postterm.counter.tracking import EVENT_NAMES, SOURCE_NAMES, Timeline
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.i18n.width import fit, ljust
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

ROWS = 15
SOURCES = {"central": N_("CENTRAL"), "local only": N_("LOCAL ONLY")}


def _event(event: str) -> str:
    return _(EVENT_NAMES.get(event, event))


def timeline_lines(timeline: Timeline) -> str:
    source = _(SOURCES.get(timeline.source, timeline.source)) + (
        f" ({spoken(timeline.note)})" if timeline.note else ""
    )
    # a long note wraps, whole
    rows = [_("{article}  from {source}").format(article=timeline.article_id, source=source), ""]
    rows += [
        fit(
            f"  {india_time_text(e.at)}  {ljust(_event(e.event), 18)} {e.office}",
            78,
        ).rstrip()
        for e in timeline.events[-ROWS:]
    ]
    if not timeline.events:
        rows.append("  " + _("no events known"))
    return "\n".join(rows)


class TrackScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back to booking"), id="track.back"),
    ]

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(_("Track an article"), classes="title")
        with Vertical(classes="form"), Horizontal(classes="row"):
            yield Static(_("Article"), classes="label")
            yield Field(id="article", max_length=20, placeholder=_("scan or type"))
        yield Static(id="timeline", markup=False)
        yield ScreenFoot(
            self.hints([("Enter", N_("track")), ("track.back", N_("back to booking"))])
        )

    def on_mount(self) -> None:
        self.query_one("#article", Input).focus()

    def scanned(self, code: str) -> None:
        self.query_one("#article", Input).value = code
        self.look_up(code)

    @on(Input.Submitted, "#article")
    def submitted(self, event: Input.Submitted) -> None:
        self.look_up(event.value)

    def look_up(self, text: str) -> None:
        self.say(_("asking the central ..."))
        self.run(N_("track"), lambda: self.station.track(text), self._show)

    def _show(self, timeline: Timeline) -> None:
        self.query_one("#timeline", Static).update(timeline_lines(timeline))
        events = len(timeline.events)
        self.say(
            _("{article}: {count} event(s), {source}").format(
                article=timeline.article_id,
                count=events,
                source=_(SOURCE_NAMES.get(timeline.source, timeline.source)),
            ),
            "ok" if timeline.source == "central" else "",
        )

    def action_back(self) -> None:
        self.dismiss(None)
