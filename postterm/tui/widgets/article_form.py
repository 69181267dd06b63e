"""The booking screen's left column: one article as the clerk enters it. Article id,
service, weight (from the scale, or typed with a supervisor), destination PIN and its place,
addressee, sender, size (parcels only), insurance and add-ons. It shows and holds what was
typed; the booking screen asks the counter whether it is acceptable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from postterm.core.tariff import SERVICE_NAMES
from postterm.devices.counter_devices import ScaleView
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import spoken
from postterm.i18n.width import cells, fit
from postterm.tui.widgets.field import Field

FIELDS = (
    "article",
    "pin",
    "name",
    "address",
    "mobile",
    "sender",
    "sender-mobile",
    "dims",
    "insure",
)
PARCEL_ONLY = ("dims",)
PARCEL = "speedpost-parcel"
ADDONS = (("registered", N_("Reg")), ("otp", N_("OTP")), ("pod", N_("POD")))
SERVICES_SAID = (N_("Speed Post Document"), N_("Speed Post Parcel"))  # core's SERVICE_NAMES
# what the scale says (devices/counter_devices.py), said on the form in the screens' language
SCALE_NOTES = {
    "stable": N_("stable"),
    "in motion": N_("in motion"),
    "reading is stale": N_("reading is stale"),
    "no scale": N_("no scale"),
    "connected": N_("connected"),
    "disconnected": N_("disconnected"),
}
PLACE_WIDTH = 21  # what the form leaves beside To PIN


def whole_parts(place: str, width: int) -> str:
    """`Office, DISTRICT, STATE` cut to whole parts that fit `width`, never mid-word."""
    parts = place.split(", ")
    shown = fit(parts[0], width).rstrip()
    for part in parts[1:]:
        if cells(shown) + 2 + cells(part) > width:
            break
        shown += ", " + part
    return shown


class ArticleForm(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def compose(self) -> ComposeResult:
        yield _row(N_("Article"), Field(id="article", max_length=20, placeholder=_("scan or type")))
        yield _row(N_("Service"), Static(id="service", classes="field"))
        yield _row(N_("Weight"), Static(id="weight", classes="field"))
        yield _row(
            N_("To PIN"),
            Field(id="pin", max_length=6, classes="short", restrict=r"[0-9]*"),
            Static(id="place", classes="hint", markup=False),
        )
        yield _row(N_("Name"), Field(id="name", max_length=80))
        yield _row(N_("Address"), Field(id="address", max_length=200))
        yield _row(N_("Mobile"), Field(id="mobile", max_length=14))
        yield _row(N_("Sender"), Field(id="sender", max_length=80))
        yield _row(N_("Snd mob."), Field(id="sender-mobile", max_length=14))
        yield _row(N_("Size cm"), Field(id="dims", max_length=20, placeholder=_("LxBxH parcels")))
        yield _row(N_("Insure Rs"), Field(id="insure", max_length=10))
        yield _row(N_("Add-ons"), Static(id="addons", classes="field", markup=False))

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def field(self, name: str) -> Input:
        return self.query_one(f"#{name}", Input)

    def show_service(
        self, service: str, addons: Mapping[str, bool], keys: Mapping[str, str]
    ) -> None:
        """The service and add-ons chosen, each with the key that changes it (`keys`, by
        "service" and add-on name)."""
        name = _(SERVICE_NAMES[service])
        self.query_one("#service", Static).update(f"{name}  ({keys['service']})")
        for field in PARCEL_ONLY:  # Tab, like Enter, walks a document past them
            self.field(field).can_focus = service == PARCEL
        self.query_one("#addons", Static).update(
            "  ".join(
                f"[{'x' if addons[name] else ' '}] {_(label)} {keys[name]}"
                for name, label in ADDONS
            )
        )

    def show_weight(self, view: ScaleView, typed: tuple[int, str] | None) -> None:
        widget = self.query_one("#weight", Static)
        if typed is not None:
            grams, supervisor = typed
            widget.update(
                _("{grams} g  TYPED, approved {supervisor}").format(
                    grams=grams, supervisor=supervisor
                )
            )
            widget.set_classes("field stable")
        elif view.grams is None:
            widget.update(f"-- ({_note(view.note)})")
        else:
            said = _("STABLE") if view.usable else _note(view.note).upper()
            widget.update(f"{view.grams} g  {said}")
        widget.set_classes("field " + ("stable" if view.usable else "unstable"))

    def show_place(self, place: str, *, cut: bool = True) -> None:
        """The destination's place beside its PIN (whole parts that fit), or a reason."""
        self.query_one("#place", Static).update(whole_parts(place, PLACE_WIDTH) if cut else place)

    def clear(self) -> None:
        for field in FIELDS:
            self.field(field).value = ""
        self.show_place("")

    def following(self, field: str, service: str) -> str:
        """The field Enter moves to from `field` (a document skips the parcel-only ones)."""
        asked = [f for f in FIELDS if service == PARCEL or f not in PARCEL_ONLY]
        index = asked.index(field) if field in asked else -1
        return asked[index + 1] if 0 <= index < len(asked) - 1 else asked[0]


def _note(note: str) -> str:
    """The scale's word in the screens' language (a fault's own words as they are)."""
    return _(SCALE_NOTES[note]) if note in SCALE_NOTES else str(spoken(note))


def _row(label: str, *widgets: Input | Static) -> Horizontal:
    """A label (marked, said here) and its field."""
    for widget in widgets:
        if isinstance(widget, Input) and not widget.classes:
            widget.add_class("field")
    return Horizontal(Static(_(label), classes="label"), *widgets, classes="row")
