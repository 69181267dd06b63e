"""The basket a clerk is filling: articles checked and priced as they are added.

The screen holds one draft per customer; every rule is asked of the counter. A new draft
(fresh idempotency key, nothing carried over) starts after each settlement.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from postterm.core.booking import ArticleRequest, Basket, BookingRefused, Payment
from postterm.core.money import CashDue, cash_due
from postterm.core.tariff import Quote
from postterm.counter.counter import Counter

MAX_ARTICLES = 50


@dataclass(frozen=True)
class DraftArticle:
    request: ArticleRequest
    quote: Quote


@dataclass
class BasketDraft:
    counter: Counter
    articles: list[DraftArticle] = field(default_factory=list)
    key: str = field(default_factory=lambda: uuid.uuid4().hex)

    def add(self, article: ArticleRequest) -> DraftArticle:
        """Check and price `article` (refusing ids booked here or already in the basket)."""
        if len(self.articles) >= MAX_ARTICLES:
            raise BookingRefused("basket", f"holds {MAX_ARTICLES} articles already: settle it")
        article_id = self.counter.check_article(article.article_id, article.service)
        if any(a.request.article_id == article_id for a in self.articles):
            raise BookingRefused("article", f"{article_id} is already in this basket")
        cleaned = self.counter.pricer.clean(article)
        added = DraftArticle(cleaned, self.counter.price(cleaned))
        self.articles.append(added)
        return added

    def remove(self, index: int) -> None:
        del self.articles[index]

    @property
    def total_paise(self) -> int:
        return sum(a.quote.total_paise for a in self.articles)

    def cash(self) -> CashDue:
        return cash_due(self.total_paise)

    def basket(self, payment: Payment) -> Basket:
        if not self.articles:
            raise BookingRefused("basket", "is empty: add an article first")
        return Basket(tuple(a.request for a in self.articles), payment, self.key)
