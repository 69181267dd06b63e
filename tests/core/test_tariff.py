"""Quotes against figures typed by hand from ../shared/domain/tariffs.md (not from the TOML)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.route import Route
from postterm.core.tariff import Quote, QuoteRefused, QuoteRequest, quote
from postterm.core.tariff_book import TariffBook, packaged_book

BOOK = packaged_book()
OLD_DAY = date(2020, 6, 1)  # under the October 2012 table
NEW_DAY = date(2026, 1, 15)  # under the October 2025 tables

LOCAL = Route("476337", "476337", 3.0, True, "test")


def away(km: float) -> Route:
    return Route("476337", "110001", km, False, "test")


def price(service: str, on: date, grams: int, route: Route, **extra: object) -> Quote:
    return quote(BOOK, QuoteRequest(service=service, on=on, weight_grams=grams, **extra), route)  # type: ignore[arg-type]


# Speed Post 2012: Local, up to 200, 201-1000, 1001-2000, above 2000 (rupees before GST).
ROUTES_2012 = [LOCAL, away(150), away(700), away(1500), away(2500)]
TABLE_2012 = {
    50: [15, 35, 35, 35, 35],
    200: [25, 35, 40, 60, 70],
    500: [30, 50, 60, 80, 90],
    1000: [40, 65, 90, 120, 140],  # 500 g + one additional 500 g
    1001: [50, 80, 120, 160, 190],  # 500 g + two additional 500 g
}
# Speed Post Document from 1 Oct 2025: Local, 200, 201-500, 501-1000, 1001-2000, above.
ROUTES_2025 = [LOCAL, away(150), away(350), away(700), away(1500), away(2500)]
DOCUMENT_2025 = {
    50: [19, 47, 47, 47, 47, 47],
    250: [24, 59, 63, 68, 72, 77],
    500: [28, 70, 75, 82, 86, 93],
}
# Speed Post Parcel from 1 Oct 2025 (unconfirmed reading: 2012 rates carried on).
PARCEL_2025 = {
    50: [15, 35, 35, 35, 35, 35],
    200: [25, 35, 40, 40, 60, 70],
    500: [30, 50, 60, 60, 80, 90],
    1000: [40, 65, 90, 90, 120, 140],
}


@pytest.mark.parametrize("service", ["speedpost-document", "speedpost-parcel"])
@pytest.mark.parametrize("grams", sorted(TABLE_2012))
@pytest.mark.parametrize("band", range(5))
def test_every_cell_of_the_2012_table(service: str, grams: int, band: int) -> None:
    q = price(service, OLD_DAY, grams, ROUTES_2012[band])
    assert q.table_id == "speedpost-2012-10"
    assert q.base_paise == TABLE_2012[grams][band] * 100
    assert q.confirmed


@pytest.mark.parametrize("grams", sorted(DOCUMENT_2025))
@pytest.mark.parametrize("band", range(6))
def test_every_cell_of_the_2025_document_table(grams: int, band: int) -> None:
    q = price("speedpost-document", NEW_DAY, grams, ROUTES_2025[band])
    assert q.table_id == "speedpost-document-2025-10"
    assert q.base_paise == DOCUMENT_2025[grams][band] * 100
    assert q.confirmed


@pytest.mark.parametrize("grams", sorted(PARCEL_2025))
@pytest.mark.parametrize("band", range(6))
def test_every_cell_of_the_2025_parcel_table_says_unconfirmed(grams: int, band: int) -> None:
    q = price("speedpost-parcel", NEW_DAY, grams, ROUTES_2025[band])
    assert q.base_paise == PARCEL_2025[grams][band] * 100
    assert not q.confirmed
    assert any("unconfirmed" in note for note in q.notes)


@pytest.mark.parametrize(
    ("service", "on", "route", "total_paise"),
    [
        ("speedpost-document", NEW_DAY, LOCAL, 2242),  # Rs 19 + 18% = 22.42
        ("speedpost-document", NEW_DAY, away(800), 5546),  # Rs 47 + 18% = 55.46
        ("speedpost-document", OLD_DAY, away(800), 4130),  # Rs 35 + 18% = 41.30
    ],
)
def test_published_totals(service: str, on: date, route: Route, total_paise: int) -> None:
    q = price(service, on, 40, route)
    assert q.total_paise == total_paise
    assert q.gst.cgst_paise == q.gst.sgst_paise


@pytest.mark.parametrize(("grams", "rupees"), [(50, 47), (51, 59), (250, 59), (251, 70), (500, 70)])
def test_document_slab_boundaries(grams: int, rupees: int) -> None:
    assert price("speedpost-document", NEW_DAY, grams, away(150)).base_paise == rupees * 100


@pytest.mark.parametrize(("grams", "rupees"), [(200, 35), (201, 50), (500, 50), (501, 65)])
def test_2012_slab_boundaries(grams: int, rupees: int) -> None:
    assert price("speedpost-parcel", OLD_DAY, grams, away(150)).base_paise == rupees * 100


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (200.0, "upto-200"),
        (200.001, "201-500"),
        (500.0, "201-500"),
        (1000.0, "501-1000"),
        (2000.0, "1001-2000"),
        (2000.5, "above-2000"),
        (0.0, "upto-200"),
    ],
)
def test_distance_limits_are_up_to_and_including(km: float, band: str) -> None:
    assert price("speedpost-document", NEW_DAY, 40, away(km)).band.id == band


def test_tables_change_on_1_october_2025() -> None:
    before = price("speedpost-document", date(2025, 9, 30), 40, LOCAL)
    after = price("speedpost-document", date(2025, 10, 1), 40, LOCAL)
    assert (before.table_id, before.base_paise) == ("speedpost-2012-10", 1500)
    assert (after.table_id, after.base_paise) == ("speedpost-document-2025-10", 1900)


@pytest.mark.parametrize(
    ("service", "on", "grams", "field", "reason"),
    [
        ("speedpost-document", NEW_DAY, 501, "weight", "send as Speed Post parcel"),
        ("speedpost-document", date(2010, 1, 1), 40, "date", "no tariff table"),
        ("speedpost-parcel", NEW_DAY, -5, "weight", "at least 1 g"),
        ("speedpost-parcel", NEW_DAY, 0, "weight", "at least 1 g"),
        ("speedpost-parcel", NEW_DAY, 35001, "weight", "over the 35000 g limit"),
        ("inland-letter", NEW_DAY, 40, "service", "unknown service"),
    ],
)
def test_refusals_name_the_field_and_reason(
    service: str, on: date, grams: int, field: str, reason: str
) -> None:
    with pytest.raises(QuoteRefused) as refused:
        price(service, on, grams, away(300))
    assert refused.value.field == field
    assert reason in refused.value.reason


def test_add_ons_of_october_2025() -> None:
    q = price("speedpost-document", NEW_DAY, 40, away(800), registered=True, otp=True)
    assert [(ln.code, ln.paise) for ln in q.lines] == [
        ("base", 4700),
        ("registration", 500),
        ("otp", 500),
    ]
    assert q.total_paise == 5700 + 1026  # GST on 57.00 is 10.26


def test_pod_after_october_2025_is_unconfirmed() -> None:
    q = price("speedpost-document", NEW_DAY, 40, away(800), pod=True)
    assert q.addons_paise == 1000
    assert not q.confirmed


def test_registration_is_refused_where_the_table_has_none() -> None:
    with pytest.raises(QuoteRefused, match="registration is not offered"):
        price("speedpost-document", OLD_DAY, 40, away(800), registered=True)


@pytest.mark.parametrize(
    ("value_paise", "fee_paise"),
    [(20000, 400), (20100, 402), (150000, 2350), (10000000, 400 + 149700)],
)
def test_parcel_insurance_is_four_then_one_and_a_half_percent(
    value_paise: int, fee_paise: int
) -> None:
    q = price("speedpost-parcel", NEW_DAY, 800, away(800), insure_paise=value_paise)
    assert [ln.paise for ln in q.lines if ln.code == "insurance"] == [fee_paise]


@pytest.mark.parametrize(
    ("value_paise", "fee_paise"), [(20000, 1000), (20001, 1600), (30000, 1600), (30001, 2200)]
)
def test_document_insurance_is_ten_then_six_per_hundred_or_part(
    value_paise: int, fee_paise: int
) -> None:
    q = price("speedpost-document", NEW_DAY, 100, away(800), insure_paise=value_paise)
    assert [ln.paise for ln in q.lines if ln.code == "insurance"] == [fee_paise]


def test_insurance_limits() -> None:
    with pytest.raises(QuoteRefused, match="above the limit of Rs 100000"):
        price("speedpost-parcel", NEW_DAY, 800, away(800), insure_paise=10000001)
    with pytest.raises(QuoteRefused, match="branch office"):
        price(
            "speedpost-parcel", NEW_DAY, 800, away(800), insure_paise=60100, at_branch_office=True
        )


def test_volumetric_weight_uses_the_divisor_of_the_date() -> None:
    november = price("speedpost-parcel", date(2025, 11, 1), 1200, away(800), dims_cm=(40, 30, 20))
    assert (november.volumetric_grams, november.chargeable_grams) == (4000, 4000)  # /6000
    later = price("speedpost-parcel", NEW_DAY, 1200, away(800), dims_cm=(40, 30, 20))
    assert (later.volumetric_grams, later.chargeable_grams) == (5000, 5000)  # /5000, unconfirmed
    small = price("speedpost-parcel", NEW_DAY, 1200, away(800), dims_cm=(10, 10, 10))
    assert small.chargeable_grams == 1200  # actual weight is the greater


def test_a_configured_table_replaces_the_packaged_ones() -> None:
    text = """
