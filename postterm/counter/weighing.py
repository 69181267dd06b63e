"""Which weight a booking may use: the scale's stable reading of at least 1 g, or a weight
typed by hand, allowed only while the scale gives none (and a supervisor approves it)."""

from __future__ import annotations

from postterm.core.booking import BookingRefused
from postterm.devices.counter_devices import ScaleView
from postterm.i18n.said import Said


def stable_grams(view: ScaleView) -> int:
    """The scale's usable weight in grams, or BookingRefused saying why there is none."""
    if not view.usable or view.grams is None:
        raise BookingRefused(
            "weight", Said("no stable weight from the scale ({note})", note=view.note)
        )
    if view.grams < 1:
        raise BookingRefused("weight", Said("the scale reads 0 g: put the article on the scale"))
    return view.grams


def allow_typed_weight(view: ScaleView) -> None:
    """A weight may be typed (with a supervisor) only when the scale gives none."""
    if view.grams is not None:
        raise BookingRefused(
            "weight", Said("the scale answers ({grams} g): use the scale", grams=view.grams)
        )
