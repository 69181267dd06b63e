from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core import s10


@pytest.mark.parametrize(("serial", "digit"), [("47312482", 9), ("00071761", 8), ("28704377", 5)])
def test_public_check_digit_vectors(serial: str, digit: int) -> None:
    assert s10.check_digit(serial) == digit


def test_make_gives_the_published_id() -> None:
    assert s10.make("RR", "28704377") == "RR287043775IN"
    assert s10.make("ee", "12345678") == "EE123456785IN"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("EE123456789IN", "check digit should be 5, not 9"),
        ("EE12345678IN", "must be 13 characters"),
        ("E1123456785IN", "service indicator must be 2 letters"),
        ("EE12345X785IN", "8-digit serial"),
        ("EE123456785US", "country must be IN"),
        ("JA123456785IN", "reserved"),
    ],
)
def test_each_fault_has_its_own_reason(text: str, reason: str) -> None:
    found = s10.reason_invalid(text)
    assert found is not None and reason in found


def test_scanned_text_is_normalised() -> None:
    assert str(s10.parse(" ee 123456785 in\r\n")) == "EE123456785IN"


def test_service_indicators_follow_the_service_config() -> None:
    assert s10.reason_invalid("CP123456785IN", ["E*", "CP"]) is None
    reason = s10.reason_invalid("CP123456785IN", ["E*"], "speedpost-document")
    assert reason == "service indicator CP is not accepted for speedpost-document (accepted: E*)"


indicators = st.text(alphabet="ABCDEFGHILMNOPQRUVXYZ", min_size=2, max_size=2)
serials = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(indicators, serials)
def test_make_and_check_round_trip(indicator: str, serial: str) -> None:
    article_id = s10.make(indicator, serial)
    assert s10.reason_invalid(article_id) is None
    parsed = s10.parse(article_id)
    assert (parsed.indicator, parsed.serial) == (indicator, serial)


@given(serials, st.integers(min_value=0, max_value=9))
def test_any_other_check_digit_is_refused(serial: str, digit: int) -> None:
    right = s10.check_digit(serial)
    reason = s10.reason_invalid(f"EE{serial}{digit}IN")
    assert (reason is None) == (digit == right)


@given(st.text(max_size=30))
def test_any_text_gives_a_reason_or_an_id(text: str) -> None:
    reason = s10.reason_invalid(text)
    assert reason is None or reason
