"""The booking screen: the article form (article, service and add-ons, weight from the
scale, destination, addressee and sender), the live quote panel and the basket view. Every
rule is asked of the counter, through the station."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input

from postterm.core.booking import ArticleRequest, BookingRefused, Party
from postterm.core.dimensions import DimensionsError, parse_dims
from postterm.core.entries import CashPaid
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.counter.basket_draft import Resumed
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked
from postterm.counter.refusal import Refusal, refusal_of
from postterm.counter.station import PrintOutcome, Station
from postterm.devices.counter_devices import ScaleView
from postterm.i18n.catalogs import N_, _
from postterm.i18n.said import Said, said_of, spoken
from postterm.tui.messages import StatusChanged
from postterm.tui.screens.base import CounterScreen
from postterm.tui.widgets.article_form import FIELDS, ArticleForm
from postterm.tui.widgets.basket_view import BasketView
from postterm.tui.widgets.quote_panel import QuotePanel
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

SERVICES = ("speedpost-document", "speedpost-parcel")
HINTS = (
    ("booking.add", N_("add")),
    ("booking.pay", N_("pay")),
    ("booking.service", N_("svc")),
    ("booking.registered", N_("reg")),
    ("booking.otp", N_("OTP")),
    ("booking.pod", N_("POD")),
    ("booking.clear", N_("clear")),
    ("booking.reprint", N_("reprint")),
    ("booking.operations", N_("more")),
    ("app.help", N_("help")),
)


class BookingScreen(CounterScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,alt+a", "add", N_("Add to basket"), id="booking.add"),
        Binding("f3,alt+n", "clear", N_("Clear article"), id="booking.clear"),
        Binding("f4,alt+s", "service", N_("Service"), id="booking.service"),
        Binding("f5,alt+p", "pay", N_("Pay"), id="booking.pay"),
        Binding("f6,alt+r", "addon('registered')", N_("Registration"), id="booking.registered"),
        Binding("f7,alt+o", "addon('otp')", N_("OTP delivery"), id="booking.otp"),
        Binding("f8,alt+d", "addon('pod')", N_("Proof of delivery"), id="booking.pod"),
        Binding("f11,alt+e", "reprint", N_("Reprint last receipt"), id="booking.reprint"),
        Binding(
            "delete,alt+k",
            "remove_last",
            N_("Remove the last basket article (asks first)"),
            id="booking.remove",
        ),
        Binding(
            "f12,alt+x",
            "operations",
            N_("More: void, bookings, track, day-end"),
            id="booking.operations",
        ),
        Binding("alt+v", "void", N_("Void a booking of today"), id="booking.void"),
        Binding("alt+g", "bookings", N_("Today's bookings (reprint)"), id="booking.bookings"),
        Binding("alt+t", "track", N_("Track an article"), id="booking.track"),
        Binding("alt+w", "typed_weight", N_("Typed weight, scale dead"), id="booking.typed_weight"),
        Binding("alt+z", "day_end", N_("Day-end"), id="booking.day_end"),
    ]
    FOCUS_ON_REFUSAL: ClassVar[dict[str, str]] = {
        "article": "article",
        "to": "pin",
        "name": "name",
        "address": "address",
        "mobile": "mobile",
        "sender name": "sender",
        "sender mobile": "sender-mobile",
        "size": "dims",
        "dims": "dims",
        "insure": "insure",
    }

    # Textual repaints the whole screen when the focus moves (~3.3 KB at 80x24, ten times a
    # booking); the fields that gain and lose the focus repaint themselves, which is enough.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.draft = station.new_draft()
        self.service = SERVICES[0]
        self.addons = {"registered": False, "otp": False, "pod": False}
        self.last_weight: ScaleView | None = None
        self.last_booked: Booked | None = None
        self.typed_weight: tuple[int, str] | None = None  # grams, approving supervisor
        self.quote_refusal = ""  # the last refusal of the live quote, said once

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="columns"):
            yield ArticleForm(id="form")
            yield QuotePanel(id="side")
        yield BasketView(id="basket")
        yield ScreenFoot(self.hints(HINTS, sep=" ", gap=" "))

    @property
    def form(self) -> ArticleForm:
        return self.query_one(ArticleForm)

    def on_mount(self) -> None:
        self._show_service()
        self._show_basket()
        self.show_weight()
        self.set_interval(0.25, self.show_weight)
        self.form.field("article").focus()
        if self.station.clerk is not None:
            self.run(N_("resume"), self._resume, self._resumed)

    def _resume(self) -> tuple[Resumed | None, Booked | None]:
        """The basket the clerk's last session left open, and the receipt it booked."""
        resumed = self.station.resume_draft()
        booked = None
        if resumed is not None and resumed.booked_seq is not None:
            try:  # F11 reprints it
                booked = self.station.find_booking(str(resumed.booked_seq))
            except BookingRefused:
                booked = None
        return resumed, booked

    def _resumed(self, found: tuple[Resumed | None, Booked | None]) -> None:
        resumed, booked = found
        if resumed is None:
            return
        self.draft = resumed.draft
        if booked is not None:
            self.last_booked = booked
        self._show_basket()
        if resumed.line:
            self.say(spoken(resumed.line), resumed.kind)

    # -- showing --------------------------------------------------------------------------

    def refuse(self, refusal: Refusal | BookingRefused) -> None:
        """A refusal: said on the message line, and the focus on the field at fault."""
        found = refusal_of(refusal) if isinstance(refusal, BookingRefused) else refusal
        assert found is not None
        super().refuse(found)

    def _key(self, binding_id: str) -> str:
        return self.keymap.first_key(binding_id)

    def _show_service(self) -> None:
        self.form.show_service(
            self.service,
            self.addons,
            {
                "service": self._key("booking.service"),
                "registered": self._key("booking.registered"),
                "otp": self._key("booking.otp"),
                "pod": self._key("booking.pod"),
            },
        )

    def show_weight(self) -> None:
        view = self.station.weight()
        if view == self.last_weight:
            return  # unchanged: nothing is redrawn, nothing is written to the terminal
        self.last_weight = view
        self._draw_weight()

    def _draw_weight(self) -> None:
        view = self.last_weight
        assert view is not None
        self.form.show_weight(view, self.typed_weight)
        self.show_quote()

    def _show_basket(self) -> None:
        self.query_one(BasketView).show(
            self.draft, self._key("booking.add"), self._key("booking.pay")
        )

    def _value(self, field: str) -> str:
        return self.form.value(field)

    def _weight(self) -> tuple[int, str, str | None]:
        """Grams, source and approver for the article: a supervisor-approved typed weight,
        else the scale's stable reading (or BookingRefused saying why there is none)."""
        if self.typed_weight is not None:
            return self.typed_weight[0], "supervisor", self.typed_weight[1]
        return self.station.stable_weight(), "scale", None

    def _request(
        self, weight: int, source: str = "scale", approved_by: str | None = None
    ) -> ArticleRequest:
        insure = self._value("insure").strip()
        try:
            insure_paise = parse_rupees(insure) if insure else None
        except AmountError as exc:
            raise BookingRefused("insure", str(exc)) from None
        return ArticleRequest(
            article_id=self._value("article"),
            service=self.service,
            weight_grams=weight,
            weight_source=source,  # type: ignore[arg-type]
            approved_by=approved_by,
            to_pin=self._value("pin").strip(),
            addressee=Party(self._value("name"), self._value("address"), self._value("mobile")),
            sender=Party(self._value("sender"), "", self._value("sender-mobile")),
            dims_cm=self._dims(),
            registered=self.addons["registered"],
            insure_paise=insure_paise,
            pod=self.addons["pod"],
            otp=self.addons["otp"],
        )

    def _dims(self) -> tuple[int, int, int] | None:
        try:
            return parse_dims(self._value("dims"))
        except DimensionsError as exc:
            raise BookingRefused("size", str(exc)) from None

    def show_quote(self) -> None:
        side = self.query_one(QuotePanel)
        if len(self._value("pin").strip()) != 6:
            side.waiting(_("Quote: type the destination PIN"))
            return
        try:
            weight = self._weight()
        except BookingRefused:
            side.waiting(_("Quote: waiting for a stable weight"))
            return
        try:
            quote = self.station.price(self._request(*weight))
        except BookingRefused as exc:
            said = spoken(said_of(exc))
            side.waiting(_("No price:") + f"\n{said}")
            if said != self.quote_refusal:  # a new refusal is said on the message line
                self.quote_refusal = said
                self.say(said, "error")
            return
        self.quote_refusal = ""
        side.show_quote(quote)

    # -- reacting -------------------------------------------------------------------------

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if event.input.id == "pin":
            pin = event.value.strip()
            if len(pin) == 6:
                try:
                    self.form.show_place(self.station.place_of(pin))
                except BookingRefused as exc:
                    self.form.show_place(spoken(exc.reason), cut=False)
            else:
                self.form.show_place("")
        if event.input.id in ("pin", "dims", "insure"):
            self.show_quote()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        field = event.input.id or ""
        if field == "article" and not event.value.strip():
            return  # a stray Enter: the focus stays, the next scan lands here, BOOKED stays said
        if field == "article" and not self.take_article(event.value):
            return
        if field == FIELDS[-1]:
            self.action_add()
            return
        self.form.field(self.form.following(field, self.service)).focus()

    def take_article(self, text: str) -> bool:
        """Validate an article id at once (typed or scanned); True when acceptable."""
        try:
            article_id = self.station.check_article(text, self.service)
        except BookingRefused as exc:
            self.refuse(exc)
            return False
        if any(a.request.article_id == article_id for a in self.draft.articles):
            self.say(
                _("article: {article} is already in this basket").format(article=article_id),
                "error",
            )
            return False
        self.form.field("article").value = article_id
        self.say(_("{article} ok").format(article=article_id))
        self.ask_central_about(article_id)
        return True

    def ask_central_about(self, article_id: str) -> None:
        """Ask the central, off the screen's thread and holding no keys, whether the article
        is booked elsewhere (a migrated article, another counter's); say so when it is."""

        def told(said: str | None) -> None:
            if said:
                self.say(said, "error")

        self.run(
            N_("asking the central about an article"),
            lambda: self.station.booked_elsewhere(article_id),
            told,
            failed=lambda _line: None,
            lookup=True,
        )

    def expect_scan(self) -> None:
        """A keyboard-wedge scan is about to be typed: into an empty article field."""
        article = self.form.field("article")
        article.value = ""
        article.focus()

    def scanned(self, code: str) -> None:
        """A code from the scanner: it fills the article id and moves on."""
        self.form.field("article").value = code
        if self.take_article(code):
            self.form.field("pin").focus()

    # -- commands -------------------------------------------------------------------------

    def action_service(self) -> None:
        self.service = SERVICES[(SERVICES.index(self.service) + 1) % len(SERVICES)]
        self._show_service()
        self.show_quote()

    def action_addon(self, addon: str) -> None:
        self.addons[addon] = not self.addons[addon]
        self._show_service()
        self.show_quote()

    def action_clear(self, *, next_customer: bool = False) -> None:
        """Empty the article's fields and add-ons; the service stays as chosen until the
        next customer."""
        self.form.clear()
        self.addons = dict.fromkeys(self.addons, False)
        if next_customer:
            self.service = SERVICES[0]
        if self.typed_weight is not None:  # a typed weight serves one article only
            self.typed_weight = None
            self._draw_weight()
        self._show_service()
        self.form.field("article").focus()

    def action_add(self) -> bool:
        try:
            added = self.draft.add(self._request(*self._weight()))
        except BookingRefused as exc:
            self.refuse(exc)
            return False
        self.action_clear()
        self._show_basket()
        self.say(
            _("added {article}: {amount}").format(
                article=added.request.article_id, amount=format_screen(added.quote.total_paise)
            )
            + ("" if added.quote.confirmed else "  " + _("(tariff unconfirmed)")),
            "ok",
        )
        return True

    def action_remove_last(self) -> None:
        """Delete in an empty field, or Alt+K: remove the last basket article, once the
        clerk confirms it."""
        if not self.draft.articles:
            self.say(_("basket: is empty: nothing to remove"), "error")
            return
        from postterm.tui.screens.confirm import ConfirmScreen

        last = self.draft.articles[-1]
        count = len(self.draft.articles)

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say(_("nothing removed"))
                return
            if len(self.draft.articles) != count:
                return
            self.draft.remove(count - 1)
            self._show_basket()
            self.say(
                _("removed {article} from the basket").format(article=last.request.article_id), "ok"
            )

        self.app.push_screen(
            ConfirmScreen(
                _("Remove {article} ({amount}) from the basket?").format(
                    article=last.request.article_id, amount=format_screen(last.quote.total_paise)
                )
            ),
            answered,
        )

    def action_pay(self) -> None:
        if self._value("article").strip() and not self.action_add():
            return
        if not self.draft.articles:
            self.say(_("basket: is empty: add an article first"), "error")
            return
        from postterm.tui.screens.payment import PaymentScreen

        self.app.push_screen(PaymentScreen(self.station, self.draft), self.paid)

    def paid(self, result: tuple[Booked, PrintOutcome] | None) -> None:
        if result is None:
            self.say(_("payment cancelled: the basket is kept"))
            return
        booked, printed = result
        self.last_booked = booked
        self.draft.done()
        # next customer: nothing carried over
        self.draft = self.station.new_draft()
        self.action_clear(next_customer=True)
        self._show_basket()
        self.post_message(StatusChanged())
        payment = booked.booking.payment
        change = (
            _(", change {amount}").format(amount=format_screen(payment.change_paise))
            if isinstance(payment, CashPaid)
            else ""
        )
        receipt = f"{booked.terminal}/{booked.seq}"
        if printed.printed:
            sent = _(" - receipt {note}").format(note=spoken(printed.note)) if printed.note else ""
            self.say(_("BOOKED receipt {receipt}").format(receipt=receipt) + change + sent, "ok")
        else:
            self.say(
                _(
                    "BOOKED {receipt}{change} - receipt NOT printed ({reason}): {key} reprint"
                ).format(
                    receipt=receipt,
                    change=change,
                    reason=spoken(printed.reason),
                    key=self._key("booking.reprint"),
                ),
                "error",
            )

    def action_reprint(self) -> None:
        if self.last_booked is None:
            self.say(_("reprint: nothing booked yet at this screen"), "error")
            return
        from postterm.tui.screens.reprint import reprint_receipt

        if not self.busy:
            reprint_receipt(self, self.station, self.last_booked.seq)

    # -- around bookings ------------------------------------------------------------------

    def action_operations(self) -> None:
        from postterm.tui.screens.operations import OperationsScreen

        def chosen(action: str | None) -> None:
            if action:
                self.call_later(self.run_action, action)

        self.app.push_screen(OperationsScreen(), chosen)

    def action_void(self) -> None:
        from postterm.tui.screens.void import VoidScreen

        self.app.push_screen(VoidScreen(self.station))

    def action_bookings(self) -> None:
        from postterm.tui.screens.reprint import ReprintScreen

        self.app.push_screen(ReprintScreen(self.station))

    def action_track(self) -> None:
        from postterm.tui.screens.track import TrackScreen

        self.app.push_screen(TrackScreen(self.station))

    def action_day_end(self) -> None:
        if self.draft.articles:
            self.say(_("day-end: settle or clear the basket first"), "error")
            return
        from postterm.tui.screens.day_end import DayEndScreen

        self.app.push_screen(DayEndScreen(self.station))

    def action_typed_weight(self) -> None:
        from postterm.tui.screens.approval import ask_supervisor
        from postterm.tui.screens.typed_weight import TypedWeightScreen

        try:
            self.station.allow_typed_weight()
        except BookingRefused as exc:
            self.refuse(exc)
            return

        def approved(grams: int, supervisor: Clerk) -> None:
            self.typed_weight = (grams, supervisor.id)
            self._draw_weight()
            self.show_quote()
            self.say(
                _("weight: {grams} g typed, approved by {supervisor}").format(
                    grams=grams, supervisor=supervisor.id
                ),
                "ok",
            )

        def typed(grams: int | None) -> None:
            if grams is None:
                return
            ask_supervisor(
                self,
                self.station,
                Said("typed weight {grams} g", grams=grams),
                lambda supervisor: approved(grams, supervisor),
                lambda: self.say(_("weight: typed weight not approved")),
            )

        self.app.push_screen(TypedWeightScreen(), typed)
