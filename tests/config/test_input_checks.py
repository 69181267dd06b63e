"""The pure checks behind --central and --prefix/--suffix: any text gets an answer, never
an exception other than the one that names the problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.config.central_url import central_url_problem
from postterm.config.escapes import EscapeError, escaped


@given(st.text())
def test_any_text_is_a_central_url_or_has_a_reason(text: str) -> None:
    problem = central_url_problem(text)
    assert problem is None or problem.endswith("give http://HOST:PORT or https://HOST")


@given(
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,20}){0,3}", fullmatch=True),
    st.one_of(st.none(), st.integers(1, 65535)),
)
def test_every_http_url_with_a_host_is_accepted(scheme: str, host: str, port: int | None) -> None:
    url = f"{scheme}://{host}" + (f":{port}" if port is not None else "") + "/"
    assert central_url_problem(url) is None


@given(st.text())
def test_any_text_is_bytes_or_an_escape_error(text: str) -> None:
    try:
        assert isinstance(escaped(text), bytes)
    except EscapeError as exc:
        assert "write bytes as" in str(exc)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("", b""),
        ("\\r", b"\r"),
        ("\\x02", b"\x02"),
        ("\x02", b"\x02"),
        ("]C1", b"]C1"),
    ],
)
def test_escapes_make_the_bytes_a_scanner_sends(text: str, raw: bytes) -> None:
    assert escaped(text) == raw
