from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.journal import (
    GENESIS_HASH,
    JournalEntry,
    JournalFormatError,
    canonical_bytes,
    chain_hash,
    parse_entry,
    verify_chain,
)

IST = timezone(timedelta(hours=5, minutes=30))


def entry(seq: int, payload: dict[str, object] | None = None) -> JournalEntry:
    return JournalEntry(
        terminal="T1",
        seq=seq,
        kind="booking",
        created_at=datetime(2026, 1, 15, 10, 30, tzinfo=IST),
        business_date=date(2026, 1, 15),
        clerk="C1",
        payload=payload or {"total_paise": 2242, "name": "राम"},
    )


def chain(n: int) -> list[tuple[int, bytes, str]]:
    records, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        raw = entry(seq).to_bytes()
        prev = chain_hash(prev, raw)
        records.append((seq, raw, prev))
    return records


def test_canonical_bytes_are_sorted_compact_utf8() -> None:
    raw = entry(1).to_bytes()
    assert raw.startswith(b'{"business_date":"2026-01-15","clerk":"C1","created_at":')
    assert b" " not in raw.replace("राम".encode(), b"")
    assert "राम".encode() in raw  # not \\u escapes
    assert b'"created_at":"2026-01-15T10:30:00+05:30"' in raw


def test_hash_is_sha256_of_prev_hex_then_bytes() -> None:
    import hashlib

    raw = entry(1).to_bytes()
    assert chain_hash(GENESIS_HASH, raw) == hashlib.sha256(b"0" * 64 + raw).hexdigest()


def test_floats_and_naive_times_are_refused() -> None:
    with pytest.raises(JournalFormatError, match="floats"):
        canonical_bytes({"total": 22.42})
    with pytest.raises(JournalFormatError, match="timezone"):
        JournalEntry("T1", 1, "booking", datetime(2026, 1, 1), date(2026, 1, 1), "C1")


def test_a_good_chain_verifies() -> None:
    assert verify_chain(chain(5)) is None


def test_an_edited_entry_is_found_at_its_seq() -> None:
    records = chain(5)
    seq, raw, digest = records[2]
    records[2] = (seq, raw.replace(b"2242", b"2243"), digest)
    broken = verify_chain(records)
    assert broken is not None and broken.seq == 3 and "hash" in broken.reason


def test_a_gap_is_found() -> None:
    records = chain(5)
    del records[3]
    broken = verify_chain(records)
    assert broken is not None and broken.seq == 4 and "missing" in broken.reason


def test_re_serialised_bytes_are_refused() -> None:
    raw = entry(1).to_bytes()
    with pytest.raises(JournalFormatError, match="canonical"):
        parse_entry(raw.replace(b",", b", ", 1))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_any_payload_round_trips_byte_for_byte(payload: dict[str, object]) -> None:
    original = entry(7, payload)
    assert parse_entry(original.to_bytes()) == original


def test_utc_times_keep_their_offset() -> None:
    e = JournalEntry("T1", 1, "day-begin", datetime(2026, 1, 1, tzinfo=UTC), date(2026, 1, 1), "C")
    assert b'"created_at":"2026-01-01T00:00:00+00:00"' in e.to_bytes()
