"""Bounded field types for request bodies: every string is limited in length and refuses NUL
characters and lone surrogates (which no database column can hold); every integer has a range
a database column can hold. So odd input is a 422 with the field named, never a 500."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

MAX_BIGINT = 2**63 - 1


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (no lone surrogates)") from None
    return value


STORABLE = AfterValidator(_storable)
Seq = Annotated[int, Field(ge=1, le=MAX_BIGINT)]
Paise = Annotated[int, Field(ge=1, le=10**12, description="integer paise, at most ₹1,000 crore")]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"  # office, terminal and user ids
ARTICLE_ID_PATTERN = r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$"
ArticleIdText = Annotated[str, StringConstraints(pattern=ARTICLE_ID_PATTERN)]
