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
ADDONS = (("registered", "Reg"), ("otp", "OTP"), ("pod", "POD"))
PLACE_WIDTH = 21  # what the form leaves beside To PIN


def whole_parts(place: str, width: int) -> str:
    """`Office, DISTRICT, STATE` cut to whole parts that fit `width`, never mid-word."""
    parts = place.split(", ")
    shown = parts[0][:width]
    for part in parts[1:]:
        if len(shown) + 2 + len(part) > width:
            break
        shown += ", " + part
    return shown


class ArticleForm(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def compose(self) -> ComposeResult:
        yield _row("Article", Field(id="article", max_length=20, placeholder="scan or type"))
        yield _row("Service", Static(id="service", classes="field"))
        yield _row("Weight", Static(id="weight", classes="field"))
        yield _row(
            "To PIN",
            Field(id="pin", max_length=6, classes="short", restrict=r"[0-9]*"),
            Static(id="place", classes="hint", markup=False),
        )
        yield _row("Name", Field(id="name", max_length=80))
        yield _row("Address", Field(id="address", max_length=200))
        yield _row("Mobile", Field(id="mobile", max_length=14))
        yield _row("Sender", Field(id="sender", max_length=80))
        yield _row("Snd mob.", Field(id="sender-mobile", max_length=14))
        yield _row("Size cm", Field(id="dims", max_length=20, placeholder="LxBxH parcels"))
        yield _row("Insure Rs", Field(id="insure", max_length=10))
        yield _row("Add-ons", Static(id="addons", classes="field", markup=False))

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def field(self, name: str) -> Input:
        return self.query_one(f"#{name}", Input)

    def show_service(
        self, service: str, addons: Mapping[str, bool], keys: Mapping[str, str]
    ) -> None:
        """The service and add-ons chosen, each with the key that changes it (`keys`, by
        "service" and add-on name)."""
        self.query_one("#service", Static).update(f"{SERVICE_NAMES[service]}  ({keys['service']})")
        for field in PARCEL_ONLY:  # Tab, like Enter, walks a document past them
            self.field(field).can_focus = service == PARCEL
        self.query_one("#addons", Static).update(
            "  ".join(
                f"[{'x' if addons[name] else ' '}] {label} {keys[name]}" for name, label in ADDONS
            )
        )

    def show_weight(self, view: ScaleView, typed: tuple[int, str] | None) -> None:
        widget = self.query_one("#weight", Static)
        if typed is not None:
            grams, supervisor = typed
            widget.update(f"{grams} g  TYPED, approved {supervisor}")
            widget.set_classes("field stable")
        elif view.grams is None:
            widget.update(f"-- ({view.note})")
        else:
            widget.update(f"{view.grams} g  {'STABLE' if view.usable else view.note.upper()}")
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


def _row(label: str, *widgets: Input | Static) -> Horizontal:
    for widget in widgets:
        if isinstance(widget, Input) and not widget.classes:
            widget.add_class("field")
    return Horizontal(Static(label, classes="label"), *widgets, classes="row")