id = "test"
title = "Test"
services = ["speedpost-document"]
effective_from = 2026-01-01
confirmed = true
source = "test"
gst_rate_bp = 0
max_grams = 100
[[bands]]
id = "all"
label = "anywhere"
[[slabs]]
up_to_grams = 100
rupees = ["12.50"]
"""
    book = TariffBook.from_texts([("test.toml", text)])
    q = quote(book, QuoteRequest("speedpost-document", NEW_DAY, 40), away(900))
    assert (q.total_paise, q.table_id) == (1250, "test")


weights = st.integers(min_value=1, max_value=35000)
services_and_days = st.sampled_from(
    [("speedpost-document", OLD_DAY), ("speedpost-parcel", OLD_DAY), ("speedpost-parcel", NEW_DAY)]
)


@given(services_and_days, weights, weights, st.floats(min_value=0, max_value=3500))
def test_heavier_never_costs_less(service_day: tuple[str, date], a: int, b: int, km: float) -> None:
    service, day = service_day
    light, heavy = sorted((a, b))
    route = away(km)
    lighter = price(service, day, light, route).total_paise
    assert lighter <= price(service, day, heavy, route).total_paise


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_heavier_document_never_costs_less(a: int, b: int) -> None:
    light, heavy = sorted((a, b))
    for route in ROUTES_2025:
        assert (
            price("speedpost-document", NEW_DAY, light, route).total_paise
            <= price("speedpost-document", NEW_DAY, heavy, route).total_paise
        )


@pytest.mark.parametrize(
    ("bands", "reason"),
    [
        (
            '[[bands]]\nid = "a"\nlabel = "a"\nmax_km = 500\n[[bands]]\nid = "b"\nlabel = "b"\n'
            "max_km = 200\n",
            "bands must rise in distance",
        ),
        (
            '[[bands]]\nid = "a"\nlabel = "a"\n[[bands]]\nid = "b"\nlabel = "b"\nmax_km = 900\n',
            "a band follows the open-ended one",
        ),
    ],
)
def test_a_table_with_bands_out_of_order_is_refused_naming_the_key(bands: str, reason: str) -> None:
    from postterm.core.tariff_table import TariffDataError, parse_table

    text = (
        'id = "t"\ntitle = "t"\nservices = ["speedpost-document"]\n'
        'effective_from = 2026-01-01\nconfirmed = true\nsource = "s"\ngst_rate_bp = 0\n'
        "max_grams = 100\n" + bands + "[[slabs]]\nup_to_grams = 100\nrupees = [1, 2]\n"
    )
    with pytest.raises(TariffDataError, match=rf"^bad.toml: bands\[1\].max_km: {reason}"):
        parse_table(text, "bad.toml")
