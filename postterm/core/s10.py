"""UPU S10 article ids: `EE123456785IN` = indicator, 8-digit serial, check digit, country.

Check digit over the serial: weights 8,6,4,2,3,5,9,7; C = 11 - (sum mod 11); 10 -> 0,
11 -> 5. Every refusal says exactly what is wrong ("check digit should be 5").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from postterm.core.words import Words

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
COUNTRY = "IN"
LENGTH = 13


class S10Error(ValueError):
    """An article id that is not acceptable; the message is the specific reason."""


@dataclass(frozen=True)
class S10Id:
    indicator: str
    serial: str
    check_digit: int
    country: str

    def __str__(self) -> str:
        return f"{self.indicator}{self.serial}{self.check_digit}{self.country}"


def check_digit(serial: str) -> int:
    """The S10 check digit of an 8-digit serial."""
    if len(serial) != 8 or not serial.isascii() or not serial.isdigit():
        raise S10Error(Words("serial must be 8 digits, got {serial!r}", serial=serial))
    total = sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True))
    digit = 11 - total % 11
    return {10: 0, 11: 5}.get(digit, digit)


def make(indicator: str, serial: str, country: str = COUNTRY) -> str:
    """A full article id from its indicator and serial: `make("EE", "12345678")`."""
    indicator = indicator.strip().upper()
    _check_indicator(indicator)
    return f"{indicator}{serial}{check_digit(serial)}{country}"


def _check_indicator(indicator: str) -> None:
    if len(indicator) != 2 or not (indicator.isascii() and indicator.isalpha()):
        raise S10Error(
            Words("service indicator must be 2 letters, got {indicator!r}", indicator=indicator)
        )


def indicator_accepted(indicator: str, patterns: Iterable[str]) -> bool:
    """Does `indicator` match one of `patterns` (`"EE"` exactly, or `"E*"` any E-)?"""
    for pattern in patterns:
        pattern = pattern.upper()
        if pattern.endswith("*") and indicator.startswith(pattern[:-1]):
            return True
        if pattern == indicator:
            return True
    return False


def parse(text: str, accepted: Iterable[str] | None = None, service: str = "") -> S10Id:
    """Read an article id as scanned or typed; spaces are ignored, case is folded.

    `accepted` lists the service indicators a service takes (`"E*"` patterns allowed);
    None accepts any indicator the S10 standard does not reserve.
    """
    code = "".join(text.split()).upper()
    if len(code) != LENGTH:
        raise S10Error(
            Words(
                "article id must be 13 characters (2 letters, 8 digits, check digit, IN), "
                "got {length}",
                length=len(code),
            )
        )
    indicator, serial, digit, country = code[:2], code[2:10], code[10], code[11:]
    _check_indicator(indicator)
    if not (serial.isascii() and serial.isdigit()):
        raise S10Error(
            Words("characters 3-10 must be the 8-digit serial, got {serial!r}", serial=serial)
        )
    if not (digit.isascii() and digit.isdigit()):
        raise S10Error(Words("character 11 must be the check digit, got {digit!r}", digit=digit))
    if country != COUNTRY:
        raise S10Error(
            Words("country must be {expected}, got {country!r}", expected=COUNTRY, country=country)
        )
    expected = check_digit(serial)
    if int(digit) != expected:
        raise S10Error(
            Words("check digit should be {expected}, not {digit}", expected=expected, digit=digit)
        )
    if accepted is None:
        if indicator[0] in "JKSTW":
            raise S10Error(
                Words(
                    "service indicator {indicator} is reserved by the S10 standard",
                    indicator=indicator,
                )
            )
    else:
        patterns = tuple(accepted)
        if not indicator_accepted(indicator, patterns):
            accepted_list = ", ".join(patterns)
            raise S10Error(
                Words(
                    "service indicator {indicator} is not accepted for {service} "
                    "(accepted: {accepted})",
                    indicator=indicator,
                    service=service,
                    accepted=accepted_list,
                )
                if service
                else Words(
                    "service indicator {indicator} is not accepted (accepted: {accepted})",
                    indicator=indicator,
                    accepted=accepted_list,
                )
            )
    return S10Id(indicator, serial, expected, country)


def reason_invalid(
    text: str, accepted: Iterable[str] | None = None, service: str = ""
) -> str | None:
    """None when `text` is an acceptable article id, else the reason."""
    try:
        parse(text, accepted, service)
    except S10Error as exc:
        return str(exc)
    return None
