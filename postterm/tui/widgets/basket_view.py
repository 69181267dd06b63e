"""The booking screen's basket: one line per article (its id, PIN, chargeable weight,
addressee and price), the count and the total and cash due; the last six lines shown."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from postterm.core.money import format_screen
from postterm.counter.basket_draft import BasketDraft
from postterm.i18n.catalogs import _
from postterm.i18n.width import fit

SHOWN = 6


def basket_lines(draft: BasketDraft, add_key: str, pay_key: str) -> list[str]:
    lines = [
        f"{n:>2} {a.request.article_id} {a.request.to_pin} "
        f"{a.quote.chargeable_grams:>6} g {fit(a.request.addressee.name, 24)}"
        f"{format_screen(a.quote.total_paise):>11}"
        for n, a in enumerate(draft.articles, start=1)
    ]
    if draft.articles:
        cash = draft.cash()
        count = len(draft.articles)
        lines.append(
            "   "
            + _("{count} article(s)").format(count=count)
            + "   "
            + _("total {amount}").format(amount=format_screen(cash.total_paise))
            + "   "
            + _("cash {amount}").format(amount=format_screen(cash.due_paise))
        )
    else:
        lines.append(
            "   "
            + _("basket empty: add articles with {add}, then pay with {pay}").format(
                add=add_key, pay=pay_key
            )
        )
    return lines


class BasketView(Static):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(**kwargs)

    def show(self, draft: BasketDraft, add_key: str, pay_key: str) -> None:
        self.update("\n".join(basket_lines(draft, add_key, pay_key)[-SHOWN:]))
