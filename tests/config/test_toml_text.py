"""The settings writer: whatever it writes, tomllib reads back to the same values."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.config.toml_text import TomlWriteError, dumps, quote

keys = st.text(min_size=1, max_size=12)
scalars = (
    st.text(max_size=30)
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
)
arrays = st.lists(st.text(max_size=10), max_size=4) | st.lists(st.integers(), max_size=4)
values = scalars | arrays


def tables(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    if depth == 0:
        return st.dictionaries(keys, values, max_size=5)
    inner = tables(depth - 1)
    return st.dictionaries(
        keys, values | inner | st.lists(inner, min_size=1, max_size=3), max_size=5
    )


@given(tables(2))
def test_what_is_written_reads_back_the_same(document: dict[str, Any]) -> None:
    assert tomllib.loads(dumps(document)) == document


@given(st.text())
def test_any_text_is_one_basic_string(text: str) -> None:
    assert tomllib.loads(f"k = {quote(text)}")["k"] == text


def test_devanagari_quotes_backslashes_and_controls_survive() -> None:
    document = {"receipt": {"footer": 'डाकघर "शिवपुर"\\\t\x00\x7f\r\n'}}
    text = dumps(document)
    assert tomllib.loads(text) == document
    assert "डाकघर" in text  # kept readable, not escaped


def test_infinity_is_written_as_toml_infinity() -> None:
    assert math.isinf(tomllib.loads(dumps({"x": float("-inf")}))["x"])


def test_a_value_toml_cannot_hold_is_refused() -> None:
    with pytest.raises(TomlWriteError, match="NoneType"):
        dumps({"x": None})
