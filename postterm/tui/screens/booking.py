"""The booking screen: article, service and add-ons, weight from the scale, destination,
addressee and sender; a live quote; the basket. Every rule is asked of the counter."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from postterm.core.booking import ArticleRequest, BookingRefused, Party
from postterm.core.dimensions import DimensionsError, parse_dims
from postterm.core.money import AmountError, format_screen, parse_rupees
from postterm.core.tariff import SERVICE_NAMES, Quote
from postterm.counter.basket_draft import BasketDraft
from postterm.counter.clerks import Clerk
from postterm.counter.counter import Booked
from postterm.counter.station import PrintOutcome, Station
from postterm.devices.counter_devices import ScaleView
from postterm.tui.messages import StatusChanged
from postterm.tui.widgets.field import Field
from postterm.tui.widgets.message_line import MessageLine
from postterm.tui.widgets.screen_foot import ScreenFoot
from postterm.tui.widgets.status_bar import StatusBar

SERVICES = ("speedpost-document", "speedpost-parcel")
FIELDS = ("article", "pin", "name", "address", "mobile", "sender", "sender-mobile", "dims",
          "insure")
PARCEL_ONLY = ("dims",)
# the field a refusal names -> the input at fault, where the focus goes
FIELD_AT_FAULT = {"article": "article", "to": "pin", "name": "name", "address": "address",
                  "mobile": "mobile", "sender name": "sender", "sender mobile": "sender-mobile",
                  "size": "dims", "dims": "dims", "insure": "insure"}
HINTS = "F2 add F5 pay F4 svc F6 reg F7 OTP F8 POD F3 clear F11 reprint F12 more F1 help"


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


def quote_lines(quote: Quote) -> str:
    rows = [f"{quote.band.label}, {quote.route.distance_km:.0f} km"
            f"{' (local)' if quote.route.local else ''}",
            f"chargeable {quote.chargeable_grams} g"
            + (f" (vol. {quote.volumetric_grams} g)" if quote.volumetric_grams else "")]
    for ln in quote.lines:  # a long label wraps above its amount, never cut
        label = textwrap.wrap(ln.label, 33) or [""]
        if len(label[-1]) > 22:
            label.append("")
        rows += label[:-1]
        rows.append(f"{label[-1]:<22}{format_screen(ln.paise):>11}")
    half = f"{quote.gst.half_rate_bp / 100:g}%"
    rows.append(f"{'CGST ' + half:<22}{format_screen(quote.gst.cgst_paise):>11}")
    rows.append(f"{'SGST ' + half:<22}{format_screen(quote.gst.sgst_paise):>11}")
    rows.append(f"{'Total':<22}{format_screen(quote.total_paise):>11}")
    if not quote.confirmed:
        rows.append("TARIFF UNCONFIRMED")
    return "\n".join(rows)


class BookingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,alt+a", "add", "Add to basket", id="booking.add"),
        Binding("f3,alt+n", "clear", "Clear article", id="booking.clear"),
        Binding("f4,alt+s", "service", "Service", id="booking.service"),
        Binding("f5,alt+p", "pay", "Pay", id="booking.pay"),
        Binding("f6,alt+r", "addon('registered')", "Registration", id="booking.registered"),
        Binding("f7,alt+o", "addon('otp')", "OTP delivery", id="booking.otp"),
        Binding("f8,alt+d", "addon('pod')", "Proof of delivery", id="booking.pod"),
        Binding("f11,alt+e", "reprint", "Reprint last receipt", id="booking.reprint"),
        Binding("delete,alt+k", "remove_last", "Remove the last basket article (asks first)",
                id="booking.remove"),
        Binding("f12,alt+x", "operations", "More: void, bookings, track, day-end",
                id="booking.operations"),
        Binding("alt+v", "void", "Void a booking of today", id="booking.void"),
        Binding("alt+b", "bookings", "Today's bookings (reprint)", id="booking.bookings"),
        Binding("alt+t", "track", "Track an article", id="booking.track"),
        Binding("alt+w", "typed_weight", "Typed weight, scale dead", id="booking.typed_weight"),
        Binding("alt+z", "day_end", "Day-end", id="booking.day_end"),
    ]

    # Textual repaints the whole screen when the focus moves (~3.3 KB at 80x24, ten times a
    # booking); the fields that gain and lose the focus repaint themselves, which is enough.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        self.draft = BasketDraft(station.counter, clerk=self._clerk_id())
        self.service = SERVICES[0]
        self.addons = {"registered": False, "otp": False, "pod": False}
        self.last_weight: ScaleView | None = None
        self.last_booked: Booked | None = None
        self.typed_weight: tuple[int, str] | None = None  # grams, approving supervisor
        self.quote_refusal = ""  # the last refusal of the live quote, said once

    def _clerk_id(self) -> str:
        clerk = self.station.clerk
        return clerk.id if clerk is not None else ""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="columns"):
            with Vertical(id="form"):
                yield self._row("Article", Field(id="article", max_length=20,
                                                 placeholder="scan or type"))
                yield self._row("Service", Static(id="service", classes="field"))
                yield self._row("Weight", Static(id="weight", classes="field"))
                yield self._row("To PIN", Field(id="pin", max_length=6, classes="short",
                                                restrict=r"[0-9]*"),
                                Static(id="place", classes="hint", markup=False))
                yield self._row("Name", Field(id="name", max_length=80))
                yield self._row("Address", Field(id="address", max_length=200))
                yield self._row("Mobile", Field(id="mobile", max_length=14))
                yield self._row("Sender", Field(id="sender", max_length=80))
                yield self._row("Snd mob.", Field(id="sender-mobile", max_length=14))
                yield self._row("Size cm", Field(id="dims", max_length=20,
                                                 placeholder="LxBxH parcels"))
                yield self._row("Insure Rs", Field(id="insure", max_length=10))
                yield self._row("Add-ons", Static(id="addons", classes="field", markup=False))
            yield Static(id="side", markup=False)
        yield Static(id="basket", markup=False)
        yield ScreenFoot(HINTS)

    @staticmethod
    def _row(label: str, *widgets: Input | Static) -> Horizontal:
        for widget in widgets:
            if isinstance(widget, Input) and not widget.classes:
                widget.add_class("field")
        return Horizontal(Static(label, classes="label"), *widgets, classes="row")

    def on_mount(self) -> None:
        resumed = BasketDraft.resume(self.station.counter, self._clerk_id()) \
            if self._clerk_id() else None
        if resumed is not None:
            self.draft = resumed.draft
            if resumed.booked_seq is not None:
                try:  # F11 reprints it
                    self.last_booked = self.station.counter.find_booking(
                        str(resumed.booked_seq))
                except BookingRefused:
                    self.last_booked = None
        self._show_service()
        self._show_basket()
        self.show_weight()
        self.set_interval(0.25, self.show_weight)
        self.query_one("#article", Input).focus()
        if resumed is not None and resumed.line:
            self.say(resumed.line, resumed.kind)

    # -- showing --------------------------------------------------------------------------

    def say(self, text: str, kind: str = "") -> None:
        self.query_one(MessageLine).say(text, kind)

    def refuse(self, exc: BookingRefused) -> None:
        """A refusal: said on the message line, and the focus on the field at fault."""
        self.say(str(exc), "error")
        field = FIELD_AT_FAULT.get(exc.field)
        if field is not None:
            self.query_one(f"#{field}", Input).focus()

    def _show_service(self) -> None:
        self.query_one("#service", Static).update(f"{SERVICE_NAMES[self.service]}  (F4)")
        for field in PARCEL_ONLY:  # Tab, like Enter, walks a document past them
            self.query_one(f"#{field}", Input).can_focus = self.service == "speedpost-parcel"
        marks = [("registered", "Reg F6"), ("otp", "OTP F7"), ("pod", "POD F8")]
        self.query_one("#addons", Static).update(
            "  ".join(f"[{'x' if self.addons[k] else ' '}] {label}" for k, label in marks))

    def show_weight(self) -> None:
        view = self.station.weight()
        if view == self.last_weight:
            return  # unchanged: nothing is redrawn, nothing is written to the terminal
        self.last_weight = view
        self._draw_weight()

    def _draw_weight(self) -> None:
        view = self.last_weight
        assert view is not None
        widget = self.query_one("#weight", Static)
        if self.typed_weight is not None:
            grams, supervisor = self.typed_weight
            widget.update(f"{grams} g  TYPED, approved {supervisor}")
            widget.set_classes("field stable")
        elif view.grams is None:
            widget.update(f"-- ({view.note})")
        else:
            widget.update(f"{view.grams} g  {'STABLE' if view.usable else view.note.upper()}")
        widget.set_classes("field " + ("stable" if view.usable else "unstable"))
        self.show_quote()

    def _show_basket(self) -> None:
        lines = [f"{n:>2} {a.request.article_id} {a.request.to_pin} "
                 f"{a.quote.chargeable_grams:>6} g {a.request.addressee.name[:24]:<24}"
                 f"{format_screen(a.quote.total_paise):>11}"
                 for n, a in enumerate(self.draft.articles, start=1)]
        if self.draft.articles:
            cash = self.draft.cash()
            lines.append(f"   {len(self.draft.articles)} article(s)   "
                         f"total {format_screen(cash.total_paise)}   "
                         f"cash {format_screen(cash.due_paise)}")
        else:
            lines.append("   basket empty: add articles with F2, then pay with F5")
        self.query_one("#basket", Static).update("\n".join(lines[-6:]))

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _weight(self) -> tuple[int, str, str | None]:
        """Grams, source and approver for the article: a supervisor-approved typed weight,
        else the scale's stable reading (or BookingRefused saying why there is none)."""
        if self.typed_weight is not None:
            return self.typed_weight[0], "supervisor", self.typed_weight[1]
        return self.station.stable_weight(), "scale", None

    def _request(self, weight: int, source: str = "scale",
                 approved_by: str | None = None) -> ArticleRequest:
        insure = self._value("insure").strip()
        try:
            insure_paise = parse_rupees(insure) if insure else None
        except AmountError as exc:
            raise BookingRefused("insure", str(exc)) from None
        return ArticleRequest(
            article_id=self._value("article"), service=self.service, weight_grams=weight,
            weight_source=source,  # type: ignore[arg-type]
            approved_by=approved_by,
            to_pin=self._value("pin").strip(),
            addressee=Party(self._value("name"), self._value("address"), self._value("mobile")),
            sender=Party(self._value("sender"), "", self._value("sender-mobile")),
            dims_cm=self._dims(), registered=self.addons["registered"],
            insure_paise=insure_paise, pod=self.addons["pod"], otp=self.addons["otp"],
        )

    def _dims(self) -> tuple[int, int, int] | None:
        try:
            return parse_dims(self._value("dims"))
        except DimensionsError as exc:
            raise BookingRefused("size", str(exc)) from None

    def show_quote(self) -> None:
        side = self.query_one("#side", Static)
        if len(self._value("pin").strip()) != 6:
            side.update("Quote: type the destination PIN")
            return
        try:
            weight = self._weight()
        except BookingRefused:
            side.update("Quote: waiting for a stable weight")
            return
        try:
            quote = self.station.counter.price(self._request(*weight))
        except BookingRefused as exc:
            side.update(f"No price:\n{exc}")
            if str(exc) != self.quote_refusal:  # a new refusal is said on the message line
                self.quote_refusal = str(exc)
                self.say(str(exc), "error")
            return
        self.quote_refusal = ""
        side.update(quote_lines(quote))

    # -- reacting -------------------------------------------------------------------------

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if event.input.id == "pin":
            place = self.query_one("#place", Static)
            pin = event.value.strip()
            if len(pin) == 6:
                try:
                    place.update(whole_parts(self.station.counter.place_of(pin), PLACE_WIDTH))
                except BookingRefused as exc:
                    place.update(exc.reason)
            else:
                place.update("")
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
        asked = [f for f in FIELDS
                 if self.service == "speedpost-parcel" or f not in PARCEL_ONLY]
        index = asked.index(field) if field in asked else -1
        following = asked[index + 1] if 0 <= index < len(asked) - 1 else asked[0]
        self.query_one(f"#{following}", Input).focus()

    def take_article(self, text: str) -> bool:
        """Validate an article id at once (typed or scanned); True when acceptable."""
        try:
            article_id = self.station.counter.check_article(text, self.service)
        except BookingRefused as exc:
            self.refuse(exc)
            return False
        if any(a.request.article_id == article_id for a in self.draft.articles):
            self.say(f"article: {article_id} is already in this basket", "error")
            return False
        self.query_one("#article", Input).value = article_id
        self.say(f"{article_id} ok")
        self.ask_central_about(article_id)
        return True

    def ask_central_about(self, article_id: str) -> None:
        """Ask the central, off the screen's thread and holding no keys, whether the article
        is booked elsewhere (a migrated article, another counter's); say so when it is."""
        from postterm.tui.background import report_fault

        counter = self.station.counter

        def work() -> None:
            try:
                told = counter.booked_elsewhere(article_id)
            except Exception as exc:  # a fault here must not touch the clerk's flow
                report_fault("asking the central about an article", exc)
                return
            if told:
                self.app.call_from_thread(
                    lambda: self.say(told, "error") if self.is_attached else None)

        self.run_worker(work, name="booked elsewhere", group="booked-elsewhere", thread=True,
                        exclusive=True, exit_on_error=False)

    def expect_scan(self) -> None:
        """A keyboard-wedge scan is about to be typed: into an empty article field."""
        article = self.query_one("#article", Input)
        article.value = ""
        article.focus()

    def scanned(self, code: str) -> None:
        """A code from the scanner: it fills the article id and moves on."""
        article = self.query_one("#article", Input)
        article.value = code
        if self.take_article(code):
            self.query_one("#pin", Input).focus()

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
        for field in FIELDS:
            self.query_one(f"#{field}", Input).value = ""
        self.addons = dict.fromkeys(self.addons, False)
        if next_customer:
            self.service = SERVICES[0]
        if self.typed_weight is not None:  # a typed weight serves one article only
            self.typed_weight = None
            self._draw_weight()
        self._show_service()
        self.query_one("#place", Static).update("")
        self.query_one("#article", Input).focus()

    def action_add(self) -> bool:
        try:
            added = self.draft.add(self._request(*self._weight()))
        except BookingRefused as exc:
            self.refuse(exc)
            return False
        self.action_clear()
        self._show_basket()
        self.say(f"added {added.request.article_id}: {format_screen(added.quote.total_paise)}"
                 + ("" if added.quote.confirmed else "  (tariff unconfirmed)"), "ok")
        return True

    def action_remove_last(self) -> None:
        """Delete in an empty field, or Alt+K: remove the last basket article, once the
        clerk confirms it."""
        if not self.draft.articles:
            self.say("basket: is empty: nothing to remove", "error")
            return
        from postterm.tui.screens.confirm import ConfirmScreen

        last = self.draft.articles[-1]
        count = len(self.draft.articles)

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("nothing removed")
                return
            if len(self.draft.articles) != count:
                return
            self.draft.remove(count - 1)
            self._show_basket()
            self.say(f"removed {last.request.article_id} from the basket", "ok")

        self.app.push_screen(ConfirmScreen(
            f"Remove {last.request.article_id} ({format_screen(last.quote.total_paise)}) "
            "from the basket?"), answered)

    def action_pay(self) -> None:
        if self._value("article").strip() and not self.action_add():
            return
        if not self.draft.articles:
            self.say("basket: is empty: add an article first", "error")
            return
        from postterm.tui.screens.payment import PaymentScreen

        self.app.push_screen(PaymentScreen(self.station, self.draft), self.paid)

    def paid(self, result: tuple[Booked, PrintOutcome] | None) -> None:
        if result is None:
            self.say("payment cancelled: the basket is kept")
            return
        booked, printed = result
        self.last_booked = booked
        self.draft.done()
        # next customer: nothing carried over
        self.draft = BasketDraft(self.station.counter, clerk=self._clerk_id())
        self.action_clear(next_customer=True)
        self._show_basket()
        self.post_message(StatusChanged())
        payment = booked.payload["payment"]
        change = (f", change {format_screen(payment['change_paise'])}"
                  if payment["mode"] == "cash" else "")
        receipt = f"{booked.terminal}/{booked.seq}"
        if printed.printed:
            sent = f" - receipt {printed.note}" if printed.note else ""
            self.say(f"BOOKED receipt {receipt}{change}{sent}", "ok")
        else:
            self.say(f"BOOKED {receipt}{change} - receipt NOT printed ({printed.reason}): "
                     f"F11 reprint", "error")

    def action_reprint(self) -> None:
        if self.last_booked is None:
            self.say("reprint: nothing booked yet at this screen", "error")
            return
        from postterm.tui.screens.reprint import reprint_receipt

        reprint_receipt(self, self.station, self.last_booked.seq, self.say)

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
            self.say("day-end: settle or clear the basket first", "error")
            return
        from postterm.tui.screens.day_end import DayEndScreen

        self.app.push_screen(DayEndScreen(self.station))

    def action_typed_weight(self) -> None:
        from postterm.tui.screens.approval import ask_supervisor
        from postterm.tui.screens.typed_weight import TypedWeightScreen

        try:
            self.station.allow_typed_weight()
        except BookingRefused as exc:
            self.say(str(exc), "error")
            return

        def approved(grams: int, supervisor: Clerk) -> None:
            self.typed_weight = (grams, supervisor.id)
            self._draw_weight()
            self.show_quote()
            self.say(f"weight: {grams} g typed, approved by {supervisor.id}", "ok")

        def typed(grams: int | None) -> None:
            if grams is None:
                return
            ask_supervisor(self, self.station.counter, f"typed weight {grams} g",
                           lambda supervisor: approved(grams, supervisor),
                           lambda: self.say("weight: typed weight not approved"))

        self.app.push_screen(TypedWeightScreen(), typed)
