"""The booking screen's right column: the live quote for the article being entered (band,
distance, chargeable weight, each line, GST and total), or why there is none yet."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from postterm.core.money import format_screen
from postterm.core.tariff import Quote
from postterm.i18n.catalogs import _
from postterm.i18n.width import cells, ljust


def quote_lines(quote: Quote) -> str:
    rows = [
        f"{_(quote.band.label)}, {quote.route.distance_km:.0f} km"
        + (" " + _("(local)") if quote.route.local else ""),
        _("chargeable {grams} g").format(grams=quote.chargeable_grams)
        + (
            " " + _("(vol. {grams} g)").format(grams=quote.volumetric_grams)
            if quote.volumetric_grams
            else ""
        ),
    ]
    for ln in quote.lines:  # a long label wraps above its amount, never cut
        label = wrapped(_line_label(ln.code, ln.label), 33) or [""]
        if cells(label[-1]) > 22:
            label.append("")
        rows += label[:-1]
        rows.append(f"{ljust(label[-1], 22)}{format_screen(ln.paise):>11}")
    half = f"{quote.gst.half_rate_bp / 100:g}%"
    rows.append(f"{'CGST ' + half:<22}{format_screen(quote.gst.cgst_paise):>11}")
    rows.append(f"{'SGST ' + half:<22}{format_screen(quote.gst.sgst_paise):>11}")
    rows.append(ljust(_("Total"), 22) + f"{format_screen(quote.total_paise):>11}")
    if not quote.confirmed:
        rows.append(_("TARIFF UNCONFIRMED"))
    return "\n".join(rows)


def _line_label(code: str, label: str) -> str:
    """A tariff line's label as the clerk reads it: the base line says its slab ("Tariff
    51-250 g"), whose word is said in the screens' language; an add-on by its own name."""
    if code == "base" and label.startswith("Tariff "):
        return _("Tariff") + label[len("Tariff") :]
    return _(label)


def wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and cells(lines[-1]) + 1 + cells(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class QuotePanel(Static):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(**kwargs)

    def show_quote(self, quote: Quote) -> None:
        self.update(quote_lines(quote))

    def waiting(self, text: str) -> None:
        """No quote yet: what it waits for ("type the destination PIN"), or a refusal."""
        self.update(text)
