"""Articles and baskets as a clerk would fill them in, with one field changed at will."""

from __future__ import annotations

from postterm.core.booking import ArticleRequest, Basket, CashPayment, Party
from postterm.core.s10 import make


def article(serial: str = "12345678", **changes: object) -> ArticleRequest:
    fields: dict[str, object] = {
        "article_id": make("EE", serial),
        "service": "speedpost-document",
        "weight_grams": 40,
        "weight_source": "scale",
        "to_pin": "110001",
        "addressee": Party("Meera Sharma", "12 Janpath, New Delhi", "9876543210"),
        "sender": Party("R. Gupta", "", "9123456780"),
    }
    fields.update(changes)
    return ArticleRequest(**fields)  # type: ignore[arg-type]


def cash_basket(*articles: ArticleRequest, tendered_rupees: int = 500, key: str = "b1") -> Basket:
    return Basket(articles=articles, payment=CashPayment(tendered_rupees * 100), key=key)
