"""Validating and pricing a basket: the rules a screen asks about before settling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from postterm.config.model import Settings
from postterm.core import s10
from postterm.core.booking import (
    ADDRESS_LIMIT,
    MAX_ARTICLES,
    NAME_LIMIT,
    WEIGHT_SOURCES,
    ArticleRequest,
    BookingRefused,
    Party,
    clean_mobile,
    clean_text,
)
from postterm.core.pincode import PinDirectory, PinError
from postterm.core.route import RouteError, RouteRules, route_between
from postterm.core.tariff import Quote, QuoteRefused, QuoteRequest, quote
from postterm.core.tariff_book import TariffBook
from postterm.counter.office import OfficeRecord, require_office
from postterm.i18n.said import Said, said, said_of


@dataclass(frozen=True)
class PricedArticle:
    request: ArticleRequest
    quote: Quote
    to_office: str = ""


class Pricer:
    """Checks one article and prices it with the tariff of the booking date."""

    def __init__(
        self,
        settings: Settings,
        book: TariffBook,
        rules: RouteRules,
        directory: PinDirectory | None = None,
        *,
        office: Callable[[], OfficeRecord | None],
    ) -> None:
        self.settings = settings
        self.book = book
        self.rules = rules
        self.directory = directory or PinDirectory()
        self.office = office  # the enrolled office, as its record at the central says now

    def check_article_id(self, text: str, service: str) -> str:
        service_settings = self.settings.services.get(service)
        if service_settings is None:
            raise BookingRefused("service", Said("unknown service {service!r}", service=service))
        try:
            return str(s10.parse(text, service_settings.s10_prefixes, service))
        except s10.S10Error as exc:
            raise BookingRefused("article", said_of(exc)) from None

    def clean(self, article: ArticleRequest) -> ArticleRequest:
        """The same request with its text normalised, or BookingRefused naming the field."""
        article_id = self.check_article_id(article.article_id, article.service)
        if article.weight_source not in WEIGHT_SOURCES:
            raise BookingRefused(
                "weight",
                Said(
                    "unknown weight source {weight_source!r}", weight_source=article.weight_source
                ),
            )
        if article.weight_source == "supervisor" and not article.approved_by:
            raise BookingRefused("weight", Said("a typed weight needs a supervisor's approval"))
        return ArticleRequest(
            article_id=article_id,
            service=article.service,
            weight_grams=article.weight_grams,
            weight_source=article.weight_source,
            to_pin=article.to_pin.strip(),
            addressee=Party(
                clean_text(article.addressee.name, "name", required=True, limit=NAME_LIMIT),
                clean_text(
                    article.addressee.address, "address", required=True, limit=ADDRESS_LIMIT
                ),
                self._addressee_mobile(article),
            ),
            sender=Party(
                clean_text(article.sender.name, "sender name", required=False, limit=NAME_LIMIT),
                clean_text(
                    article.sender.address, "sender address", required=False, limit=ADDRESS_LIMIT
                ),
                clean_mobile(article.sender.mobile, "sender mobile"),
            ),
            dims_cm=article.dims_cm,
            registered=article.registered,
            insure_paise=article.insure_paise,
            pod=article.pod,
            otp=article.otp,
            approved_by=article.approved_by,
        )

    @staticmethod
    def _addressee_mobile(article: ArticleRequest) -> str:
        mobile = clean_mobile(article.addressee.mobile, "mobile")
        if article.otp and not mobile:
            raise BookingRefused("mobile", Said("is required for OTP delivery: the OTP goes to it"))
        return mobile

    def price(self, article: ArticleRequest, on: date) -> Quote:
        office = require_office(self.office())
        try:
            route = route_between(self.directory, office.pin, article.to_pin, self.rules)
        except PinError as exc:
            raise BookingRefused("to", said(exc.reason)) from None
        except RouteError as exc:
            raise BookingRefused("to", str(exc)) from None
        try:
            return quote(
                self.book,
                QuoteRequest(
                    service=article.service,
                    on=on,
                    weight_grams=article.weight_grams,
                    dims_cm=article.dims_cm,
                    registered=article.registered,
                    insure_paise=article.insure_paise,
                    pod=article.pod,
                    otp=article.otp,
                    at_branch_office=office.office_type == "BO",
                ),
                route,
            )
        except QuoteRefused as exc:
            raise BookingRefused(exc.field, exc.reason) from None

    def price_all(self, articles: tuple[ArticleRequest, ...], on: date) -> list[PricedArticle]:
        if not articles:
            raise BookingRefused("basket", Said("is empty: add an article first"))
        if len(articles) > MAX_ARTICLES:
            raise BookingRefused(
                "basket", Said("holds more than {max_articles} articles", max_articles=MAX_ARTICLES)
            )
        priced: list[PricedArticle] = []
        seen: set[str] = set()
        for number, raw in enumerate(articles, start=1):
            try:
                article = self.clean(raw)
                if article.article_id in seen:
                    raise BookingRefused(
                        "article",
                        Said("{article_id} is twice in the basket", article_id=article.article_id),
                    )
                seen.add(article.article_id)
                quote = self.price(article, on)
                office = self.directory.lookup(article.to_pin).head_office_name
                priced.append(PricedArticle(article, quote, office))
            except BookingRefused as exc:
                if len(articles) == 1:
                    raise
                raise BookingRefused(f"article {number} {exc.field}", exc.reason) from None
        return priced
