"""The basket a clerk is filling: articles checked and priced as they are added.

The screen holds one draft per customer; every rule is asked of the counter. A new draft
(fresh idempotency key, nothing carried over) starts after each settlement.

A draft for a clerk is kept on disk at every change and through settling, so a dropped
SSH link (SIGHUP) loses nothing: at the clerk's next log-in, `resume` gives the basket back,
or, if settling had reached the journal, says which receipt was booked and whether it
printed. The key goes with the basket, so settling it again can never book it twice.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from postterm.core.booking import ArticleRequest, Basket, BookingRefused, Party, Payment
from postterm.core.money import CashDue, cash_due
from postterm.core.tariff import Quote
from postterm.counter.counter import Counter
from postterm.i18n.said import Said

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
    clerk: str = ""  # whose basket it is; "" keeps it in memory only

    def _keep(self, state: str = "open", **more: Any) -> None:
        from postterm.store.basket_drafts import clear_draft, save_draft

        if not self.clerk:
            return
        engine = self.counter.journal.engine
        if state == "open" and not self.articles:
            clear_draft(engine, self.clerk)
            return
        save_draft(
            engine,
            self.clerk,
            {
                "key": self.key,
                "state": state,
                "articles": [asdict(a.request) for a in self.articles],
                **more,
            },
        )

    def settling(self) -> None:
        """Settling begins: a drop from here on is reported at the next log-in."""
        self._keep("settling")

    def unsettled(self) -> None:
        """Settling was refused: the basket is an open one again."""
        self._keep("open")

    def booked(self, seq: int, printed: bool, *, sent: bool = False) -> None:
        """Booked as receipt `seq`, and whether its receipt printed (`sent`: handed to the
        desk printer through the terminal, with no word back)."""
        self._keep("booked", seq=seq, printed=printed, sent=sent)

    def done(self) -> None:
        """The clerk has seen how settling ended: nothing is left to offer back."""
        from postterm.store.basket_drafts import clear_draft

        if self.clerk:
            clear_draft(self.counter.journal.engine, self.clerk)

    @classmethod
    def resume(cls, counter: Counter, clerk: str) -> Resumed:
        """The clerk's basket as their last session left it, and the line saying what
        happened; a fresh draft when there was none."""
        from postterm.store.basket_drafts import clear_draft, load_draft

        record = load_draft(counter.journal.engine, clerk)
        if record is None or not isinstance(record.get("key"), str):
            return Resumed(cls(counter, clerk=clerk))
        key = str(record["key"])
        seq = counter.journal.seq_of_basket(key)
        if seq is not None:  # settling reached the journal: booked once, never again
            clear_draft(counter.journal.engine, clerk)
            receipt = f"{counter.terminal}/{seq}"
            if record.get("state") == "booked" and record.get("sent"):
                return Resumed(
                    cls(counter, clerk=clerk),
                    Said(
                        "last session ended after settling: receipt {receipt} was "
                        "booked and sent to the desk printer as the link dropped: check "
                        "it came out, else F11 reprints it",
                        receipt=receipt,
                    ),
                    "error",
                    seq,
                )
            if record.get("state") == "booked" and record.get("printed"):
                line = Said(
                    "last session ended after settling: receipt {receipt} was booked and printed",
                    receipt=receipt,
                )
                return Resumed(cls(counter, clerk=clerk), line, "ok", seq)
            return Resumed(
                cls(counter, clerk=clerk),
                Said(
                    "last session ended while settling: receipt {receipt} was booked "
                    "(once) but NOT printed: F11 reprints it",
                    receipt=receipt,
                ),
                "error",
                seq,
            )
        draft = cls(counter, key=key, clerk=clerk)
        dropped: list[str] = []
        for raw in record.get("articles", []):
            try:
                request = _request_of(raw)
                draft.articles.append(DraftArticle(request, counter.price(request)))
            except (BookingRefused, TypeError, KeyError, ValueError):
                dropped.append(str(raw.get("article_id", "?")) if isinstance(raw, dict) else "?")
        draft._keep("open")
        if not draft.articles and not dropped:
            return Resumed(draft)
        count = len(draft.articles)
        line = (
            Said(
                "last session ended while settling: nothing was booked; the basket of "
                "{count} article(s) is back: F5 to settle it again",
                count=count,
            )
            if record.get("state") == "settling"
            else Said(
                "last session ended with {count} article(s) in the basket: they are back, "
                "nothing was booked",
                count=count,
            )
        )
        if dropped:
            line = Said(
                "{line} ({ids} no longer prices: add again)", line=line, ids=", ".join(dropped)
            )
        return Resumed(draft, line, "error" if dropped else "ok")

    def add(self, article: ArticleRequest) -> DraftArticle:
        """Check and price `article` (refusing ids booked here or already in the basket)."""
        if len(self.articles) >= MAX_ARTICLES:
            raise BookingRefused(
                "basket",
                Said("holds {max_articles} articles already: settle it", max_articles=MAX_ARTICLES),
            )
        article_id = self.counter.check_article(article.article_id, article.service)
        if any(a.request.article_id == article_id for a in self.articles):
            raise BookingRefused(
                "article", Said("{article_id} is already in this basket", article_id=article_id)
            )
        cleaned = self.counter.pricer.clean(article)
        added = DraftArticle(cleaned, self.counter.price(cleaned))
        self.articles.append(added)
        self._keep()
        return added

    def remove(self, index: int) -> None:
        del self.articles[index]
        self._keep()

    @property
    def total_paise(self) -> int:
        return sum(a.quote.total_paise for a in self.articles)

    def cash(self) -> CashDue:
        return cash_due(self.total_paise)

    def basket(self, payment: Payment) -> Basket:
        if not self.articles:
            raise BookingRefused("basket", Said("is empty: add an article first"))
        return Basket(tuple(a.request for a in self.articles), payment, self.key)


@dataclass(frozen=True)
class Resumed:
    """What `BasketDraft.resume` found: the draft to go on with, a line for the clerk ("" when
    there is nothing to say), its kind, and the seq of a receipt settling booked."""

    draft: BasketDraft
    line: str = ""
    kind: str = ""
    booked_seq: int | None = None


def _request_of(raw: dict[str, Any]) -> ArticleRequest:
    """An article request as `asdict` kept it."""
    fields = dict(raw)
    fields["addressee"] = Party(**fields["addressee"])
    fields["sender"] = Party(**fields.get("sender", {"name": ""}))
    dims = fields.get("dims_cm")
    fields["dims_cm"] = tuple(int(d) for d in dims) if dims else None
    return ArticleRequest(**fields)
